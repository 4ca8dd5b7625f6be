from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.services.quizzes import quiz_specs_from_json, quizzes_load


class Command(BaseCommand):
    help = "Create or update the quizzes described in a JSON file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            outcomes = quizzes_load(specs=quiz_specs_from_json(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{path}: {error}") from error
        for slug, outcome in outcomes.items():
            self.stdout.write(f"{slug}: {outcome}")
