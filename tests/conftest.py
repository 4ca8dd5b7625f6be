import pytest
from django.conf import settings

from tests.factories import QuizFactory, TeacherFactory, UserFactory


@pytest.fixture(autouse=True)
def _demo_accounts_file(tmp_path, settings):
    # Keep the suite from touching the developer's saved demo passwords.
    settings.QUIZSITE_DEMO_ACCOUNTS_FILE = tmp_path / "demo-accounts"


@pytest.fixture
def student(db):
    return UserFactory()


@pytest.fixture
def teacher(db):
    return TeacherFactory()


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client


@pytest.fixture
def quiz(db):
    return QuizFactory(with_questions=3)


@pytest.fixture
def source_text():
    return settings.QUIZSITE_DOCUMENT_PATH.read_text(encoding="utf-8")
