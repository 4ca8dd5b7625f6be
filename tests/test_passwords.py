"""Passwords are stored with Argon2id at OWASP's minimum, cheap enough for a class
logging in at once, and older hashes are upgraded at the next login."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from quizsite.settings import base

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_hashers(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def test_new_passwords_are_argon2id_with_19_mib_2_passes_1_lane(site_hashers):
    stored = make_password("exam-Day-42!")
    assert stored.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_pbkdf2_password_still_logs_in_and_is_upgraded(client, site_hashers):
    old = make_password("exam-Day-42!", hasher="pbkdf2_sha256")
    user = get_user_model().objects.create(username="minsu", password=old)
    reply = client.post(
        reverse("login"), {"username": "minsu", "password": "exam-Day-42!"}, follow=True
    )
    assert reply.context["user"].is_authenticated
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
