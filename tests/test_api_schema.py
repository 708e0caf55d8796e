"""Schemathesis reads the API's OpenAPI description and sends it generated requests, valid
and not: every answer must be what the description promises, and none a server error."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from memorial.base.models import Status
from memorial.opendata.api.openapi import openapi_document
from tests.factories import (
    make_burial_site,
    make_camp,
    make_case,
    make_citation,
    make_deportation,
    make_deportation_record,
    make_imprisonment,
    make_people,
    make_person,
    make_relationship,
    make_story,
)


@pytest.fixture
def keep_the_test_connection():
    """A WSGI request closes an old database connection when it starts and ends, as in
    production; inside a test's transaction that would close it under the test. Django's
    test client keeps it open the same way."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def records(db, settings, keep_the_test_connection):
    settings.API_RATE_LIMIT = 0
    koreans = make_people(name="Koreans", description_ru="<p>Депортированы в 1937 году.</p>")
    deportation = make_deportation(peoples=[koreans], start="1937-09")
    camp = make_camp(name="Karlag", latitude=49.6, longitude=72.7, opened="1931")
    make_camp(name="Dolinka", parent=camp, status=Status.DRAFT)
    site = make_burial_site(name="Zhanalyk")
    previous = None
    for number in range(30):
        person = make_person(surname=f"Ким{number}", birth_date="1901", burial_site=site)
        make_case(person, arrest_date="1937-09-12", sentence_kind="shot")
        make_imprisonment(person, camp, start="1938")
        make_deportation_record(person, deportation, settled_place="Kyzylorda")
        make_citation(person, locator="sheet 4")
        if previous:
            # Every kind of relative, with and without words and dates, and a draft one.
            kind = ["spouse", "parent", "sibling", "other"][number % 4]
            words = {"first_is": "uncle", "second_is": "nephew"} if kind == "other" else {}
            make_relationship(previous, person, kind, start="1925~", **words)
        previous = person
    draft = make_person(surname="Черновик", status=Status.DRAFT)
    make_relationship(person, draft, "spouse")
    make_story(people=[person])


# The description is the one the API serves, built from the code without a database.
schema = schemathesis.openapi.from_dict(openapi_document(lambda path: f"http://localhost{path}"))
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_described(case, records):
    case.call_and_validate()
