"""SQL expressions shared by selectors, written to work on SQLite and PostgreSQL."""

from django.db.models import ExpressionWrapper, F, FloatField, IntegerField, Sum
from django.db.models.functions import Cast


def percentage(prefix: str = "") -> ExpressionWrapper:
    """An attempt's score as a percentage; `prefix` reaches it through a relation.
    In floating point: SQLite keeps whole-number decimals as integers and would
    divide them as integers (2 of 3 points as 66%, not 66.67%)."""
    return ExpressionWrapper(
        as_float(F(f"{prefix}score")) * 100 / as_float(F(f"{prefix}max_score")),
        output_field=FloatField(),
    )


def correct_count(field: str = "correct") -> Sum:
    # PostgreSQL cannot sum or average booleans; cast first (see PITFALLS.md).
    return Sum(Cast(field, IntegerField()))


def as_float(expression) -> Cast:
    return Cast(expression, FloatField())


PERCENTAGE = percentage()
