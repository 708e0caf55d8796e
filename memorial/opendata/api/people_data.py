"""People as open data, a page at a time.

A million people are walked in ten thousand pages, so a page's cost is the walk's. Related
rows are read as plain values grouped by person, one query each, never as model instances:
prefetching built a query set per person and a model per row, most of a page's time. Dates
are taken as the stored EDTF text, which is what the data gives. A source is described once
a page, however many of its rows cite it (a list imported from one Book of Memory).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, ExpressionWrapper, F, Q, When
from django.urls import reverse

from camps.models import Imprisonment
from deportations.models import DeportationRecord
from memorial.base.models import Citation, Source, Status
from memorial.base.translation import LANGUAGE_CODES, column
from people.models import (
    ImportedRow,
    NameVariant,
    Person,
    Relationship,
    RelationshipKind,
    RepressionCase,
    Role,
)
from people.models.family import ROLE_ORDER
from people.reading_names import FORM_COLUMNS, shown_names

from .representations import source_data, timestamp


def text(field):
    """A date column as its stored EDTF text, not parsed into a PartialDate."""
    return ExpressionWrapper(F(field), output_field=CharField())


def grouped(rows, key="person_id"):
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


class Addresses:
    """Public addresses of records without resolving a URL pattern per record: each pattern
    is reversed once with markers, then filled in."""

    def __init__(self, absolute_url):
        self.absolute_url = absolute_url
        self.patterns = {}

    def __call__(self, name, **kwargs):
        if name not in self.patterns:
            markers = {key: f"0{index}1234567890" for index, key in enumerate(kwargs)}
            pattern = self.absolute_url(reverse(name, kwargs=markers))
            self.patterns[name] = (pattern, markers)
        pattern, markers = self.patterns[name]
        for key, value in kwargs.items():
            pattern = pattern.replace(markers[key], str(value))
        return pattern


def linked(row, prefix, name_field, url_name, addresses):
    """A related record as {id, name, url}, or None when it is not published."""
    if row[f"{prefix}_id"] is None or row[f"{prefix}__status"] != Status.PUBLISHED:
        return None
    return {
        "id": row[f"{prefix}_id"],
        "name": row[f"{prefix}__{name_field}"],
        "url": addresses(url_name, slug=row[f"{prefix}__slug"]),
    }


def name_variants(ids):
    return grouped(
        NameVariant.objects.filter(person_id__any=ids).values(
            "person_id", "surname", "given_name", "patronymic", "kind", "script"
        )
    )


def repression_cases(ids):
    return grouped(
        RepressionCase.objects.filter(person_id__any=ids).values(
            "id",
            "person_id",
            "arrest_place",
            "charge",
            "sentence_kind",
            "sentence_term_years",
            "sentence_term_months",
            "sentence_text",
            "is_rehabilitated",
            "source_id",
            arresting=F("arresting_body__name"),
            sentencing=F("sentencing_body__name"),
            rehabilitating=F("rehabilitation_body__name"),
            arrest=text("arrest_date"),
            sentence=text("sentence_date"),
            rehabilitation=text("rehabilitation_date"),
            # The relative a family-member sentence was for, only while they are published.
            family_member=Case(
                When(family_member_of__status=Status.PUBLISHED, then=F("family_member_of_id")),
                default=None,
            ),
        )
    )


def articles_charged(cases):
    """The codes of the articles each case charged, by case id, in code order."""
    case_ids = [case["id"] for rows in cases.values() for case in rows]
    articles = defaultdict(list)
    if case_ids:
        through = RepressionCase.articles.through.objects.filter(repressioncase_id__any=case_ids)
        for case_id, code in through.order_by("article__code").values_list(
            "repressioncase_id", "article__code"
        ):
            articles[case_id].append(code)
    return articles


def imprisonments(ids):
    return grouped(
        Imprisonment.objects.filter(person_id__any=ids).values(
            "person_id",
            "camp_id",
            "camp__name",
            "camp__slug",
            "camp__status",
            started=text("start"),
            ended=text("end"),
        )
    )


def deportation_records(ids):
    return grouped(
        DeportationRecord.objects.filter(person_id__any=ids).values(
            "person_id",
            "deportation_id",
            "deportation__title",
            "deportation__slug",
            "deportation__status",
            "settled_place",
            region=F("settlement_region__name"),
            arrival=text("arrival_date"),
            release=text("release_date"),
        )
    )


def citations(ids):
    person = ContentType.objects.get_for_model(Person)
    return grouped(
        Citation.objects.filter(content_type=person, object_id__any=ids).values(
            "object_id", "source_id", "locator", "note"
        ),
        key="object_id",
    )


def imported_rows(ids):
    return grouped(
        ImportedRow.objects.filter(person_id__any=ids).values("person_id", "source_id", "locator")
    )


# What a page reads of each relative, from whichever side of the relationship they are.
RELATIVE_COLUMNS = (
    "slug",
    "surname",
    "given_name",
    "patronymic",
    *FORM_COLUMNS.values(),
    "birth_date",
)


def relatives(ids):
    """Each person's published relatives, from whichever side the relationship was entered,
    in the order the biography lists them. One query for both sides: a relationship between
    two people of the page is read once and seen from each. The people of a page are
    published; a relative who is not is never read."""
    on_page, published = set(ids), Status.PUBLISHED
    rows = Relationship.objects.filter(
        Q(first_id__any=ids, second__status=published)
        | Q(second_id__any=ids, first__status=published)
    ).values(
        "kind",
        "first_is",
        "second_is",
        "first_id",
        "second_id",
        started=text("start"),
        ended=text("end"),
        **{
            f"{side}_{name}": F(f"{side}__{name}")
            for side in ("first", "second")
            for name in (*RELATIVE_COLUMNS, "status")
        },
    )
    found = defaultdict(list)
    for row in rows:
        for own, other in (("first", "second"), ("second", "first")):
            if row[f"{own}_id"] in on_page and row[f"{other}_status"] == published:
                found[row[f"{own}_id"]].append(relative_seen_from(one_side(row, other), own))
    for group in found.values():
        group.sort(key=lambda row: row["order"])
    return found


def one_side(row, other):
    """A relationship row with the relative (on the side `other`) as relative_seen_from()
    reads it."""
    return {
        "kind": row["kind"],
        "first_is": row["first_is"],
        "second_is": row["second_is"],
        "started": row["started"],
        "ended": row["ended"],
        "relative_id": row[f"{other}_id"],
        **{name: row[f"{other}_{name}"] for name in RELATIVE_COLUMNS},
    }


def relative_seen_from(row, own):
    """A relationship row as what the relative is to the person on its `own` side."""
    kind = row["kind"]
    if kind == RelationshipKind.PARENT:
        # The first of a parent relationship is the parent.
        role = Role.CHILD if own == "first" else Role.PARENT
    else:
        role = Role(kind)
    words = row["second_is"] if own == "first" else row["first_is"]
    birth = row["birth_date"]
    name = " ".join(part for part in (row["surname"], row["given_name"], row["patronymic"]) if part)
    return {
        **row,
        "role": role,
        "words": words if role == Role.OTHER else "",
        "name": name,
        "order": (ROLE_ORDER.index(role), birth.year if birth else 9999, row["relative_id"]),
    }


def sources_cited(*relations):
    """Each source the rows of `relations` cite, described once however many cite it."""
    source_ids = {
        row["source_id"]
        for relation in relations
        for rows in relation.values()
        for row in rows
        if row["source_id"]
    }
    return {pk: source_data(source) for pk, source in Source.objects.in_bulk(source_ids).items()}


class PageOfPeople:
    """What the people of a page have recorded about them beyond their own row, read with one
    query per relation and grouped by person."""

    def __init__(self, ids, absolute_url):
        self.addresses = Addresses(absolute_url)
        self.variants = name_variants(ids)
        self.cases = repression_cases(ids)
        self.articles = articles_charged(self.cases)
        self.terms = imprisonments(ids)
        self.deportations = deportation_records(ids)
        self.citations = citations(ids)
        self.rows = imported_rows(ids)
        self.relatives = relatives(ids)
        self.sources = sources_cited(self.cases, self.citations, self.rows)


def people_data(people, absolute_url):
    """The open-data representation of each person in `people` (a list), in its order."""
    page = PageOfPeople([person.pk for person in people], absolute_url)
    return [person_data(person, page) for person in people]


def person_data(person, page):
    addresses = page.addresses
    return {
        "id": person.pk,
        "url": addresses("people:person_detail", pk=person.pk, slug=person.slug),
        "published_at": timestamp(person.published_at),
        "updated_at": timestamp(person.updated_at),
        "surname": person.surname,
        "given_name": person.given_name or None,
        "patronymic": person.patronymic or None,
        "full_name": person.full_name,
        "display_names": display_names(person),
        "name_variants": [variant_data(variant) for variant in page.variants[person.pk]],
        "sex": person.sex or None,
        "birth_date": str(person.birth_date) if person.birth_date else None,
        "birth_place": person.birth_place or None,
        "nationality": person.nationality or None,
        "occupation": person.occupation or None,
        "residence": person.residence or None,
        "fate": person.fate or None,
        "death_date": str(person.death_date) if person.death_date else None,
        "death_place": person.death_place or None,
        "burial_site": burial_site(person, addresses),
        "biography": {
            code: getattr(person, column("biography", code)) or None for code in LANGUAGE_CODES
        },
        "cases": [case_data(case, page) for case in page.cases[person.pk]],
        "imprisonments": [imprisonment_data(term, addresses) for term in page.terms[person.pk]],
        "deportations": [
            deportation_record_data(record, addresses) for record in page.deportations[person.pk]
        ],
        "relatives": [relative_data(row, addresses) for row in page.relatives[person.pk]],
        "sources": [
            cited(row, page.sources) for row in [*page.citations[person.pk], *page.rows[person.pk]]
        ],
    }


class NameForms:
    """A relative's row as reading_names reads a person: the recorded name and its forms."""

    def __init__(self, row):
        self.full_name = row["name"]
        for name in FORM_COLUMNS.values():
            setattr(self, name, row[name])


def display_names(person):
    """The name each language's pages show, and how it was found: a recorded Kazakh,
    Russian or Latin form, the recorded name romanized (made here, no record), or the
    recorded name itself."""
    return {
        language: {"name": shown.text, "form": shown.form}
        for language, shown in shown_names(person).items()
    }


def relative_data(row, addresses):
    return {
        "id": row["relative_id"],
        "url": addresses("people:person_detail", pk=row["relative_id"], slug=row["slug"]),
        "name": row["name"],
        "display_names": display_names(NameForms(row)),
        "relation": row["role"].value,
        "words": row["words"] or None,
        "start": row["started"] or None,
        "end": row["ended"] or None,
    }


def variant_data(variant):
    return {
        "surname": variant["surname"],
        "given_name": variant["given_name"] or None,
        "patronymic": variant["patronymic"] or None,
        "kind": variant["kind"],
        "script": variant["script"],
    }


def case_data(case, page):
    return {
        "arrest_date": case["arrest"] or None,
        "arrest_place": case["arrest_place"] or None,
        "arresting_body": case["arresting"],
        "articles": page.articles[case["id"]],
        "charge": case["charge"] or None,
        "sentence_date": case["sentence"] or None,
        "sentencing_body": case["sentencing"],
        "sentence": case["sentence_kind"] or None,
        "sentence_term_years": case["sentence_term_years"],
        "sentence_term_months": case["sentence_term_months"],
        "sentence_text": case["sentence_text"] or None,
        "rehabilitated": case["is_rehabilitated"],
        "rehabilitation_date": case["rehabilitation"] or None,
        "rehabilitation_body": case["rehabilitating"],
        "family_member_of": case["family_member"],
        "source": page.sources[case["source_id"]] if case["source_id"] else None,
    }


def imprisonment_data(term, addresses):
    return {
        "camp": linked(term, "camp", "name", "camps:camp_detail", addresses),
        "start": term["started"] or None,
        "end": term["ended"] or None,
    }


def deportation_record_data(record, addresses):
    return {
        "deportation": linked(
            record, "deportation", "title", "deportations:deportation_detail", addresses
        ),
        "settled_place": record["settled_place"] or None,
        "settlement_region": record["region"],
        "arrival_date": record["arrival"] or None,
        "release_date": record["release"] or None,
    }


def cited(row, sources):
    """A citation or an imported list's row: the source, and where in it."""
    return {
        **sources[row["source_id"]],
        "locator": row["locator"] or None,
        "note": row.get("note") or None,
    }


def burial_site(person, addresses):
    site = person.burial_site
    if site is None or not site.is_published:
        return None
    return {
        "id": site.pk,
        "name": site.name,
        "url": addresses("camps:burialsite_detail", slug=site.slug),
    }
