from django.core.management.base import BaseCommand

from questions.services.attempts import attempts_close_expired


class Command(BaseCommand):
    help = "Grade every open attempt whose deadline has passed, with what it saved (for cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"closed {attempts_close_expired()} expired attempt(s)")
