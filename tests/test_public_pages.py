"""Public pages show published records only, stay within a fixed number of queries, and
never answer odd parameters with a server error."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from memorial.base.models import Status
from tests.factories import (
    make_burial_site,
    make_camp,
    make_case,
    make_citation,
    make_deportation,
    make_deportation_record,
    make_imprisonment,
    make_media,
    make_people,
    make_person,
    make_site_page,
    make_story,
)

pytestmark = pytest.mark.django_db


def make_full_person(number=0, camp=None, deportation=None, site=None, **fields):
    person = make_person(surname=f"Person{number}", birth_date="1890~", burial_site=site, **fields)
    person.name_variants.create(surname=f"Variant{number}", kind="latin", script="latn")
    make_case(person, arrest_date="1929")
    make_case(
        person,
        arrest_date="1937",
        sentence_kind="death",
        is_rehabilitated=True,
        rehabilitation_date="1958",
    )
    if camp:
        make_imprisonment(person, camp, start="1938")
    if deportation:
        make_deportation_record(person, deportation)
    make_citation(person)
    make_media(person, is_portrait=True)
    make_media(person)
    story = make_story(
        people=[person],
        camps=[camp] if camp else [],
        deportations=[deportation] if deportation else [],
    )
    make_media(story)
    return person


@pytest.fixture
def world():
    camp = make_camp(name="Karlag", slug="karlag")
    site = make_burial_site(name="Zhanalyk", slug="zhanalyk")
    people = make_people(name="Koreans", slug="koreans")
    deportation = make_deportation(peoples=[people], title="Autumn 1937", slug="autumn-1937")
    make_site_page(slug="about", place="menu")
    make_site_page(slug="privacy", place="footer")
    return {"camp": camp, "site": site, "people": people, "deportation": deportation}


def public_urls(world, person):
    return [
        "/en/",
        "/en/people/",
        "/en/people/?q=Person",
        person.get_absolute_url(),
        "/en/camps/",
        "/en/camps/karlag/",
        "/en/burial-sites/zhanalyk/",
        "/en/deportations/",
        "/en/deportations/autumn-1937/",
        "/en/deportations/peoples/koreans/",
        "/en/stories/",
        person.stories.get().get_absolute_url(),
        "/en/about/",
    ]


def test_every_public_page_answers_in_every_language(client, world):
    person = make_full_person(camp=world["camp"], site=world["site"])
    urls = public_urls(world, person)
    for language in ["kk", "ru", "en"]:
        for url in urls:
            url = url.replace("/en/", f"/{language}/", 1)
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{language}">' in response.content.decode(), url


QUERY_BUDGET = 10
# The site search also reads every kind of text: one query for all of them on PostgreSQL,
# one scan per kind (nine) on SQLite, and the records of each kind found.
SEARCH_QUERY_BUDGET = 24


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def add_rows(world, start, stop):
    people = [
        make_full_person(
            number, camp=world["camp"], deportation=world["deportation"], site=world["site"]
        )
        for number in range(start, stop)
    ]
    for _ in range(start, stop):
        make_camp(parent=world["camp"])
        make_deportation(peoples=[world["people"], make_people()])
    return people


def test_public_pages_stay_within_budget_and_do_not_grow_with_rows(client, world):
    first = add_rows(world, 0, 1)[0]
    urls = [
        *public_urls(world, first),
        "/en/search/?q=Person",
        "/en/people/?camp=1&fate=shot",
        "/en/testimony/",
        f"/en/testimony/?person={first.pk}",
    ]
    with_one_row = {url: count_queries(client, url) for url in urls}
    add_rows(world, 1, 15)
    for url in urls:
        queries = count_queries(client, url)
        assert queries == with_one_row[url], url
        assert queries <= (SEARCH_QUERY_BUDGET if "/search/" in url else QUERY_BUDGET), url


def test_the_biography_shows_what_the_archive_holds(client, world):
    person = make_full_person(camp=world["camp"], site=world["site"])
    page = client.get(person.get_absolute_url()).content.decode()
    for shown in [
        "Person0 Иван",
        "c. 1890",
        "Variant0",
        "Arrested",
        '<time datetime="1929">',
        "Sentenced",
        "highest measure (shooting)",
        "Rehabilitated",
        '<time datetime="1958">',
        "Karlag",
        "Zhanalyk",
        "Case file",
        'alt="A photograph"',
    ]:
        assert shown in page, shown


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_unpublished_records_are_not_found_by_the_public(client, world, status):
    person = make_person(surname="Hidden", status=status)
    camp = make_camp(slug="hidden-camp", status=status)
    site = make_burial_site(slug="hidden-site", status=status)
    people = make_people(slug="hidden-people", name="HiddenPeople", status=status)
    deportation = make_deportation(slug="hidden-deportation", title="HiddenDep", status=status)
    for record in [person, camp, site, people, deportation]:
        assert client.get(record.get_absolute_url()).status_code == 404
    assert "0 names found" in client.get("/en/people/", {"q": "Hidden"}).content.decode()
    for url in ["/en/", "/en/people/", "/en/camps/", "/en/deportations/"]:
        page = client.get(url).content.decode()
        for name in ["Hidden", "hidden-camp", "hidden-site", "HiddenPeople", "HiddenDep"]:
            assert name not in page, (url, name)


def test_unpublished_people_do_not_appear_on_published_pages(client, world):
    make_person(surname="DraftBuried", burial_site=world["site"], status=Status.DRAFT)
    page = client.get("/en/burial-sites/zhanalyk/").content.decode()
    assert "DraftBuried" not in page


def test_staff_preview_a_draft_and_the_preview_is_never_cached(client):
    person = make_person(surname="Draft", status=Status.DRAFT)
    staff = User.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "not published" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_visitor_stays_anonymous_while_staff_are_signed_in(client, admin_client):
    person = make_person(surname="Draft", status=Status.DRAFT)
    assert admin_client.get(person.get_absolute_url()).status_code == 200
    assert client.get(person.get_absolute_url()).status_code == 404
    assert admin_client.get(person.get_absolute_url()).status_code == 200


def test_a_logged_in_visitor_who_is_not_staff_sees_no_draft(client):
    person = make_person(status=Status.DRAFT)
    client.force_login(User.objects.create_user("visitor"))
    assert client.get(person.get_absolute_url()).status_code == 404


def test_photos_of_unpublished_records_are_not_served(client):
    published = make_person()
    draft = make_person(status=Status.DRAFT)
    shown = make_media(published)
    hidden = make_media(draft)
    assert client.get(shown.image.url).status_code == 200
    assert client.get(shown.thumbnail.url).status_code == 200
    assert client.get(hidden.image.url).status_code == 404
    assert client.get(hidden.thumbnail.url).status_code == 404
    assert client.get("/media/../../etc/passwd").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-1",
        "?page=99999",
        "?page=1.5",
        "?q=%00",
        "?q=" + "x" * 5000,
        "?q=<script>alert(1)</script>",
        "?q=%27%22;--",
        "?q=Иван&page=0",
    ],
)
def test_odd_parameters_never_cause_a_server_error(client, query):
    make_person()
    response = client.get("/en/people/" + query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/people/abc/",
        "/en/people/999999/x/",
        "/en/camps/nope/",
        "/xx/people/",
        "/en/deportations/peoples/nope/",
        "/en/burial-sites/%C3%A9/",
    ],
)
def test_unknown_addresses_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_name_search_finds_variants_in_another_script(client):
    person = make_person(surname="Байтурсынов", given_name="Ахмет")
    person.name_variants.create(surname="Baiturssynov", kind="spelling", script="latn")
    make_person(surname="Сейфуллин", given_name="Сакен")
    page = client.get("/en/people/", {"q": "baiturssynov"}).content.decode()
    assert "Байтурсынов Ахмет" in page and "Сейфуллин" not in page
    assert "1 name found" in page


def test_the_root_address_sends_visitors_to_their_language(client):
    response = client.get("/", headers={"accept-language": "ru"})
    assert response.status_code == 302 and response["Location"] == "/ru/"


@pytest.mark.parametrize(
    "query", ["?person=abc", "?person=-1", "?person=99999999999999999999", "?person=%00"]
)
def test_odd_testimony_parameters_never_cause_a_server_error(client, query):
    assert client.get("/en/testimony/" + query).status_code == 200


def test_a_tampered_testimony_post_is_refused_politely(client):
    response = client.post(
        "/en/testimony/",
        {
            "started": "forged",
            "upload_token": "../../etc",
            "keep_files": ["1", "x"],
            "person": "abc",
            "subject_birth_date": "year",
            "story": "x",
        },
    )
    assert response.status_code == 400
    assert "Please check the form" in response.content.decode()


def test_home_counts_are_kept_but_follow_every_publication(client):
    make_person(surname="First")
    assert "<strong>1</strong>" in client.get("/en/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/")
    assert not any("COUNT(" in query["sql"] for query in queries)  # from the cache
    second = make_person(surname="Second", status=Status.DRAFT)
    assert "<strong>1</strong>" in client.get("/en/").content.decode()
    second.status = Status.PUBLISHED
    second.save()
    assert "<strong>2</strong>" in client.get("/en/").content.decode()
