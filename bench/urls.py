from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path


@login_required
def bare(request):
    """As little as a signed-in page can do: read the session and the user and
    render a tiny template, in the same process setup as the site's pages."""
    request.session.get("bench")
    return render(request, "bench/bare.html", {"username": request.user.username})


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("quizsite.urls")),
]
