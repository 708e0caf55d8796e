"""While the database is unreachable: cached pages are still served, a read that lost its
connection is tried once more, the rest answers a translated 503, and a family's testimony
is given back with everything typed (docs/database-outages.md)."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from memorial.base.models import Status
from people.models import Testimony

from .factories import filled_testimony_form, image_file, make_camp, make_person

pytestmark = pytest.mark.django_db

real_cursor = BaseDatabaseWrapper.cursor


@contextmanager
def database_down(failures=None):
    """Every query fails as on a dropped connection (or only the first `failures`)."""
    calls = {"count": 0}

    def cursor(connection, *args, **kwargs):
        calls["count"] += 1
        if failures is None or calls["count"] <= failures:
            raise OperationalError("server closed the connection unexpectedly")
        return real_cursor(connection, *args, **kwargs)

    with mock.patch.object(BaseDatabaseWrapper, "cursor", cursor):
        yield calls


@pytest.fixture
def person():
    return make_person(surname="Байтурсынов", given_name="Ахмет", biography="<p>Poet.</p>")


def test_a_cached_biography_needs_no_database(client, person):
    url = person.get_absolute_url()
    first = client.get(url)
    with database_down():
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert "X-Memorial-Stale" not in again


def test_the_last_good_copy_is_served_marked_stale_after_a_change(client, person):
    url = person.get_absolute_url()
    client.get(url)
    person.biography = "<p>Poet and teacher.</p>"
    person.save()  # a new version: the copy in the cache is no longer current
    with database_down():
        stale = client.get(url)
    assert stale.status_code == 200
    assert stale["X-Memorial-Stale"] == "1"
    assert "no-cache" in stale["Cache-Control"]
    assert "Poet." in stale.content.decode()
    fresh = client.get(url)
    assert "Poet and teacher." in fresh.content.decode() and "X-Memorial-Stale" not in fresh


def test_no_copy_is_served_of_what_was_unpublished_since(client, person):
    url = person.get_absolute_url()
    client.get(url)
    person.status = Status.DRAFT
    person.save()
    with database_down():
        answer = client.get(url)
    assert answer.status_code == 503
    assert "Байтурсынов" not in answer.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Портал уақытша қолжетімсіз"),
        ("ru", "Портал временно недоступен"),
        ("en", "The portal is briefly unavailable"),
    ],
)
def test_a_page_not_cached_answers_503_in_the_visitors_language(client, language, heading):
    with database_down():
        answer = client.get(f"/{language}/people/")
    page = answer.content.decode()
    assert answer.status_code == 503
    assert answer["Retry-After"] == "30"
    assert f'lang="{language}"' in page and heading in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_the_api_answers_503_in_json(client):
    with database_down():
        answer = client.get("/api/v1/people/")
    assert answer.status_code == 503 and answer["Retry-After"] == "30"
    assert "database" in answer.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_a_read_that_lost_its_connection_is_tried_once_more(client):
    camp = make_camp(name="Карлаг")
    with database_down(failures=1) as calls:
        answer = client.get(camp.get_absolute_url())
    assert answer.status_code == 200 and "Карлаг" in answer.content.decode()
    assert calls["count"] > 1


@pytest.mark.django_db(transaction=True)
def test_a_read_is_tried_only_once_more(client):
    camp = make_camp(name="Карлаг")
    with database_down():
        answer = client.get(camp.get_absolute_url())
    assert answer.status_code == 503


def test_a_read_inside_a_transaction_is_not_tried_again(client):
    # Every test here runs inside a transaction: a fresh connection would lose it.
    camp = make_camp(name="Карлаг")
    with database_down(failures=1):
        answer = client.get(camp.get_absolute_url())
    assert answer.status_code == 503


@pytest.mark.django_db(transaction=True)
def test_a_post_is_never_tried_again(client):
    with database_down(failures=1):
        answer = client.post("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert answer.status_code == 503


def test_the_testimony_form_is_shown_from_what_was_remembered(client):
    make_camp(name="Карлаг")
    client.get("/en/testimony/")  # the camps to choose from are remembered
    with database_down():
        answer = client.get("/en/testimony/")
    assert answer.status_code == 200 and "Карлаг" in answer.content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "We could not save your testimony just now; nothing was stored."),
        ("ru", "Сейчас нам не удалось сохранить ваше свидетельство; ничего не сохранено."),
        ("kk", "Естелігіңізді дәл қазір сақтай алмадық; ештеңе сақталған жоқ."),
    ],
)
def test_a_testimony_sent_during_an_outage_is_given_back(client, language, message):
    camp = make_camp(name="Карлаг")
    client.get(f"/{language}/testimony/")
    typed = filled_testimony_form(camp=str(camp.pk))
    with database_down():
        answer = client.post(f"/{language}/testimony/", typed)
    page = answer.content.decode()
    assert answer.status_code == 503 and answer["Retry-After"] == "30"
    assert message in page
    for value in ("Айгерім Сапарова", "aigerim@example.kz", "Taken at night in August 1937."):
        assert value in page
    assert f'<option value="{camp.pk}" selected>Карлаг</option>' in page
    assert typed["started"] in page  # sent again, it is not taken for a hurried bot
    assert (
        'name="consent_processing" value="on" required id="id_consent_processing" checked' in page
    )
    assert 'id="id_consent_show_name">' in page  # left unticked, it stays unticked
    assert Testimony.objects.count() == 0


def test_files_chosen_during_an_outage_are_asked_for_again(client):
    typed = {**filled_testimony_form(), "attachments": [image_file()]}
    with database_down():
        page = client.post("/en/testimony/", typed).content.decode()
    assert "Your browser cannot keep the files you chose: please choose them again" in page


def test_a_testimony_sent_once_the_database_is_back_is_stored(client):
    with database_down():
        client.post("/en/testimony/", filled_testimony_form())
    answer = client.post("/en/testimony/", filled_testimony_form())
    assert answer.status_code == 302 and Testimony.objects.count() == 1


def test_postgresql_takes_connections_from_a_pool_that_waits(monkeypatch):
    from memorial.settings.base import database_from_url

    monkeypatch.setenv("DATABASE_POOL_TIMEOUT", "7")
    pooled = database_from_url("postgres://memorial@db:5432/memorial")
    assert pooled["CONN_MAX_AGE"] == 0
    assert pooled["OPTIONS"]["pool"]["timeout"] == 7
    assert pooled["OPTIONS"]["pool"]["max_size"] >= pooled["OPTIONS"]["pool"]["min_size"]
    monkeypatch.setenv("DATABASE_POOL", "0")
    persistent = database_from_url("postgres://memorial@db:5432/memorial")
    assert "pool" not in persistent.get("OPTIONS", {}) and persistent["CONN_MAX_AGE"] == 60
    sqlite = database_from_url("sqlite:///var/memorial.sqlite3")
    assert "pool" not in sqlite.get("OPTIONS", {})
