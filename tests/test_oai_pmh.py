"""Archives and aggregators harvest the published records over OAI-PMH, a page at a time,
and later only what changed; nothing unpublished or private ever reaches them."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group, User

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.base.models import Status
from memorial.base.roles import MODERATOR
from people.merging import people_merge
from people.models import Person
from tests.factories import (
    make_burial_site,
    make_camp,
    make_case,
    make_citation,
    make_deportation,
    make_family,
    make_imprisonment,
    make_people,
    make_person,
    make_published_testimony,
    make_relationship,
    make_source,
)

pytestmark = pytest.mark.django_db

OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {
    "oai": OAI,
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
UTC = datetime.UTC


def oai(client, method="get", **params):
    """The parsed answer to a request, checked to be an OAI-PMH document."""
    response = getattr(client, method)("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{OAI}}}OAI-PMH"
    assert len(root.find("oai:responseDate", NS).text) == len("2024-01-01T00:00:00Z")
    assert root.find("oai:request", NS).text == "http://testserver/oai/"
    return root


def error_code(root):
    error = root.find("oai:error", NS)
    return error is not None and error.get("code")


def harvest(client, verb="ListRecords", **params):
    """Every header of a whole list, following resumption tokens; and each page's root."""
    if "resumptionToken" not in params:
        params = {"metadataPrefix": "oai_dc", **params}
    params = {"verb": verb, **params}
    headers, pages = [], []
    while True:
        root = oai(client, **params)
        pages.append(root)
        if error_code(root) == "noRecordsMatch":
            return headers, pages
        assert not error_code(root), ET.tostring(root)
        headers += root.findall(f".//oai:{verb}//oai:header", NS)
        token = root.find(f".//oai:{verb}/oai:resumptionToken", NS)
        if token is None or not token.text:
            return headers, pages
        params = {"verb": verb, "resumptionToken": token.text}


def identifiers(headers, deleted=False):
    return [
        header.find("oai:identifier", NS).text
        for header in headers
        if (header.get("status") == "deleted") == deleted
    ]


def oai_id(record, set_spec):
    return f"oai:memorial.kz:{set_spec}/{record.pk}"


def changed(record, moment):
    """Set a record's last change, which saving would move to now."""
    type(record).objects.filter(pk=record.pk).update(updated_at=moment)


def dc(root):
    """{element: [values]} of the first record's Dublin Core."""
    found = {}
    for element in root.find(".//oai_dc:dc", NS):
        found.setdefault(element.tag.split("}")[1], []).append(element.text)
    return found


def test_identify_describes_the_repository(client):
    person = make_person()
    changed(person, datetime.datetime(2021, 5, 31, 10, 0, 7, 500, tzinfo=UTC))
    make_person(status=Status.DRAFT)  # never published: not the earliest
    root = oai(client, verb="Identify")
    assert root.find("oai:request", NS).attrib == {"verb": "Identify"}
    identify = root.find("oai:Identify", NS)
    assert identify.find("oai:repositoryName", NS).text == (
        "Memorial: victims of political repression in Kazakhstan"
    )
    assert identify.find("oai:baseURL", NS).text == "http://testserver/oai/"
    assert identify.find("oai:protocolVersion", NS).text == "2.0"
    assert identify.find("oai:deletedRecord", NS).text == "transient"
    assert identify.find("oai:granularity", NS).text == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.find("oai:earliestDatestamp", NS).text == "2021-05-31T10:00:07Z"
    assert identify.find("oai:adminEmail", NS).text
    sample = identify.find(
        ".//{http://www.openarchives.org/OAI/2.0/oai-identifier}sampleIdentifier"
    )
    assert sample.text == "oai:memorial.kz:people/1"


def test_the_repository_identifier_is_a_setting(client, settings):
    settings.OAI_REPOSITORY_IDENTIFIER = "archive.example.kz"
    person = make_person()
    headers, _pages = harvest(client, "ListIdentifiers")
    assert identifiers(headers) == [f"oai:archive.example.kz:people/{person.pk}"]


def test_list_metadata_formats_offers_dublin_core(client):
    person = make_person()
    for params in ({}, {"identifier": oai_id(person, "people")}):
        root = oai(client, verb="ListMetadataFormats", **params)
        formats = root.findall(".//oai:metadataFormat", NS)
        assert [f.find("oai:metadataPrefix", NS).text for f in formats] == ["oai_dc"]
        assert formats[0].find("oai:metadataNamespace", NS).text == NS["oai_dc"]
    unknown = oai(client, verb="ListMetadataFormats", identifier="oai:memorial.kz:people/999999")
    assert error_code(unknown) == "idDoesNotExist"


def test_list_sets_has_one_set_per_kind(client):
    root = oai(client, verb="ListSets")
    specs = [spec.text for spec in root.findall(".//oai:set/oai:setSpec", NS)]
    assert specs == ["people", "camps", "burial-sites", "deportations", "peoples"]
    assert all(name.text for name in root.findall(".//oai:set/oai:setName", NS))
    assert error_code(oai(client, verb="ListSets", resumptionToken="x")) == "badResumptionToken"


def test_get_record_gives_a_person_in_dublin_core(client):
    person = make_person(
        surname="Байтурсынов",
        given_name="Ахмет",
        patronymic="Байтурсынович",
        birth_date="1872",
        birth_place="Turgai uyezd",
        nationality="Kazakh",
        occupation="poet",
        fate="shot",
        death_date="1937-12-08",
        death_place="Alma-Ata",
        biography_en="<p>A <em>poet</em> &amp; scholar.</p>",
        biography_ru="<p>Поэт и учёный.</p>",
    )
    root = oai(
        client, verb="GetRecord", identifier=oai_id(person, "people"), metadataPrefix="oai_dc"
    )
    header = root.find(".//oai:record/oai:header", NS)
    assert header.find("oai:identifier", NS).text == oai_id(person, "people")
    assert header.find("oai:setSpec", NS).text == "people"
    assert header.get("status") is None
    record = dc(root)
    assert record["title"] == ["Байтурсынов Ахмет Байтурсынович"]
    assert record["creator"] == ["Memorial: victims of political repression in Kazakhstan"]
    assert record["date"] == ["1872", "1937-12-08"]
    assert record["coverage"] == ["Turgai uyezd", "Alma-Ata"]
    assert "Victims of political repression" in record["subject"]
    assert "shot" in record["subject"]
    assert "A poet & scholar." in record["description"]
    assert "Поэт и учёный." in record["description"]
    assert any("Kazakh" in text and "1937" in text for text in record["description"])
    assert record["language"] == ["ru", "en"]
    assert record["type"] == ["Text"]
    assert record["identifier"] == [f"http://testserver{person.get_absolute_url()}"]
    assert record["rights"] == ["CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"]
    languages = [
        element.get("{http://www.w3.org/XML/1998/namespace}lang")
        for element in root.findall(".//dc:description", NS)
    ]
    assert languages == [None, "ru", "en"]


def test_a_person_s_published_relatives_are_related_resources(client):
    husband, wife, son = make_family()
    hidden = make_person(surname="Черновик", status=Status.REVIEW)
    make_relationship(son, hidden, "sibling", notes="PRIVATE-RELATIONSHIP-NOTE")

    root = oai(client, verb="GetRecord", identifier=oai_id(son, "people"), metadataPrefix="oai_dc")
    record = dc(root)

    assert record["relation"] == [
        f"http://testserver{husband.get_absolute_url()}",
        f"http://testserver{wife.get_absolute_url()}",
    ]
    names = [element.tag.split("}")[1] for element in root.find(".//oai_dc:dc", NS)]
    assert names.index("relation") > names.index("identifier")
    text = ET.tostring(root, encoding="unicode")
    assert hidden.get_absolute_url() not in text and "PRIVATE-RELATIONSHIP-NOTE" not in text
    camp = make_camp()
    root = oai(client, verb="GetRecord", identifier=oai_id(camp, "camps"), metadataPrefix="oai_dc")
    assert "relation" not in dc(root)


def test_get_record_of_each_other_kind(client):
    camp = make_camp(name="Karlag", full_name="Karaganda corrective labour camp", opened="1931")
    camp.closed = "1959"
    camp.save()
    site = make_burial_site(name="Zhanalyk", place="near Almaty")
    hidden = make_people(name="Hidden people", status=Status.DRAFT)
    koreans = make_people(name="Koreans")
    deportation = make_deportation(
        peoples=[koreans, hidden], title="Deportation of Koreans, 1937", origin="the Far East"
    )
    expected = {
        (camp, "camps"): "Karlag",
        (site, "burial-sites"): "Zhanalyk",
        (deportation, "deportations"): "Deportation of Koreans, 1937",
        (koreans, "peoples"): "Koreans",
    }
    for (record, set_spec), title in expected.items():
        root = oai(
            client, verb="GetRecord", identifier=oai_id(record, set_spec), metadataPrefix="oai_dc"
        )
        assert dc(root)["title"][0] == title
    camp_dc = dc(
        oai(client, verb="GetRecord", identifier=oai_id(camp, "camps"), metadataPrefix="oai_dc")
    )
    assert "1931/1959" in camp_dc["coverage"]
    deportation_dc = dc(
        oai(
            client,
            verb="GetRecord",
            identifier=oai_id(deportation, "deportations"),
            metadataPrefix="oai_dc",
        )
    )
    assert "Koreans" in deportation_dc["subject"]
    assert "Hidden people" not in str(deportation_dc)
    assert "the Far East" in deportation_dc["coverage"]


def test_list_records_and_identifiers_cover_every_kind(client):
    records = {
        "people": make_person(),
        "camps": make_camp(),
        "burial-sites": make_burial_site(),
        "deportations": make_deportation(),
        "peoples": make_people(),
    }
    everything = {oai_id(record, spec) for spec, record in records.items()}
    for verb in ("ListIdentifiers", "ListRecords"):
        headers, _pages = harvest(client, verb)
        assert set(identifiers(headers)) == everything
        for spec, record in records.items():
            headers, _pages = harvest(client, verb, set=spec)
            assert identifiers(headers) == [oai_id(record, spec)]
    headers, pages = harvest(client, "ListRecords")
    assert len(pages[0].findall(".//oai_dc:dc", NS)) == 5


def test_a_harvest_in_pages_returns_every_published_record_exactly_once(client, settings):
    settings.OAI_PAGE_SIZE = 3
    moment = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    people = [make_person(surname=f"Person {n}") for n in range(8)]
    for number, person in enumerate(people):
        # Imports give a whole batch one updated_at: the id must break the tie.
        changed(person, moment + datetime.timedelta(seconds=number // 3))
    make_person(status=Status.DRAFT)
    others = [make_camp(), make_camp(), make_burial_site(), make_deportation(), make_people()]
    expected = [oai_id(p, "people") for p in people]
    expected += [oai_id(c, "camps") for c in others[:2]]
    expected += [
        oai_id(others[2], "burial-sites"),
        oai_id(others[3], "deportations"),
        oai_id(others[4], "peoples"),
    ]
    for verb in ("ListRecords", "ListIdentifiers"):
        headers, pages = harvest(client, verb)
        assert identifiers(headers) == expected
        assert len(pages) == 5
        tokens = [page.find(f".//oai:{verb}/oai:resumptionToken", NS) for page in pages]
        assert [token.get("cursor") for token in tokens] == ["0", "3", "6", "9", "12"]
        assert tokens[-1].text is None  # the last page says the list is complete
    headers, pages = harvest(client, set="people")
    assert identifiers(headers) == expected[:8]
    assert len(pages) == 3


def test_a_list_that_fills_its_last_page_exactly_has_no_empty_page_after(client, settings):
    settings.OAI_PAGE_SIZE = 2
    make_person(), make_person()
    headers, pages = harvest(client)
    assert len(headers) == 2 and len(pages) == 1
    assert pages[0].find(".//oai:resumptionToken", NS) is None


def test_a_record_changed_during_a_harvest_is_not_lost(client, settings):
    settings.OAI_PAGE_SIZE = 2
    people = [make_person() for _ in range(4)]
    for number, person in enumerate(people):
        changed(
            person, datetime.datetime(2024, 1, 1, tzinfo=UTC) + datetime.timedelta(hours=number)
        )
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.find(".//oai:resumptionToken", NS).text
    people[0].save()  # corrected after the harvester read it: it comes again, at the end
    rest, _pages = harvest(client, "ListIdentifiers", resumptionToken=token)
    assert identifiers(rest) == [
        oai_id(people[2], "people"),
        oai_id(people[3], "people"),
        oai_id(people[0], "people"),
    ]


@pytest.mark.parametrize("with_set", [False, True])
def test_from_and_until_select_the_records_changed_in_the_window(client, with_set):
    day = datetime.datetime(2024, 3, 10, tzinfo=UTC)
    before, early, late, after = (make_person() for _ in range(4))
    changed(before, day - datetime.timedelta(microseconds=1))
    changed(early, day)
    changed(late, day + datetime.timedelta(hours=23, minutes=59, seconds=59, microseconds=999))
    changed(after, day + datetime.timedelta(days=1))
    camp = make_camp()
    changed(camp, day + datetime.timedelta(hours=12))
    extra = {"set": "people"} if with_set else {}
    headers, _pages = harvest(client, **extra, **{"from": "2024-03-10", "until": "2024-03-10"})
    window = [oai_id(early, "people"), oai_id(late, "people")]
    assert identifiers(headers) == window + ([] if with_set else [oai_id(camp, "camps")])
    headers, _pages = harvest(
        client, **extra, **{"from": "2024-03-10T23:59:59Z", "until": "2024-03-11T00:00:00Z"}
    )
    assert identifiers(headers) == [oai_id(late, "people"), oai_id(after, "people")]
    headers, _pages = harvest(client, **extra, **{"from": "2024-03-11"})
    assert identifiers(headers) == [oai_id(after, "people")]
    headers, _pages = harvest(client, **extra, until="2024-03-09T23:59:59Z")
    assert identifiers(headers) == [oai_id(before, "people")]
    _headers, pages = harvest(client, **extra, **{"from": "2030-01-01"})
    assert error_code(pages[0]) == "noRecordsMatch"


def test_datestamps_are_the_last_change_in_utc(client):
    person = make_person()
    almaty = datetime.timezone(datetime.timedelta(hours=5))
    changed(person, datetime.datetime(2024, 3, 10, 2, 30, 15, 999999, tzinfo=almaty))
    headers, _pages = harvest(client, "ListIdentifiers")
    assert headers[0].find("oai:datestamp", NS).text == "2024-03-09T21:30:15Z"


def test_unpublished_records_are_never_seen_and_withdrawn_ones_are_deleted(client, superuser):
    draft = make_person(surname="DraftSurname", status=Status.DRAFT)
    review = make_person(surname="ReviewSurname", status=Status.REVIEW)
    withdrawn = make_person(surname="WithdrawnSurname", biography_en="<p>WithdrawnText</p>")
    withdrawn.status = Status.REVIEW
    withdrawn.save()
    draft_camp = make_camp(name="DraftCamp", status=Status.DRAFT)
    withdrawn_camp = make_camp(name="WithdrawnCamp")
    withdrawn_camp.status = Status.DRAFT
    withdrawn_camp.save()
    kept = make_person(surname="Kept")
    merged = make_person(surname="MergedSurname")
    merged_draft = make_person(surname="MergedDraft", status=Status.DRAFT)
    merged_id, merged_draft_id = merged.pk, merged_draft.pk
    people_merge(keep=kept, remove=merged, user=superuser)
    people_merge(keep=kept, remove=merged_draft, user=superuser)

    for verb in ("ListRecords", "ListIdentifiers"):
        headers, pages = harvest(client, verb)
        text = b"".join(ET.tostring(page) for page in pages).decode()
        assert identifiers(headers) == [oai_id(kept, "people")]
        assert identifiers(headers, deleted=True) == [
            oai_id(withdrawn, "people"),
            f"oai:memorial.kz:people/{merged_id}",
            oai_id(withdrawn_camp, "camps"),
        ]
        for never_public in (draft.pk, review.pk, merged_draft_id):
            assert f"people/{never_public}<" not in text
        assert f"camps/{draft_camp.pk}<" not in text
        for secret in ("Draft", "Review", "Withdrawn", "MergedSurname"):
            assert secret not in text
    deleted = [h for h in headers if h.get("status") == "deleted"]
    # A deleted header says which record and when, nothing more.
    assert all(
        [child.tag.split("}")[1] for child in h] == ["identifier", "datestamp"] for h in deleted
    )

    for record, spec in ((draft, "people"), (review, "people"), (draft_camp, "camps")):
        root = oai(
            client, verb="GetRecord", identifier=oai_id(record, spec), metadataPrefix="oai_dc"
        )
        assert error_code(root) == "idDoesNotExist"
    root = oai(
        client, verb="GetRecord", identifier=f"oai:memorial.kz:people/{merged_draft_id}",
        metadataPrefix="oai_dc",
    )  # fmt: skip
    assert error_code(root) == "idDoesNotExist"
    for identifier in (oai_id(withdrawn, "people"), f"oai:memorial.kz:people/{merged_id}"):
        root = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
        assert root.find(".//oai:header", NS).get("status") == "deleted"
        assert root.find(".//oai:metadata", NS) is None


def test_a_record_published_again_is_no_longer_deleted(client):
    person = make_person()
    person.status = Status.DRAFT
    person.save()
    person.status = Status.PUBLISHED
    person.save()
    headers, _pages = harvest(client)
    assert identifiers(headers) == [oai_id(person, "people")]
    assert identifiers(headers, deleted=True) == []


def test_no_private_text_is_ever_harvested(client):
    moderator = User.objects.create_user("moderator", "mod@example.kz", "pw", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATOR))
    source = make_source(reliability_note="PRIVATE-RELIABILITY")
    person = make_person(surname="Сапаров", is_synthetic=False, created_by=moderator)
    make_case(person, notes="PRIVATE-CASE-NOTE", source=source)
    make_imprisonment(person, make_camp(), notes="PRIVATE-PRISON-NOTE")
    make_citation(person, source=source)
    make_published_testimony(person, moderator)
    everything = []
    for verb in ("ListRecords", "ListIdentifiers"):
        for params in ({}, {"set": "people"}):
            _headers, pages = harvest(client, verb, **params)
            everything += [ET.tostring(page, encoding="unicode") for page in pages]
    root = oai(
        client, verb="GetRecord", identifier=oai_id(person, "people"), metadataPrefix="oai_dc"
    )
    everything.append(ET.tostring(root, encoding="unicode"))
    text = "\n".join(everything)
    assert "Сапаров" in text
    for private in [
        "aigerim@example.kz", "+7 701 123 45 67", "PRIVATE-MODERATOR-NOTE", "PRIVATE-SUBMITTER",
        "PRIVATE-STORY", "PRIVATE-CASE-NOTE", "PRIVATE-PRISON-NOTE", "PRIVATE-RELIABILITY",
        "moderator", "mod@example.kz", "granddaughter", "synthetic",
    ]:  # fmt: skip
        assert private not in text, private


def test_a_page_of_records_costs_the_same_queries_whatever_its_size(
    client, settings, django_assert_max_num_queries
):
    koreans = make_people()
    previous = None
    for number in range(40):
        person = make_person(surname=f"Person {number}", biography_en="<p>Text</p>", fate="shot")
        make_camp()
        make_deportation(peoples=[koreans])
        if number % 2:
            make_relationship(previous, person, "sibling")
        previous = person
    # Deportations read the most: their peoples and regions come by prefetching; people
    # their relatives.
    for set_spec in ("deportations", "people"):
        counts = {}
        for size in (3, 30):
            settings.OAI_PAGE_SIZE = size
            with django_assert_max_num_queries(3) as queries:
                root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set=set_spec)
            assert len(root.findall(".//oai:record", NS)) == size
            counts[size] = len(queries.captured_queries)
        assert counts[3] == counts[30]
    # A page across every kind asks each kind once, and its prefetches.
    settings.OAI_PAGE_SIZE = 100
    with django_assert_max_num_queries(9):
        root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(root.findall(".//oai:record", NS)) == 100
    token = root.find(".//oai:resumptionToken", NS).text
    with django_assert_max_num_queries(9):
        root = oai(client, verb="ListRecords", resumptionToken=token)
    assert len(root.findall(".//oai:record", NS)) == 21


def test_post_is_answered_like_get(client):
    person = make_person()
    root = oai(client, "post", verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert identifiers(root.findall(".//oai:header", NS)) == [oai_id(person, "people")]
    assert root.find("oai:request", NS).attrib == {
        "verb": "ListIdentifiers",
        "metadataPrefix": "oai_dc",
    }


def test_other_methods_are_refused(client):
    assert client.put("/oai/").status_code == 405


LIST = "verb=ListRecords&metadataPrefix=oai_dc"
GET = "verb=GetRecord&identifier=oai:"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=Explode", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&colour=red", "badArgument"),
        ("verb=Identify&identifier=x", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        (f"{LIST}&metadataPrefix=oai_dc", "badArgument"),
        (f"{LIST}&resumptionToken=abc", "badArgument"),
        (f"{LIST}&from=", "badArgument"),
        (f"{LIST}&from=2024-01-01&until=2024-01-02T00:00:00Z", "badArgument"),
        (f"{LIST}&from=2024-02-01&until=2024-01-01", "badArgument"),
        (f"{LIST}&from=2024-02-30", "badArgument"),
        (f"{LIST}&from=0000-01-01", "badArgument"),
        (f"{LIST}&from=99999-01-01", "badArgument"),
        (f"{LIST}&from=2024-01-01T00:00:00", "badArgument"),
        (f"{LIST}&from=2024-01-01T00:00:00%2B05:00", "badArgument"),
        (f"{LIST}&from=%D9%A2%D9%A0%D9%A2%D9%A4-01-01", "badArgument"),  # Arabic-Indic digits
        ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
        (f"{LIST}&set=nothing", "noRecordsMatch"),
        ("verb=ListRecords&resumptionToken=garbage", "badResumptionToken"),
        ("verb=ListIdentifiers&resumptionToken=W10", "badResumptionToken"),
        (f"{GET}memorial.kz:people/1", "badArgument"),
        (f"{GET}memorial.kz:people/1&metadataPrefix=mods", "cannotDisseminateFormat"),
        (f"{GET}memorial.kz:people/999999&metadataPrefix=oai_dc", "idDoesNotExist"),
        (f"{GET}other.org:people/1&metadataPrefix=oai_dc", "idDoesNotExist"),
        (f"{GET}memorial.kz:stories/1&metadataPrefix=oai_dc", "idDoesNotExist"),
    ],
)
def test_errors_are_the_ones_the_protocol_names(client, query, code):
    make_person(pk=1)
    response = client.get(f"/oai/?{query}")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert error_code(root) == code
    if code in ("badVerb", "badArgument"):
        assert root.find("oai:request", NS).attrib == {}  # the protocol says: no arguments
    assert root.find("oai:ListRecords", NS) is None


HOSTILE = [
    "9999-12-31T23:59:59Z",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "a\x00b",
    "\x00",
    "x" * 10_000,
    "<x-probe>&\"'",
    "٣",
    "-1",
    "people/99999999999999999999999",
    "oai:memorial.kz:people/99999999999999999999999",
    "oai:memorial.kz:people/9223372036854775808",
    "oai:memorial.kz:people/0",
    "eyJ9",
    "WyJvYWlfZGMiLCIiLCIiLCIiLCJwZW9wbGUiLCIiLDAsMF0",
    "WyJvYWlfZGMiLCIiLCIiLCIiLCJwZW9wbGUiLCI5OTk5LTEyLTMxVDIzOjU5OjU5KzAwOjAwIiw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5LDBd",
    "\ud800",
    "\x0b\x1f\ufffe",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "argument", ["from", "until", "set", "identifier", "resumptionToken", "metadataPrefix"]
)
def test_hostile_values_never_cause_a_server_error(client, argument, value):
    make_person(), make_camp()
    for verb in ("ListRecords", "GetRecord", "ListMetadataFormats"):
        params = {"verb": verb, "metadataPrefix": "oai_dc", argument: value}
        encoded = {k: v.encode("utf-8", "surrogatepass") for k, v in params.items()}
        response = client.get("/oai/", encoded)
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # well-formed, whatever was echoed
        assert b"<x-probe" not in response.content
        assert root.find("oai:request", NS) is not None


def test_a_token_made_by_the_portal_resumes_even_at_the_end_of_time(client, settings):
    settings.OAI_PAGE_SIZE = 1
    make_person(), make_person()
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", until="9999-12-31T23:59:59Z")
    token = root.find(".//oai:resumptionToken", NS).text
    root = oai(client, verb="ListRecords", resumptionToken=token)
    assert len(root.findall(".//oai:record", NS)) == 1


def test_characters_xml_cannot_carry_are_left_out(client):
    person = make_person(surname="Ив\x01анов", biography_en="<p>One\x02 two \ufffe three</p>")
    root = oai(
        client, verb="GetRecord", identifier=oai_id(person, "people"), metadataPrefix="oai_dc"
    )
    assert dc(root)["title"] == ["Иванов Иван"]
    assert dc(root)["description"][-1] == "One two  three"


def test_long_texts_are_cut_at_a_word(client):
    person = make_person(biography_en="<p>" + "word " * 1000 + "</p>")
    root = oai(
        client, verb="GetRecord", identifier=oai_id(person, "people"), metadataPrefix="oai_dc"
    )
    description = dc(root)["description"][-1]
    assert len(description) <= 1001 and description.endswith("word…")


def test_every_kind_of_record_is_harvestable_by_its_model():
    # The sets name every publishable kind of record a catalogue would want.
    from memorial.opendata.oai.harvest import STREAMS

    assert {stream.model for stream in STREAMS} >= {
        Person,
        Camp,
        BurialSite,
        Deportation,
        DeportedPeople,
    }


def test_the_answer_follows_the_protocol_s_structure(client):
    person = make_person(biography_en="<p>Text</p>")
    identify = oai(client, verb="Identify").find("oai:Identify", NS)
    assert [child.tag.split("}")[1] for child in identify] == [
        "repositoryName", "baseURL", "protocolVersion", "adminEmail", "earliestDatestamp",
        "deletedRecord", "granularity", "description",
    ]  # fmt: skip
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    record = root.find("oai:ListRecords/oai:record", NS)
    assert [child.tag for child in record] == [f"{{{OAI}}}header", f"{{{OAI}}}metadata"]
    assert [child.tag for child in record.find("oai:header", NS)] == [
        f"{{{OAI}}}identifier", f"{{{OAI}}}datestamp", f"{{{OAI}}}setSpec",
    ]  # fmt: skip
    metadata = record.find("oai:metadata", NS)
    assert [child.tag for child in metadata] == [f"{{{NS['oai_dc']}}}dc"]
    assert all(element.tag.startswith(f"{{{NS['dc']}}}") for element in metadata[0])
    assert identifiers(root.findall(".//oai:header", NS)) == [oai_id(person, "people")]


def test_the_answer_does_not_depend_on_the_harvester_s_language(client, settings):
    settings.LANGUAGE_CODE = "ru"
    person = make_person()
    params = {"verb": "GetRecord", "identifier": oai_id(person, "people")}
    answers = [
        client.get(
            "/oai/", {**params, "metadataPrefix": "oai_dc"}, headers={"accept-language": code}
        )
        for code in ("kk", "en", "ru")
    ]
    records = [dc(ET.fromstring(answer.content)) for answer in answers]
    assert records[0] == records[1] == records[2]
    assert records[0]["identifier"] == [f"http://testserver/ru/people/{person.pk}/{person.slug}/"]


def test_a_relative_withdrawn_later_is_harvested_again_without_the_relation(client):
    husband, wife, son = make_family()
    long_ago = datetime.datetime(2024, 3, 10, tzinfo=UTC)
    for person in (husband, wife, son):
        changed(person, long_ago)
    wife.refresh_from_db()
    wife.status = Status.DRAFT
    wife.save()
    headers, pages = harvest(client, set="people", **{"from": "2025-01-01"})
    assert oai_id(husband, "people") in identifiers(headers)
    assert oai_id(son, "people") in identifiers(headers)
    text = "".join(ET.tostring(page, encoding="unicode") for page in pages)
    assert wife.get_absolute_url() not in text


def test_a_biographys_paragraphs_stay_apart_in_the_description(client):
    person = make_person(biography_en="<p>Arrested in 1937.</p><p>Named among the victims.</p>")
    root = oai(
        client, verb="GetRecord", identifier=oai_id(person, "people"), metadataPrefix="oai_dc"
    )
    assert "Arrested in 1937.\n\nNamed among the victims." in dc(root)["description"]
