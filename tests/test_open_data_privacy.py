"""Nothing unpublished and nothing private leaves the portal as open data: not through the
API, not in the bulk downloads, not to a harvester. Every channel is read in full and
searched for every private word."""

import csv
import gzip
import json
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from memorial.base.models import Status
from memorial.base.roles import MODERATOR
from memorial.statistics.charts import CHARTS
from people.models import Person
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
    make_published_testimony,
    make_relationship,
    make_source,
)

pytestmark = pytest.mark.django_db

PRIVATE = [
    "aigerim@example.kz",
    "+7 701 123 45 67",
    "PRIVATE-SUBMITTER",
    "PRIVATE-STORY",
    "PRIVATE-MODERATOR-NOTE",
    "PRIVATE-CASE-NOTE",
    "PRIVATE-CAMP-TERM-NOTE",
    "PRIVATE-SETTLEMENT-NOTE",
    "PRIVATE-RELIABILITY",
    "moderator@example.kz",
    "PRIVATE-RELATIONSHIP-NOTE",
    "PRIVATE-PUBLISHED-RELATIONSHIP-NOTE",
]
# Unpublished records of every kind, by name: never on a public page either.
UNPUBLISHED = [
    "DRAFT-PERSON",
    "REVIEW-PERSON",
    "DRAFT-CAMP",
    "DRAFT-SITE",
    "DRAFT-DEPORTATION",
    "DRAFT-PEOPLE",
    "DRAFT-RELATIVE",
    "REVIEW-RELATIVE",
]
PRIVATE += UNPUBLISHED


@pytest.fixture
def records(settings, tmp_path):
    settings.API_RATE_LIMIT = 0
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    moderator = User.objects.create_user("moderator", "moderator@example.kz", "pw", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATOR))

    draft_camp = make_camp(name="DRAFT-CAMP", status=Status.DRAFT)
    draft_site = make_burial_site(name="DRAFT-SITE", status=Status.DRAFT)
    draft_people = make_people(name="DRAFT-PEOPLE", status=Status.DRAFT)
    draft_deportation = make_deportation(
        title="DRAFT-DEPORTATION", peoples=[draft_people], status=Status.DRAFT
    )
    camp = make_camp(name="Карлаг", parent=draft_camp)
    koreans = make_people(name="Корейцы")
    deportation = make_deportation(title="Депортация 1937", peoples=[koreans, draft_people])

    source = make_source(reliability_note="PRIVATE-RELIABILITY")
    person = make_person(surname="Сапаров", burial_site=draft_site)
    make_case(person, notes="PRIVATE-CASE-NOTE", source=source)
    make_imprisonment(person, camp, notes="PRIVATE-CAMP-TERM-NOTE")
    make_imprisonment(person, draft_camp)
    make_deportation_record(person, deportation, notes="PRIVATE-SETTLEMENT-NOTE")
    make_deportation_record(person, draft_deportation)
    make_citation(person, source=source)
    draft_person = make_person(surname="DRAFT-PERSON", status=Status.DRAFT)
    # Held and deported with the published ones: never in their camp's or deportation's list.
    make_imprisonment(draft_person, camp)
    make_deportation_record(draft_person, deportation)
    make_person(surname="REVIEW-PERSON", status=Status.REVIEW)
    # Relatives: one published, whose link has archivists' notes, and two not published.
    wife = make_person(surname="Сапарова", sex="f")
    make_relationship(person, wife, "spouse", notes="PRIVATE-PUBLISHED-RELATIONSHIP-NOTE")
    for status in (Status.DRAFT, Status.REVIEW):
        hidden = make_person(surname=f"{status.upper()}-RELATIVE", status=status)
        make_relationship(hidden, person, "parent", notes="PRIVATE-RELATIONSHIP-NOTE")
        make_relationship(wife, hidden, "other", first_is="aunt", notes="PRIVATE-RELATIONSHIP-NOTE")

    make_published_testimony(person, moderator)
    return person


def api_text(client):
    texts = [client.get("/api/v1/openapi.json").content.decode()]
    for kind in ["people", "camps", "burial-sites", "deportations", "peoples"]:
        address = f"/api/v1/{kind}/?limit=2"
        while address:
            response = client.get(address)
            assert response.status_code == 200
            texts.append(response.content.decode())
            address = response.json()["next"]
            for record in response.json()["results"]:
                detail = client.get(f"/api/v1/{kind}/{record['id']}")
                texts.append(detail.content.decode())
                citation = client.get(f"/api/v1/{kind}/{record['id']}/citation")
                texts.append(citation.content.decode())
    return "\n".join(texts)


def downloads_text(root):
    call_command("export_open_data", stdout=StringIO(), base_url="https://memorial.example")
    texts = []
    for path in sorted(root.iterdir()):
        content = path.read_bytes()
        texts.append(
            gzip.decompress(content).decode() if path.suffix == ".gz" else content.decode()
        )
    return "\n".join(texts)


def harvest_text(client):
    texts = []
    for verb in ("ListRecords", "ListIdentifiers"):
        token = None
        while True:
            query = {"verb": verb}
            query.update({"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"})
            response = client.get("/oai/", query)
            text = response.content.decode()
            texts.append(text)
            if "<resumptionToken" not in text or "></resumptionToken>" in text:
                break
            token = text.split("<resumptionToken", 1)[1].split(">", 1)[1].split("<", 1)[0]
            if not token:
                break
    return "\n".join(texts)


LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def published_people():
    return Person.objects.filter(status=Status.PUBLISHED)


def json_ld_text(client):
    """The schema.org data of every published person's biography."""
    texts = []
    for person in published_people():
        page = client.get(person.get_absolute_url())
        assert page.status_code == 200
        texts += LD_JSON.findall(page.content.decode())
    return "\n".join(texts)


def gedcom_text(client):
    """Every published person's family as GEDCOM, in each version offered."""
    texts = []
    for person in published_people():
        address = reverse("person_gedcom", kwargs={"pk": person.pk})
        for version in ("7.0", "5.5.1"):
            response = client.get(address, {"version": version})
            if response.status_code == 200:
                texts.append(response.content.decode())
    return "\n".join(texts)


@pytest.mark.parametrize("channel", ["api", "downloads", "harvest", "json-ld", "gedcom"])
def test_no_unpublished_record_and_no_private_field_leaves_as_open_data(
    client, records, settings, channel
):
    if channel == "api":
        text = api_text(client)
    elif channel == "downloads":
        text = downloads_text(settings.OPEN_DATA_ROOT)
    elif channel == "json-ld":
        text = json_ld_text(client)
    elif channel == "gedcom":
        text = gedcom_text(client)
    else:
        settings.OAI_PAGE_SIZE = 2
        text = harvest_text(client)
    # The published records are there: the search for private words read real output.
    assert "Сапаров" in text and "Сапарова" in text
    if channel not in ("json-ld", "gedcom"):
        assert "Карлаг" in text and "Корейцы" in text
    if channel in ("api", "downloads", "json-ld"):
        assert '"spouse"' in text or ",spouse," in text
    for private in PRIVATE:
        assert private not in text, f"{private} in the {channel}"
    # Nor are unpublished people linked to by their address.
    for hidden in Person.objects.exclude(status=Status.PUBLISHED):
        assert f"/people/{hidden.pk}/" not in text, f"{hidden} linked in the {channel}"


def test_no_unpublished_relative_is_given_even_by_id(client, records, settings):
    published = set(published_people().values_list("pk", flat=True))
    relatives = [
        relative["id"]
        for person in client.get("/api/v1/people/?limit=500").json()["results"]
        for relative in person["relatives"]
    ]
    assert relatives and set(relatives) <= published
    root = settings.OPEN_DATA_ROOT
    downloads_text(root)
    with gzip.open(root / "relationships.csv.gz", "rt", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(row["first"], row["second"]) for row in rows] == [("Сапаров Иван", "Сапарова Иван")]
    with gzip.open(root / "relationships.jsonl.gz", "rt", encoding="utf-8") as file:
        records = [json.loads(line) for line in file]
    assert {record["first"]["id"] for record in records} <= published
    assert {record["second"]["id"] for record in records} <= published


def in_language(address, language):
    """The same page in another language: the address with its language prefix changed."""
    return re.sub(r"^/[a-z]{2}/", f"/{language}/", address)


def public_pages_text(client):
    """What a visitor reads: every published person's biography, the names list and the
    search, the published camps', deportations' and burial sites' pages, the statistics,
    in each language."""
    from camps.models import BurialSite, Camp
    from deportations.models import Deportation

    addresses = [person.get_absolute_url() for person in published_people()]
    for model in (Camp, BurialSite, Deportation):
        addresses += [
            record.get_absolute_url() for record in model.objects.filter(status=Status.PUBLISHED)
        ]
    texts = []
    for language in ("kk", "ru", "en"):
        for address in addresses:
            page = client.get(in_language(address, language))
            assert page.status_code == 200, address
            texts.append(page.content.decode())
        for address in ("people/", "search/?q=Сапаров", "statistics/"):
            page = client.get(f"/{language}/{address}")
            assert page.status_code == 200, address
            texts.append(page.content.decode())
        for chart in CHARTS:
            address = reverse("statistics:chart_csv", kwargs={"slug": chart.slug})
            texts.append(client.get(in_language(address, language)).content.decode())
    return "\n".join(texts)


def test_no_unpublished_camp_deportation_or_site_is_named_on_a_public_page(client, records):
    text = public_pages_text(client)
    assert "Сапаров" in text and "Карлаг" in text and "Депортация 1937" in text
    # Read in each language: the biography's timeline heading in Kazakh and Russian.
    assert "Өмір жолы және қуғын-сүргін" in text and "Жизнь и репрессии" in text
    for unpublished in UNPUBLISHED:
        assert unpublished not in text, f"{unpublished} on a public page"
    for hidden in Person.objects.exclude(status=Status.PUBLISHED):
        assert f"/people/{hidden.pk}/" not in text, f"{hidden} linked on a public page"


def test_a_term_in_an_unpublished_camp_keeps_the_fact_without_naming_the_camp(client, records):
    page = client.get(in_language(records.get_absolute_url(), "en")).content.decode()
    timeline = page.split('id="timeline-heading"', 1)[1].split("</ol>", 1)[0]
    # Both terms are there, the published camp named and linked, the other only as a camp.
    assert timeline.count("Imprisoned in a camp") == 2
    assert timeline.count("Deported") == 2
    assert "Карлаг" in timeline and "Депортация 1937" in timeline
    assert "DRAFT-CAMP" not in timeline and "DRAFT-DEPORTATION" not in timeline
    assert timeline.count("<a href") == 2
    # The grave is known, in a burial site not yet published: said, not named.
    assert "Buried" in timeline and "DRAFT-SITE" not in page
