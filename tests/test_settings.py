"""Configuration comes from the environment; production refuses to start without secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def load_settings(module, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DEBUG"}
    }
    env.update(environment, DJANGO_SETTINGS_MODULE=module)
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG,"
        " settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(
        "memorial.settings.prod",
        DATABASE_URL="postgres://memorial@localhost/memorial",
        ALLOWED_HOSTS="memorial.example.kz",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_its_secrets_and_checks_database_connections():
    result = load_settings(
        "memorial.settings.prod",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://memorial@localhost/memorial",
        ALLOWED_HOSTS="memorial.example.kz",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "True"]


def test_development_defaults_need_no_server():
    result = load_settings("memorial.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"]


@pytest.mark.parametrize("value", ["x", "", "1", "true", "0"])
def test_a_debug_value_of_any_shape_never_breaks_start_up(value):
    assert load_settings("memorial.settings.dev", DEBUG=value).returncode == 0


def test_the_site_speaks_kazakh_russian_and_english():
    assert [code for code, _ in settings.LANGUAGES] == ["kk", "ru", "en"]
