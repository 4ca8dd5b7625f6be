"""At most one open attempt per student and quiz (and one review round), and
attempt numbers unique per student and quiz: the database decides races."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0005_exam_day_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="questionversion",
            name="grading_data",
            field=models.JSONField(),
        ),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "quiz")),
                fields=("student", "quiz", "number"),
                name="attempt_unique_number",
            ),
        ),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "quiz"), ("state", "in_progress")),
                fields=("student", "quiz"),
                name="attempt_one_open_per_quiz",
            ),
        ),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "review"), ("state", "in_progress")),
                fields=("student",),
                name="attempt_one_open_review",
            ),
        ),
    ]
