from .services.accounts import TEACHERS_GROUP


def is_teacher(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False  # teachers are staff: a student's page asks the database nothing here
    # Cached on the user object: the nav bar and the view both ask.
    if not hasattr(user, "_is_teacher"):
        user._is_teacher = user.groups.filter(name=TEACHERS_GROUP).exists()
    return user._is_teacher
