"""Reads for teachers: their classrooms and the class overview."""

from statistics import fmean

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import Classroom, Quiz
from .grades import graded_attempts, quiz_grades


def teacher_classrooms(*, user) -> QuerySet[Classroom]:
    """The classrooms a teacher may see: their own; a superuser sees every one."""
    classrooms = Classroom.objects.all() if user.is_superuser else user.teaching.all()
    return classrooms.annotate(student_count=Count("students", distinct=True)).order_by("name")


def classroom_for_teacher(*, user, pk: int) -> Classroom:
    """Another teacher's classroom answers 404, like anything else that is not theirs."""
    return get_object_or_404(teacher_classrooms(user=user), pk=pk)


def classroom_quizzes(*, classroom: Classroom) -> QuerySet[Quiz]:
    """The quizzes assigned to the classroom: the only ones its reports cover."""
    return Quiz.objects.filter(assignments__classroom=classroom)


def class_student(*, classroom: Classroom, student_id: int):
    return get_object_or_404(classroom.students.all(), pk=student_id)


def class_overview(*, classroom: Classroom, now=None) -> dict:
    """Students × assigned quizzes: each cell the quiz grade by the quiz's method,
    late (first submitted after the due date) or missing (nothing by the due date);
    per quiz its completion and class mean. Three queries."""
    now = now or timezone.now()
    students = list(classroom.students.order_by("username"))
    assignments = list(classroom.assignments.select_related("quiz").order_by("due_at", "id"))
    rows = quiz_grades(
        attempts=graded_attempts().filter(
            student__in=students, quiz__in=[a.quiz_id for a in assignments]
        )
    )
    by_cell = {(row["student"], row["quiz"]): row for row in rows}
    grid = []
    for student in students:
        cells = []
        for assignment in assignments:
            row = by_cell.get((student.pk, assignment.quiz_id))
            due = assignment.due_at
            cells.append(
                {
                    "grade": row["grade"] if row else None,
                    "attempts": row["attempts"] if row else 0,
                    "late": bool(row and due and row["first_submitted"] > due),
                    "missing": row is None and due is not None and due < now,
                }
            )
        grid.append({"student": student, "cells": cells})
    columns = []
    for index, assignment in enumerate(assignments):
        grades = [
            r["cells"][index]["grade"] for r in grid if r["cells"][index]["grade"] is not None
        ]
        columns.append(
            {
                "assignment": assignment,
                "done": len(grades),
                "completion": len(grades) * 100 / len(students) if students else 0,
                "mean": fmean(grades) if grades else None,
            }
        )
    return {"students": students, "columns": columns, "grid": grid}
