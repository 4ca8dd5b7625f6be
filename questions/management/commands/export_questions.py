from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.formats import FORMAT_MODULES, format_module
from questions.formats.bank import FormatError
from questions.selectors.bank import questions_for_export


class Command(BaseCommand):
    help = "Export every question to a file (or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMAT_MODULES), default="json")
        parser.add_argument("-o", "--output", type=Path, help="default: standard output")

    def handle(self, *args, format, output, **options):
        try:
            text = format_module(format).dumps(questions_for_export())
        except FormatError as error:  # a question this format cannot express
            raise CommandError(f"{format} 형식으로 내보낼 수 없습니다: {error}") from error
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"{output}: {text.count(chr(10))} lines")
        else:
            self.stdout.write(text, ending="")
