from datetime import datetime

from django.db import IntegrityError, transaction

from ..models import Assignment, Classroom, Quiz
from ..models.classroom import new_join_code


class JoinRefused(Exception):
    """The code matches no classroom (the message is for the student, in Korean)."""


@transaction.atomic
def classroom_create(*, name: str, teacher) -> Classroom:
    classroom = Classroom.objects.create(name=name.strip())
    classroom.teachers.add(teacher)
    return classroom


@transaction.atomic
def classroom_join(*, student, code: str) -> Classroom:
    normalised = code.strip().upper().replace(" ", "").replace("-", "")
    classroom = Classroom.objects.filter(join_code=normalised).first()
    if classroom is None:
        raise JoinRefused("참여 코드가 맞지 않습니다. 선생님께 받은 코드를 다시 확인하세요.")
    classroom.students.add(student)
    return classroom


@transaction.atomic
def join_code_regenerate(*, classroom: Classroom) -> Classroom:
    """A new code; the old one stops working at once. Students already in stay."""
    for _ in range(5):
        classroom.join_code = new_join_code()
        try:
            with transaction.atomic():
                classroom.save(update_fields=["join_code"])
            return classroom
        except IntegrityError:  # a clash among 31^8 codes: draw again
            continue
    raise RuntimeError("could not draw a free join code")


@transaction.atomic
def quiz_assign(*, classroom: Classroom, quiz: Quiz, due_at: datetime | None = None) -> Assignment:
    assignment, _ = Assignment.objects.update_or_create(
        classroom=classroom, quiz=quiz, defaults={"due_at": due_at}
    )
    return assignment
