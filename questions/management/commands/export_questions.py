from pathlib import Path

from django.core.management.base import BaseCommand

from questions.formats import FORMAT_MODULES, format_module
from questions.selectors.bank import questions_for_export


class Command(BaseCommand):
    help = "Export every question to a file (or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMAT_MODULES), default="json")
        parser.add_argument("-o", "--output", type=Path, help="default: standard output")

    def handle(self, *args, format, output, **options):
        text = format_module(format).dumps(questions_for_export())
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"{output}: {text.count(chr(10))} lines")
        else:
            self.stdout.write(text, ending="")
