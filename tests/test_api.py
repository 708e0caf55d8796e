"""The open-data API: what a researcher's script sees when it walks, filters and reads."""

import pytest

from memorial.base.models import Status
from tests.factories import (
    make_burial_site,
    make_camp,
    make_case,
    make_citation,
    make_deportation,
    make_deportation_record,
    make_family,
    make_imprisonment,
    make_people,
    make_person,
    make_relationship,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.API_RATE_LIMIT = 0


def walk(client, address):
    """Every record of a list, following `next` as the description says to."""
    seen, pages = [], 0
    while address:
        response = client.get(address)
        assert response.status_code == 200, response.content
        page = response.json()
        seen += page["results"]
        address = page["next"]
        pages += 1
    return seen, pages


def test_walking_every_page_gives_each_published_person_once_and_no_draft(client):
    published = [make_person(surname=f"Ким{number}") for number in range(7)]
    make_person(surname="Черновик", status=Status.DRAFT)
    make_person(surname="Напроверке", status=Status.REVIEW)

    seen, pages = walk(client, "/api/v1/people/?limit=3")

    assert [record["id"] for record in seen] == [person.pk for person in published]
    assert pages == 3
    assert "Черновик" not in str(seen) and "Напроверке" not in str(seen)


def test_the_next_page_is_linked_in_the_body_and_the_link_header(client):
    make_person()
    second = make_person()
    response = client.get("/api/v1/people/?limit=1")
    following = response.json()["next"]
    assert following.endswith(f"limit=1&after={second.pk - 1}") or "after=" in following
    assert response["Link"] == f'<{following}>; rel="next"'
    assert client.get(following).json()["results"][0]["id"] == second.pk


def test_a_person_reads_as_their_page_does(client):
    site = make_burial_site(name="Жаналык")
    camp = make_camp(name="Карлаг")
    secret_camp = make_camp(name="Секретный лагпункт", status=Status.DRAFT)
    koreans = make_people(name="Корейцы")
    deportation = make_deportation(peoples=[koreans], title="Депортация корейцев")
    person = make_person(
        surname="Байтурсынов",
        given_name="Ахмет",
        birth_date="1872~",
        fate="shot",
        burial_site=site,
        biography_ru="<p>Учёный.</p>",
    )
    make_case(
        person,
        arrest_date="1937-10-08",
        sentence_kind="death",
        notes="архивист: проверить дело",
    )
    make_imprisonment(person, camp, start="1938", notes="внутренняя заметка")
    make_imprisonment(person, secret_camp, start="1939")
    make_deportation_record(person, deportation, settled_place="Кзыл-Орда", notes="заметка")
    make_citation(person, locator="л. 12")

    record = client.get(f"/api/v1/people/{person.pk}").json()

    assert record["full_name"].startswith("Байтурсынов Ахмет")
    assert record["birth_date"] == "1872~"
    assert record["fate"] == "shot"
    assert record["burial_site"]["name"] == "Жаналык"
    assert record["biography"] == {"kk": None, "ru": "<p>Учёный.</p>", "en": None}
    assert record["cases"][0]["arrest_date"] == "1937-10-08"
    assert [term["camp"] and term["camp"]["name"] for term in record["imprisonments"]] == [
        "Карлаг",
        None,
    ]
    assert record["deportations"][0]["deportation"]["name"] == "Депортация корейцев"
    assert record["sources"][0]["locator"] == "л. 12"
    assert record["url"].endswith(person.get_absolute_url())
    text = str(record)
    for private in ["проверить дело", "внутренняя заметка", "заметка", "Секретный"]:
        assert private not in text


def test_a_person_names_their_published_relatives_as_seen_from_them(client):
    husband, wife, son = make_family()
    nephew = make_person(surname="Ахметов", given_name="Нурлан", birth_date="1930")
    make_relationship(husband, nephew, "other", first_is="uncle", second_is="nephew")
    hidden = make_person(surname="Черновик", status=Status.DRAFT)
    make_relationship(husband, hidden, "sibling", notes="архивист: проверить")

    husbands = client.get(f"/api/v1/people/{husband.pk}").json()["relatives"]
    sons = client.get(f"/api/v1/people/{son.pk}").json()["relatives"]

    assert [(relative["name"], relative["relation"]) for relative in husbands] == [
        ("Ахметова Зейнеп", "spouse"),
        ("Ахметов Ерлан", "child"),
        ("Ахметов Нурлан", "other"),
    ]
    assert husbands[0] == {
        "id": wife.pk,
        "url": f"http://testserver{wife.get_absolute_url()}",
        "name": "Ахметова Зейнеп",
        "display_names": {
            "kk": {"name": "Ахметова Зейнеп", "form": "recorded"},
            "ru": {"name": "Ахметова Зейнеп", "form": "recorded"},
            "en": {"name": "Akhmetova Zeynep", "form": "romanized"},
        },
        "relation": "spouse",
        "words": None,
        "start": "1925",
        "end": None,
    }
    assert husbands[2]["words"] == "nephew"
    assert [(relative["id"], relative["relation"]) for relative in sons] == [
        (husband.pk, "parent"),
        (wife.pk, "parent"),
    ]
    nephews = client.get(f"/api/v1/people/{nephew.pk}").json()["relatives"]
    assert [(relative["id"], relative["words"]) for relative in nephews] == [(husband.pk, "uncle")]
    text = str(husbands)
    assert "Черновик" not in text and str(hidden.pk) not in [str(r["id"]) for r in husbands]
    assert "проверить" not in text


def test_a_page_names_each_persons_relatives_as_their_own_record_does(client):
    # Husband, wife and son on one page: each relationship between them is seen from both.
    husband, wife, son = make_family()
    make_relationship(husband, make_person(surname="Черновик", status=Status.DRAFT), "sibling")
    page = client.get("/api/v1/people/").json()["results"]
    listed = {record["id"]: record["relatives"] for record in page}
    for person in (husband, wife, son):
        own = client.get(f"/api/v1/people/{person.pk}").json()["relatives"]
        assert listed[person.pk] == own and own
    assert [relative["relation"] for relative in listed[son.pk]] == ["parent", "parent"]


def test_with_relatives_keeps_those_with_a_published_relative(client):
    husband, wife, son = make_family()
    alone = make_person()
    make_relationship(alone, make_person(status=Status.REVIEW), "sibling")

    def ids(query):
        response = client.get(f"/api/v1/people/?{query}")
        assert response.status_code == 200, response.content
        return [record["id"] for record in response.json()["results"]]

    assert ids("with_relatives=true") == [husband.pk, wife.pk, son.pk]
    assert alone.pk in ids("with_relatives=false")
    assert client.get("/api/v1/people/?with_relatives=yes").status_code == 400


def test_filters_match_the_list_of_names(client):
    camp = make_camp()
    held = make_person(surname="Сейфуллин", birth_date="1894", fate="shot")
    make_imprisonment(held, camp)
    make_person(surname="Сейфуллин", birth_date="1930", fate="released")

    def ids(query):
        return [record["id"] for record in client.get(f"/api/v1/people/?{query}").json()["results"]]

    assert ids(f"camp={camp.pk}") == [held.pk]
    assert ids("fate=shot") == [held.pk]
    assert ids("born_from=1890&born_to=1900") == [held.pk]
    assert ids("letter=С") == [held.pk, held.pk + 1]
    assert ids("q=Сейфуллин") == [held.pk, held.pk + 1]


def test_a_draft_camp_filters_like_an_unknown_one(client):
    draft = make_camp(status=Status.DRAFT)
    make_imprisonment(make_person(), draft)
    response = client.get(f"/api/v1/people/?camp={draft.pk}")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("born_from=1700", "born_from"),
        ("limit=0", "limit"),
        ("limit=100000", "limit"),
        ("after=-1", "after"),
        ("after=abc", "after"),
        ("fate=hanged", "fate"),
        ("camp=99999999999999999999999", "camp"),
        ("has_photo=yes", "has_photo"),
        ("colour=red", "colour"),
        ("fate=", "fate"),
        ("q=" + "я" * 201, "q"),
    ],
)
def test_a_bad_parameter_is_named_in_a_clear_error(client, query, parameter):
    response = client.get(f"/api/v1/people/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert parameter in error["parameters"]
    assert error["message"]


def test_errors_come_in_the_visitors_language(client):
    response = client.get("/api/v1/people/?colour=red", HTTP_ACCEPT_LANGUAGE="ru")
    assert "colour" in response.json()["error"]["message"]
    assert response.json()["error"]["message"] != "Unknown parameter: colour."


@pytest.mark.parametrize(
    "address",
    ["/api/v1/people/0", "/api/v1/people/abc", "/api/v1/people/1/extra", "/api/v1/nothing"],
)
def test_unknown_addresses_answer_in_json(client, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_draft_is_not_found_and_a_merged_person_leads_to_the_survivor(client, superuser):
    from people.merging import people_merge

    draft = make_person(status=Status.DRAFT)
    assert client.get(f"/api/v1/people/{draft.pk}").status_code == 404
    survivor, duplicate = make_person(), make_person()
    old_id = duplicate.pk
    people_merge(keep=survivor, remove=duplicate, user=superuser)
    response = client.get(f"/api/v1/people/{old_id}")
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/people/{survivor.pk}"


def test_the_api_is_read_only(client):
    response = client.post("/api/v1/people/", {"surname": "Иванов"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_one_address_is_limited_and_told_when_to_come_back(client, settings):
    settings.API_RATE_LIMIT = 3
    answers = [client.get("/api/v1/camps/") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[0]["RateLimit-Remaining"] == "2"
    assert int(answers[3]["Retry-After"]) > 0
    assert answers[3].json()["error"]["code"] == "rate_limited"
    other = client.get("/api/v1/camps/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_other_sites_may_read_it_and_caches_may_keep_it(client):
    response = client.get("/api/v1/camps/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("kind", ["people", "camps", "burial-sites", "deportations", "peoples"])
def test_a_page_costs_the_same_queries_however_many_records_it_holds(
    client, kind, django_assert_max_num_queries
):
    koreans = make_people()
    deportation = make_deportation(peoples=[koreans])
    site = make_burial_site()
    for _ in range(25):
        camp = make_camp(parent=None)
        make_citation(camp)
        person = make_person(burial_site=site)
        make_case(person, sentence_kind="death")
        make_imprisonment(person, camp)
        make_deportation_record(person, deportation)
        make_citation(person)
        make_relationship(person, make_person(), "parent")
        make_relationship(make_person(status=Status.DRAFT), person, "spouse")
        make_people()
        make_burial_site()
        make_deportation(peoples=[koreans])
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/v1/{kind}/?limit=50")
    assert len(response.json()["results"]) > 1


def test_the_description_lists_every_list_and_record(client):
    described = client.get("/api/v1/openapi.json").json()
    assert described["openapi"].startswith("3.1")
    for kind in ["people", "camps", "burial-sites", "deportations", "peoples"]:
        assert f"/api/v1/{kind}/" in described["paths"]
        assert f"/api/v1/{kind}/{{id}}" in described["paths"]
    filters = {p["name"] for p in described["paths"]["/api/v1/people/"]["get"]["parameters"]}
    assert {"q", "born_from", "camp", "fate", "after", "limit"} <= filters
    assert described["info"]["license"]["url"].startswith("https://creativecommons.org/")


def test_a_family_member_sentence_names_the_relative_only_while_published(client):
    husband, wife, _son = make_family()
    cases = client.get(f"/api/v1/people/{wife.pk}").json()["cases"]
    assert [case["family_member_of"] for case in cases] == [husband.pk]
    husband.status = "draft"
    husband.save()
    cases = client.get(f"/api/v1/people/{wife.pk}").json()["cases"]
    assert [case["family_member_of"] for case in cases] == [None]
