from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.services.documents import document_ingest


class Command(BaseCommand):
    help = "Load a plain-text document and split it into passages (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--slug", help="default: the file name before its first dot")
        parser.add_argument("--title", default="2025 APEC AI 이니셔티브")

    def handle(self, *args, path: Path, slug: str | None, title: str, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"문서를 읽을 수 없습니다: {error}") from error
        result = document_ingest(text=text, slug=slug or path.name.split(".")[0], title=title)
        state = "updated" if result.changed else "unchanged"
        self.stdout.write(f"{result.document.slug}: {result.passages} passages ({state})")
