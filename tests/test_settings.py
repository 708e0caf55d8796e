"""Configuration comes from the environment; production refuses to start without secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


PRODUCTION_SECRETS = {
    "SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgres://memorial@localhost/memorial",
    "ALLOWED_HOSTS": "memorial.example.kz",
}
BENCH_COMMANDS = sorted(
    path.stem for path in (ROOT / "memorial/bench/management/commands").glob("[!_]*.py")
)


def run_python(module, *arguments, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DEBUG"}
    }
    env.update(environment, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )


def load_settings(module, **environment):
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG,"
        " settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    return run_python(module, "-c", code, **environment)


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(
        "memorial.settings.prod",
        DATABASE_URL="postgres://memorial@localhost/memorial",
        ALLOWED_HOSTS="memorial.example.kz",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_its_secrets_and_checks_database_connections():
    result = load_settings("memorial.settings.prod", **PRODUCTION_SECRETS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "True"]


def test_production_has_no_benchmark_command():
    result = run_python("memorial.settings.prod", "manage.py", "benchmark", **PRODUCTION_SECRETS)
    assert result.returncode != 0
    assert "Unknown command: 'benchmark'" in result.stderr


@pytest.mark.parametrize(
    "module, installed",
    [
        ("memorial.settings.prod", False),
        ("memorial.settings.bench", True),
        ("memorial.settings.dev", True),
    ],
)
def test_only_development_and_the_benchmark_run_install_the_benchmarks(module, installed):
    code = (
        "import django; from django.conf import settings; django.setup();"
        "from django.core.management import get_commands;"
        "print('memorial.bench' in settings.INSTALLED_APPS, *sorted(get_commands()))"
    )
    result = run_python(module, "-c", code, **PRODUCTION_SECRETS)
    assert result.returncode == 0, result.stderr
    in_apps, *commands = result.stdout.split()
    assert in_apps == str(installed)
    assert [name for name in BENCH_COMMANDS if name in commands] == (
        BENCH_COMMANDS if installed else []
    )


def test_development_defaults_need_no_server():
    result = load_settings("memorial.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"]


@pytest.mark.parametrize("value", ["x", "", "1", "true", "0"])
def test_a_debug_value_of_any_shape_never_breaks_start_up(value):
    assert load_settings("memorial.settings.dev", DEBUG=value).returncode == 0


def test_the_site_speaks_kazakh_russian_and_english():
    assert [code for code, _ in settings.LANGUAGES] == ["kk", "ru", "en"]


def test_postgresql_binds_parameters_on_the_server_unless_told_not_to(monkeypatch):
    from memorial.settings.base import database_from_url

    bound = database_from_url("postgres://memorial@db:5432/memorial")["OPTIONS"]
    assert bound["server_side_binding"] is True and bound["prepare_threshold"] >= 1
    monkeypatch.setenv("DATABASE_SERVER_SIDE_BINDING", "false")
    client_side = database_from_url("postgres://memorial@db:5432/memorial")["OPTIONS"]
    assert "server_side_binding" not in client_side and "prepare_threshold" not in client_side
    sqlite = database_from_url("sqlite:///var/memorial.sqlite3")
    assert "server_side_binding" not in sqlite.get("OPTIONS", {})


@pytest.mark.django_db
def test_a_page_query_run_twice_is_prepared_on_postgresql():
    """PostgreSQL plans a prepared statement once per connection, not on every page."""
    from django.db import connection

    from people.models import Person

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(3):
        list(Person.objects.for_biography().filter(pk=1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("sparse_relations_held" in statement for statement in prepared)
