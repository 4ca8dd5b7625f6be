"""SQL expressions shared by selectors, written to work on SQLite and PostgreSQL."""

from django.db.models import DecimalField, ExpressionWrapper, F, FloatField, IntegerField, Sum
from django.db.models.functions import Cast


def percentage(prefix: str = "") -> ExpressionWrapper:
    """An attempt's score as a percentage; `prefix` reaches it through a relation."""
    return ExpressionWrapper(
        F(f"{prefix}score") * 100 / F(f"{prefix}max_score"),
        output_field=DecimalField(max_digits=7, decimal_places=2),
    )


PERCENTAGE = percentage()


def correct_count(field: str = "correct") -> Sum:
    # PostgreSQL cannot sum or average booleans; cast first (see PITFALLS.md).
    return Sum(Cast(field, IntegerField()))


def as_float(expression) -> Cast:
    return Cast(expression, FloatField())
