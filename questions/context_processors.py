from .permissions import is_teacher


def roles(request):
    return {"is_teacher": is_teacher(request.user)}
