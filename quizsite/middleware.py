"""Site-wide response rules."""

from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    """Pages for a signed-in user are never stored by the browser or a proxy: on a
    classroom's shared PC, Back after 로그아웃 must not show the last student's
    results (the browser asks the server again, which sends it to the login page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
