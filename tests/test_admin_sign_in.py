"""Signing in to the admin: guessing passwords is cut short, and sessions end."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def archivist():
    return User.objects.create_user("aigerim", password="the-right-password", is_staff=True)


def sign_in(client, password, username="aigerim", address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_after_five_failures_even_the_right_password_waits(archivist):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = sign_in(client, "guess")
        assert "Please enter the correct username and password" in response.content.decode()
    response = sign_in(client, "the-right-password")
    assert response.status_code == 200
    assert "Too many failed sign-ins. Wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not locked by someone guessing this one's password.
    User.objects.create_user("dana", password="dana-password", is_staff=True)
    assert sign_in(Client(), "dana-password", username="dana").status_code == 302


def test_one_address_trying_many_accounts_is_stopped(archivist):
    client = Client()
    for number in range(settings.LOGIN_FAILURE_LIMIT * 4):
        sign_in(client, "guess", username=f"someone{number}")
    response = sign_in(client, "the-right-password", address="203.0.113.7")
    assert "Too many failed sign-ins" in response.content.decode()
    assert sign_in(Client(), "the-right-password", address="198.51.100.1").status_code == 302


def test_a_success_clears_the_count(archivist):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "guess")
    assert sign_in(client, "the-right-password").status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "guess")
    assert sign_in(client, "the-right-password").status_code == 302


def test_a_staff_session_ends_after_a_working_day(archivist):
    client = Client()
    sign_in(client, "the-right-password")
    assert client.session.get_expiry_age() == 8 * 3600
    assert not client.session.get_expire_at_browser_close()
