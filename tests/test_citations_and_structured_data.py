"""Every public page says what it is in schema.org JSON-LD, every record page can be cited in
plain text and in CSL-JSON, and neither ever shows what is not published."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from memorial.base.models import Status
from people.models import MergedPerson, Person, load_sparse_relations
from people.reading_names import shown_name
from people.structured_data import person_json_ld
from tests.factories import (
    make_burial_site,
    make_camp,
    make_deportation,
    make_family,
    make_media,
    make_people,
    make_person,
    make_relationship,
    make_site_page,
    make_story,
)

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SITE_NAME = "Memorial: victims of political repression in Kazakhstan"


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    blocks = LD_JSON.findall(response.content.decode())
    assert len(blocks) == 1, url
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return data


@pytest.fixture
def records():
    camp = make_camp(name="Karlag", latitude="49.658300", longitude="72.694700")
    site = make_burial_site(name="Zhanalyk", kind="mass_grave")
    people = make_people(name="Koreans")
    return {
        "person": make_person(surname="Байтурсынов", given_name="Ахмет"),
        "camp": camp,
        "division": make_camp(name="ALZHIR", parent=camp),
        "site": site,
        "execution": make_burial_site(name="Execution ground", kind="execution"),
        "people": people,
        "deportation": make_deportation(peoples=[people], title="Deportation of Koreans, 1937"),
        "story": make_story(camps=[camp]),
        "page": make_site_page(slug="about"),
    }


def page_types(records):
    """(address, the @type its JSON-LD says) for every kind of public page."""
    return [
        ("/en/", "WebSite"),
        ("/en/search/", "SearchResultsPage"),
        ("/en/search/?q=karlag", "SearchResultsPage"),
        ("/en/people/", "CollectionPage"),
        (records["person"].get_absolute_url(), "Person"),
        ("/en/camps/", "CollectionPage"),
        (records["camp"].get_absolute_url(), "LandmarksOrHistoricalBuildings"),
        (records["site"].get_absolute_url(), "Cemetery"),
        (records["execution"].get_absolute_url(), "Place"),
        ("/en/deportations/", "CollectionPage"),
        (records["deportation"].get_absolute_url(), "Event"),
        (records["people"].get_absolute_url(), "WebPage"),
        ("/en/stories/", "CollectionPage"),
        (records["story"].get_absolute_url(), "Article"),
        (records["page"].get_absolute_url(), "AboutPage"),
        (make_site_page(slug="privacy").get_absolute_url(), "WebPage"),
        ("/en/testimony/", "ContactPage"),
    ]


def test_every_public_page_type_has_json_ld_of_its_kind(client, records):
    for url, kind in page_types(records):
        assert json_ld(client, url)["@type"] == kind, url


def test_the_home_page_offers_the_portal_search_to_search_engines(client):
    data = json_ld(client, "/ru/")
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/ru/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert data["publisher"]["@type"] == "Organization"
    assert data["name"] == "Мемориал: жертвы политических репрессий в Казахстане"


def test_a_camp_is_a_place_with_coordinates_within_its_published_parent(client, records):
    camp, division = records["camp"], records["division"]
    data = json_ld(client, camp.get_absolute_url())
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 49.6583, "longitude": 72.6947}
    assert [place["name"] for place in data["containsPlace"]] == ["ALZHIR"]
    data = json_ld(client, division.get_absolute_url())
    assert data["containedInPlace"]["name"] == "Karlag" and "geo" not in data


def test_structured_data_never_names_an_unpublished_record(client):
    hidden_camp = make_camp(name="Secret parent", status=Status.DRAFT)
    division = make_camp(name="Division", parent=hidden_camp)
    open_camp = make_camp(name="Open camp")
    make_camp(name="Secret division", parent=open_camp, status=Status.DRAFT)
    hidden_people = make_people(name="Unpublished people", status=Status.DRAFT)
    germans = make_people(name="Germans")
    deportation = make_deportation(peoples=[hidden_people, germans])
    make_deportation(title="Secret deportation", peoples=[germans], status=Status.DRAFT)
    hidden_person = make_person(surname="Unpublished", status=Status.DRAFT)
    story = make_story(people=[hidden_person], camps=[hidden_camp], deportations=[deportation])
    make_story(title_en="Scheduled story", publish_at=timezone.now() + datetime.timedelta(days=1))
    pages = [
        division.get_absolute_url(),
        open_camp.get_absolute_url(),
        "/en/camps/",
        deportation.get_absolute_url(),
        "/en/deportations/",
        germans.get_absolute_url(),
        story.get_absolute_url(),
        "/en/stories/",
        "/en/",
    ]
    for url in pages:
        text = LD_JSON.search(client.get(url).content.decode())[1]
        for secret in ["Secret", "Unpublished", "Scheduled story"]:
            assert secret not in text, (url, secret)
    assert (
        "Germans" in LD_JSON.search(client.get(deportation.get_absolute_url()).content.decode())[1]
    )
    # Nor does the list of camps say what an unpublished camp is called.
    assert "Secret parent" not in client.get("/en/camps/").content.decode()


def test_a_person_names_their_published_relatives_in_schema_org_terms(client):
    husband, wife, son = make_family()
    daughter = make_person(surname="Ахметова", given_name="Айгуль", sex="f")
    make_relationship(husband, daughter, "parent")
    brother = make_person(surname="Ахметов", given_name="Нуржан")
    make_relationship(brother, husband, "sibling")
    nephew = make_person(surname="Ахметов", given_name="Болат")
    make_relationship(husband, nephew, "other", first_is="uncle", second_is="nephew")
    for status in (Status.DRAFT, Status.REVIEW):
        hidden = make_person(surname=f"Hidden {status}", status=status)
        make_relationship(husband, hidden, "sibling", notes="PRIVATE-RELATIONSHIP-NOTE")

    data = json_ld(client, husband.get_absolute_url())

    def named(key):
        return [relative["name"] for relative in data.get(key, [])]

    # The English page names them in Latin letters, as it shows them.
    assert named("spouse") == ["Akhmetova Zeynep"]
    assert named("children") == ["Akhmetov Yerlan", "Akhmetova Aygul"]
    assert named("sibling") == ["Akhmetov Nurzhan"]
    assert named("relatedTo") == ["Akhmetov Bolat"]
    assert data["spouse"][0] == {
        "@type": "Person",
        "@id": f"http://testserver{wife.get_absolute_url()}",
        "name": "Akhmetova Zeynep",
        "url": f"http://testserver{wife.get_absolute_url()}",
    }
    assert [parent["@id"] for parent in json_ld(client, son.get_absolute_url())["parent"]] == [
        f"http://testserver{husband.get_absolute_url()}",
        f"http://testserver{wife.get_absolute_url()}",
    ]
    assert "Hidden" not in json.dumps(data) and "PRIVATE" not in json.dumps(data)
    assert "spouse" not in json_ld(client, make_person().get_absolute_url())


def test_a_persons_relatives_in_json_ld_cost_no_query_beyond_the_biographys(
    django_assert_num_queries,
):
    husband, _wife, _son = make_family()
    person = Person.objects.for_biography().get(pk=husband.pk)
    load_sparse_relations([person])
    with django_assert_num_queries(0):
        data = person_json_ld(person, lambda path: f"http://testserver{path}")
    assert len(data["spouse"]) == 1 and len(data["children"]) == 1


def test_a_deportation_gives_only_exact_dates(client):
    exact = make_deportation(start="1937-09", end="1937-11")
    approximate = make_deportation(start="1943~", end="1944")
    data = json_ld(client, exact.get_absolute_url())
    assert (data["startDate"], data["endDate"]) == ("1937-09", "1937-11")
    data = json_ld(client, approximate.get_absolute_url())
    assert "startDate" not in data and data["endDate"] == "1944"


def test_a_story_is_an_article_by_the_portal_with_its_image(client):
    story = make_story(title_en="ALZHIR remembered")
    make_media(story)
    data = json_ld(client, story.get_absolute_url())
    assert data["headline"] == "ALZHIR remembered" and data["inLanguage"] == "en"
    assert data["author"]["name"] == SITE_NAME
    assert data["datePublished"].startswith(str(timezone.localdate(story.publish_at).year))
    assert data["image"][0].startswith("http://testserver/media/")


def test_json_ld_cannot_be_broken_out_of_on_any_record_page(client):
    evil = "</script><script>alert(1)</script>"
    camp = make_camp(name=evil)
    for url in [
        camp.get_absolute_url(),
        make_deportation(title=evil).get_absolute_url(),
        "/en/camps/",
    ]:
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert json.loads(LD_JSON.search(page)[1])


# Citations


def record_of_every_kind():
    return {
        "people": make_person(surname="Байтурсынов", given_name="Ахмет"),
        "camps": make_camp(name="Karlag"),
        "burial-sites": make_burial_site(name="Zhanalyk"),
        "deportations": make_deportation(title="Deportation of Koreans, 1937"),
        "peoples": make_people(name="Koreans"),
        "stories": make_story(title_en="ALZHIR remembered", title_ru="Память АЛЖИРа"),
    }


def english_title(record):
    """A record's title in English: a person under the name the English pages show."""
    return shown_name(record, "en").text if isinstance(record, Person) else str(record)


def test_every_record_page_has_a_cite_block_with_a_download_in_its_language(client):
    for kind, record in record_of_every_kind().items():
        page = client.get(record.get_absolute_url()).content.decode()
        assert '<section class="cite" aria-labelledby="cite-heading">' in page, kind
        assert "How to cite this page" in page
        url = f"http://testserver{record.get_absolute_url()}"
        assert f"{english_title(record)}. {SITE_NAME}. {url} (accessed " in page, kind
        assert f'href="/api/v1/{kind}/{record.pk}/citation?lang=en"' in page, kind
        assert "Download citation (CSL-JSON)" in page


def test_the_cite_block_follows_the_page_language(client):
    story = make_story(title_ru="Память АЛЖИРа")
    page = client.get(f"/ru{story.get_absolute_url()[3:]}").content.decode()
    assert "Память АЛЖИРа. Мемориал: жертвы политических репрессий в Казахстане. " in page
    assert "(дата обращения: " in page
    assert f"/api/v1/stories/{story.pk}/citation?lang=ru" in page


def test_a_staff_preview_of_a_draft_offers_no_citation_to_download(admin_client):
    camp = make_camp(status=Status.DRAFT)
    page = admin_client.get(camp.get_absolute_url()).content.decode()
    assert "How to cite this page" in page and "/citation?lang" not in page


def citation(client, kind, pk, query="?lang=en", **headers):
    return client.get(f"/api/v1/{kind}/{pk}/citation{query}", **headers)


def test_csl_json_of_every_kind_of_record(client):
    today = timezone.localdate()
    for kind, record in record_of_every_kind().items():
        response = citation(client, kind, record.pk)
        assert response.status_code == 200, kind
        assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
        assert response["Access-Control-Allow-Origin"] == "*"
        [item] = json.loads(response.content)
        assert item["id"] == f"{kind}-{record.pk}"
        assert item["type"] == ("post-weblog" if kind == "stories" else "webpage")
        assert item["title"] == english_title(record)
        assert item["URL"] == f"http://testserver{record.get_absolute_url()}"
        assert item["URL"].startswith("http://testserver/en/")
        assert item["container-title"] == item["publisher"] == SITE_NAME
        assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
        published = timezone.localdate(getattr(record, "publish_at", None) or record.published_at)
        assert item["issued"] == {"date-parts": [[published.year, published.month, published.day]]}
        assert item["language"] == "en"


def test_csl_json_in_the_language_asked_for(client):
    story = make_story(title_ru="Память АЛЖИРа", title_kk="")
    response = citation(client, "stories", story.pk, "?lang=ru", HTTP_ACCEPT_LANGUAGE="kk")
    assert response["Content-Language"] == "ru"
    [item] = json.loads(response.content)
    assert item["title"] == "Память АЛЖИРа" and item["language"] == "ru"
    assert item["URL"] == f"http://testserver/ru/stories/{story.slug}/"
    assert item["container-title"] == "Мемориал: жертвы политических репрессий в Казахстане"
    # Kazakh has no title yet: the first language that has one, as on the page.
    [item] = json.loads(citation(client, "stories", story.pk, "?lang=kk").content)
    assert item["title"] == "Память АЛЖИРа" and item["URL"].startswith("http://testserver/kk/")


def test_csl_json_is_english_unless_asked_and_refuses_unknown_languages(client):
    person = make_person()
    [item] = json.loads(citation(client, "people", person.pk, "").content)
    assert item["language"] == "en" and "/en/people/" in item["URL"]
    for query in ["?lang=de", "?lang=", "?lang=en-us", "?lang=%00"]:
        response = citation(client, "people", person.pk, query)
        assert response.status_code == 400, query
        assert "lang" in json.loads(response.content)["error"]["parameters"]


def test_no_citation_for_drafts_scheduled_stories_or_unknown_kinds(client):
    drafts = {
        "people": make_person(status=Status.DRAFT),
        "camps": make_camp(status=Status.DRAFT),
        "burial-sites": make_burial_site(status=Status.DRAFT),
        "deportations": make_deportation(status=Status.DRAFT),
        "peoples": make_people(status=Status.DRAFT),
        "stories": make_story(status=Status.DRAFT),
    }
    drafts["scheduled"] = make_story(publish_at=timezone.now() + datetime.timedelta(hours=1))
    for kind, record in drafts.items():
        response = citation(client, "stories" if kind == "scheduled" else kind, record.pk)
        assert response.status_code == 404, kind
        assert response["Access-Control-Allow-Origin"] == "*"
    person = make_person()
    for kind in ["persons", "media", "testimonies", "pages"]:
        assert citation(client, kind, person.pk).status_code == 404
    assert citation(client, "people", 10**30).status_code == 404
    assert citation(client, "people", 0).status_code == 404


def test_a_merged_persons_citation_leads_to_the_survivors(client):
    survivor = make_person(surname="Байтурсынов")
    MergedPerson.objects.create(
        old_id=survivor.pk + 1000, old_name="Baitursynov", merged_into=survivor
    )
    response = citation(client, "people", survivor.pk + 1000, "?lang=ru")
    assert response.status_code == 301 and response["Access-Control-Allow-Origin"] == "*"
    assert response["Location"] == f"/api/v1/people/{survivor.pk}/citation?lang=ru"
    survivor.status = Status.DRAFT
    survivor.save()
    assert citation(client, "people", survivor.pk + 1000).status_code == 404


def test_the_citation_costs_one_query(client, django_assert_max_num_queries):
    records = record_of_every_kind()
    for kind, record in records.items():
        with django_assert_max_num_queries(1):
            assert citation(client, kind, record.pk).status_code == 200
