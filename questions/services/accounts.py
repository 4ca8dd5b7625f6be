import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

TEACHERS_GROUP = "Teachers"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str | None  # None: the account existed already; its password is unchanged


@transaction.atomic
def student_create(*, username: str, password: str):
    return get_user_model().objects.create_user(username=username, password=password)


@transaction.atomic
def teacher_create(*, username: str, password: str):
    """A staff account in the Teachers group: it may author questions and quizzes
    in the admin and read the teacher report, and nothing else."""
    user = get_user_model().objects.create_user(username=username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=TEACHERS_GROUP))
    return user


@transaction.atomic
def demo_accounts_ensure(
    *, teacher: str = "teacher", student: str = "student"
) -> list[DemoAccount]:
    """Create the demo teacher and student once, with fresh random passwords."""
    users = get_user_model().objects
    accounts = []
    for username, role, create in (
        (teacher, "teacher", teacher_create),
        (student, "student", student_create),
    ):
        if users.filter(username=username).exists():
            accounts.append(DemoAccount(username, role, None))
            continue
        password = secrets.token_urlsafe(9)
        create(username=username, password=password)
        accounts.append(DemoAccount(username, role, password))
    return accounts
