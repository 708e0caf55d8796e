"""A read replica (DATABASE_REPLICA_URL): anonymous visitors' public pages read from it, all
else from the primary, and a page read right after a save is never the replica's.

The test settings give the "replica" alias as a mirror of the test database; each query is
seen on the alias it was sent to."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connections, router, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from memorial.base import page_cache
from memorial.base.db_routers import PIN_COOKIE, RequestReads, current_request
from people.models import Person, Testimony

from .factories import filled_testimony_form, make_person

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def replica_on(settings):
    settings.REPLICA_READS = True
    settings.TESTIMONY_MIN_SECONDS = 0


@contextmanager
def queries():
    """The queries sent to each alias while the block runs: {"default": [...], "replica": [...]}."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        sent = {}
        yield sent
    sent.update(default=primary.captured_queries, replica=replica.captured_queries)


def as_if_the_replica_caught_up():
    """A save marks every page changed a moment ago; let that moment pass."""
    cache.delete(page_cache.CHANGED_KEY)
    page_cache.reset()


@pytest.fixture
def biography():
    person = make_person(surname="Байтурсынов", given_name="Ахмет", biography="Poet and teacher.")
    as_if_the_replica_caught_up()
    return person.get_absolute_url()


def test_a_visitors_public_page_reads_from_the_replica_alone(client, biography):
    with queries() as sent:
        response = client.get(biography)
    assert response.status_code == 200 and "Poet and teacher." in response.content.decode()
    assert sent["replica"] and not sent["default"]
    assert PIN_COOKIE not in response.cookies  # reading pins no one


def test_staff_read_the_same_page_from_the_primary(admin_client, biography):
    with queries() as sent:
        response = admin_client.get(biography)
    assert response.status_code == 200
    assert sent["default"] and not sent["replica"]


def test_the_admin_reads_from_the_primary_even_before_sign_in(client, biography):
    with queries() as sent:
        response = client.get("/admin/login/")
    assert response.status_code == 200
    assert not sent["replica"]


def test_a_post_reads_and_writes_the_primary(client, biography):
    with queries() as sent:
        response = client.post("/en/testimony/", filled_testimony_form())
    assert response.status_code == 302 and Testimony.objects.count() == 1
    assert sent["default"] and not sent["replica"]


def test_after_a_write_the_same_visitor_reads_from_the_primary(client, biography):
    response = client.post("/en/testimony/", filled_testimony_form())
    assert response.status_code == 302
    pin = response.cookies[PIN_COOKIE]
    assert 0 < int(pin["max-age"]) <= 10 and pin["httponly"]
    as_if_the_replica_caught_up()  # with every other visitor: only this one stays pinned
    with queries() as sent:
        receipt = client.get(response["Location"])
        page = client.get(biography)
    assert receipt.status_code == 200 and page.status_code == 200
    assert sent["default"] and not sent["replica"]
    # Another visitor, who saved nothing, reads from the replica (another page: this one is
    # in the page cache now).
    with queries() as sent:
        assert Client().get("/en/people/").status_code == 200
    assert sent["replica"] and not sent["default"]


def test_a_form_sent_back_pins_its_visitor_too(client):
    """A refused form may still have kept what passed (the files), and is shown again."""
    response = client.post("/en/testimony/", filled_testimony_form(consent_processing=""))
    assert response.status_code == 400 and PIN_COOKIE in response.cookies


def test_after_a_public_change_everyone_reads_from_the_primary_for_a_while(
    version_reread_on_every_request, client, biography, settings
):
    person = Person.objects.get()
    person.biography = "Poet, teacher and the maker of the Kazakh alphabet."
    person.save()  # as a staff save does: the page cache's version moves on
    with queries() as sent:
        response = client.get(biography)
    # Read from the lagging replica, the old text would be cached under the new version.
    assert "maker of the Kazakh alphabet" in response.content.decode()
    assert sent["default"] and not sent["replica"]
    cache.set(page_cache.CHANGED_KEY, time.time() - settings.REPLICA_PIN_SECONDS - 1)
    with queries() as sent:
        assert client.get("/en/people/").status_code == 200
    assert sent["replica"] and not sent["default"]


def test_reads_in_a_transaction_and_outside_requests_go_to_the_primary():
    assert router.db_for_read(Person) == "default"  # a command, the worker, a shell
    token = current_request.set(RequestReads(replica=True))
    try:
        assert router.db_for_read(Person) == "replica"
        with transaction.atomic():
            assert router.db_for_read(Person) == "default"
        assert router.db_for_write(Person) == "default"
    finally:
        current_request.reset(token)


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate_model("default", Person)
    assert not router.allow_migrate_model("replica", Person)
    assert not router.allow_migrate("replica", "people")


def test_without_a_replica_everything_is_the_primarys(client, biography, settings):
    settings.REPLICA_READS = False
    with queries() as sent:
        assert client.get(biography).status_code == 200
        response = client.post("/en/testimony/", filled_testimony_form())
    assert sent["default"] and not sent["replica"]
    assert PIN_COOKIE not in response.cookies


@pytest.mark.parametrize("replica_url", ["", "postgres://reader@replica.internal:5432/memorial"])
def test_the_replica_is_configured_from_the_environment(replica_url):
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(sorted(settings.DATABASES), settings.REPLICA_READS,"
        " settings.DATABASES.get('replica', {}).get('HOST'))"
    )
    env = {
        **{name: value for name, value in os.environ.items() if name != "DATABASE_REPLICA_URL"},
        "DJANGO_SETTINGS_MODULE": "memorial.settings.prod",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://memorial@primary.internal/memorial",
        "ALLOWED_HOSTS": "memorial.example.kz",
        "DATABASE_REPLICA_URL": replica_url,
    }
    found = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    if replica_url:
        assert found == "['default', 'replica'] True replica.internal"
    else:
        assert found == "['default'] False None"
