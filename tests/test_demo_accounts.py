import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_created_once_with_printed_passwords(capsys, settings):
    call_command("create_demo_accounts")
    first = capsys.readouterr().out
    teacher_line = next(line for line in first.splitlines() if "teacher" in line)
    password = teacher_line.split(" / ")[1].strip()
    teacher = authenticate(username="teacher", password=password)
    assert teacher is not None and teacher.is_staff
    assert teacher.groups.filter(name="Teachers").exists()
    student_line = next(line for line in first.splitlines() if "student" in line)
    student = get_user_model().objects.get(username="student")
    assert student.check_password(student_line.split(" / ")[1].strip())
    assert not student.is_staff

    call_command("create_demo_accounts")
    assert capsys.readouterr().out == first  # same logins shown, nothing duplicated or reset
    assert get_user_model().objects.count() == 2
    assert authenticate(username="teacher", password=password) is not None


def test_two_setups_make_different_passwords(settings, tmp_path, capsys):
    call_command("create_demo_accounts")
    first = capsys.readouterr().out
    get_user_model().objects.all().delete()
    settings.QUIZSITE_DEMO_ACCOUNTS_FILE = tmp_path / "other"
    call_command("create_demo_accounts")
    assert capsys.readouterr().out != first


def test_production_settings_refuse_demo_accounts(settings):
    settings.QUIZSITE_DEMO_ACCOUNTS = False
    with pytest.raises(CommandError, match="production"):
        call_command("create_demo_accounts")
    assert not get_user_model().objects.exists()


def test_prod_settings_do_not_enable_demo_accounts():
    from quizsite.settings import base

    assert base.QUIZSITE_DEMO_ACCOUNTS is False  # prod imports base and never turns it on
    source = (base.BASE_DIR / "quizsite" / "settings" / "prod.py").read_text()
    assert "QUIZSITE_DEMO_ACCOUNTS" not in source
