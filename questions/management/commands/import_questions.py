from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.formats import FORMAT_MODULES, format_module
from questions.formats.bank import FormatError
from questions.models import Document
from questions.services.bank import BankImportError, questions_import


class Command(BaseCommand):
    help = "Import questions from a file, all or nothing (creates or updates by key)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=sorted(FORMAT_MODULES), default="json")
        parser.add_argument("--document", help="document slug (default: the only document)")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")

    def handle(self, *args, path, format, document, dry_run, **options):
        documents = Document.objects.all()
        if document:
            documents = documents.filter(slug=document)
        if documents.count() != 1:
            raise CommandError("문서를 하나 지정하세요 (--document SLUG); 먼저 ingest_document.")
        try:
            questions = format_module(format).loads(path.read_text(encoding="utf-8-sig"))
            report = questions_import(
                questions=questions, document=documents.get(), dry_run=dry_run
            )
        except (OSError, UnicodeDecodeError, FormatError) as error:
            raise CommandError(f"{path}: {error}") from error
        except BankImportError as error:
            lines = [f"{path}: 아무것도 저장하지 않았습니다.", *error.errors]
            raise CommandError("\n".join(lines)) from error
        prefix = "would be " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {len(report.created)}, {prefix}updated {len(report.updated)}, "
            f"unchanged {len(report.unchanged)}"
        )
        for label, keys in (("created", report.created), ("updated", report.updated)):
            for key in keys:
                self.stdout.write(f"  {prefix}{label}: {key}")
