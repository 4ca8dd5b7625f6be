from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from questions.services.accounts import demo_accounts_ensure


class Command(BaseCommand):
    help = "Create the demo teacher and student (never under production settings)."

    def handle(self, *args, **options):
        if not getattr(settings, "QUIZSITE_DEMO_ACCOUNTS", False):
            raise CommandError("이 설정에서는 데모 계정을 만들 수 없습니다 (production).")
        # Passwords are only known when they are generated; keep them in a local,
        # git-ignored file so `make run` can show the logins again later.
        saved_file = settings.QUIZSITE_DEMO_ACCOUNTS_FILE
        saved = {}
        if saved_file.exists():
            for line in saved_file.read_text(encoding="utf-8").splitlines():
                username, _, password = line.partition(" ")
                saved[username] = password
        for account in demo_accounts_ensure():
            if account.password:
                saved[account.username] = account.password
            password = saved.get(account.username, "(password set earlier, not saved here)")
            self.stdout.write(f"  {account.role:8} {account.username} / {password}")
        saved_file.write_text(
            "".join(f"{user} {password}\n" for user, password in saved.items()), encoding="utf-8"
        )
        saved_file.chmod(0o600)
