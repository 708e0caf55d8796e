"""The API's OpenAPI 3.1 description, built from the same filters and kinds the API serves,
so the two cannot drift apart. Every object is closed (no property it does not list), so a
field added to a representation and not described here fails the Schemathesis run in CI."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext as _

from memorial.base.translation import LANGUAGE_CODES
from people.filters import YearFilter
from people.models import RelationshipKind, Role

from .endpoints import KINDS
from .filters import LARGEST_ID, MAX_TEXT, RecordIdFilter, TrueFalseFilter

TEXT = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}


def maybe(schema):
    if "$ref" in schema or "type" not in schema or isinstance(schema["type"], list):
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def closed(properties, required=None):
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def array(schema):
    return {"type": "array", "items": schema}


EDTF = {
    "type": ["string", "null"],
    "description": "A date as the source gives it, in a subset of EDTF (ISO 8601-2): "
    '"1890", "1938-03", "1938-03-05", "1937-23" (autumn), "1890~" (circa), '
    '"1937/1938" (between).',
}
TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}
IN_LANGUAGES = closed({code: maybe(TEXT) for code in LANGUAGE_CODES})
IN_LANGUAGES["description"] = "Formatted text (safe HTML) in Kazakh, Russian and English."


def common():
    return {
        "id": INTEGER,
        "url": {**URL, "description": "The record's public page."},
        "published_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
    }


# The fields of a source that it may leave out (null).
SOURCE_FIELDS = [
    "author",
    "publisher",
    "url",
    "archive",
    "fond",
    "opis",
    "delo",
    "sheets",
    "volume",
    "page",
]


def source_properties():
    return {
        "kind": TEXT,
        "title": TEXT,
        **{name: maybe(TEXT) for name in SOURCE_FIELDS},
        "date": EDTF,
        "citation": TEXT,
    }


def place_properties():
    return {
        "place": maybe(TEXT),
        "region": maybe(TEXT),
        "coordinates": maybe(
            closed({"latitude": {"type": "number"}, "longitude": {"type": "number"}})
        ),
    }


def described_record(fields):
    """A record with a public page: its address and dates, `fields`, a description in each
    language and the sources cited."""
    return closed(
        {**common(), **fields, "description": IN_LANGUAGES, "sources": array(ref("CitedSource"))}
    )


def reference_schema():
    return closed({"id": INTEGER, "name": TEXT, "url": URL})


def source_schema():
    return closed(source_properties())


def cited_source_schema():
    return closed({**source_properties(), "locator": maybe(TEXT), "note": maybe(TEXT)})


def case_schema():
    return closed(
        {
            "arrest_date": EDTF,
            "arrest_place": maybe(TEXT),
            "arresting_body": maybe(TEXT),
            "articles": array(TEXT),
            "charge": maybe(TEXT),
            "sentence_date": EDTF,
            "sentencing_body": maybe(TEXT),
            "sentence": maybe(TEXT),
            "sentence_term_years": maybe(INTEGER),
            "sentence_term_months": maybe(INTEGER),
            "sentence_text": maybe(TEXT),
            "rehabilitated": {**maybe(BOOLEAN), "description": "null: not known."},
            "rehabilitation_date": EDTF,
            "rehabilitation_body": maybe(TEXT),
            "family_member_of": {
                **maybe(INTEGER),
                "description": "For a sentence as a family member of a traitor (ChSIR): the "
                "id of the published relative it was for, one of `relatives`.",
            },
            "source": maybe(ref("Source")),
        }
    )


def name_variant_schema():
    return closed(
        {
            "surname": TEXT,
            "given_name": maybe(TEXT),
            "patronymic": maybe(TEXT),
            "kind": TEXT,
            "script": TEXT,
        }
    )


def imprisonment_schema():
    return closed({"camp": maybe(ref("Reference")), "start": EDTF, "end": EDTF})


def deportation_record_schema():
    return closed(
        {
            "deportation": maybe(ref("Reference")),
            "settled_place": maybe(TEXT),
            "settlement_region": maybe(TEXT),
            "arrival_date": EDTF,
            "release_date": EDTF,
        }
    )


def relative_schema():
    return closed(
        {
            "id": INTEGER,
            "url": {**URL, "description": "The relative's public page."},
            "name": TEXT,
            "display_names": display_names_schema(),
            "relation": {
                "type": "string",
                "enum": [role.value for role in Role],
                "description": "What the relative is to this person.",
            },
            "words": {
                **maybe(TEXT),
                "description": "For `other`: the archivist's words for what the relative is "
                "to this person (uncle, fiancée); otherwise null.",
            },
            "start": EDTF,
            "end": EDTF,
        }
    )


def display_names_schema():
    shown = closed(
        {
            "name": TEXT,
            "form": {
                "type": "string",
                "enum": ["kazakh", "russian", "latin", "romanized", "recorded"],
                "description": "A recorded Kazakh, Russian or Latin form of the name; "
                "`romanized`: the recorded name in Latin letters (BGN/PCGN without "
                "diacritics), made by the portal, no record; `recorded`: the recorded name.",
            },
        }
    )
    schema = closed({code: shown for code in LANGUAGE_CODES})
    schema["description"] = (
        "The name the portal's pages in Kazakh, Russian and English show. Lists and the API "
        "sort by the recorded name (`full_name`)."
    )
    return schema


def person_schema():
    return closed(
        {
            **common(),
            "surname": TEXT,
            "given_name": maybe(TEXT),
            "patronymic": maybe(TEXT),
            "full_name": TEXT,
            "display_names": display_names_schema(),
            "name_variants": array(name_variant_schema()),
            "sex": maybe(TEXT),
            "birth_date": EDTF,
            "birth_place": maybe(TEXT),
            "nationality": maybe(TEXT),
            "occupation": maybe(TEXT),
            "residence": maybe(TEXT),
            "fate": maybe(TEXT),
            "death_date": EDTF,
            "death_place": maybe(TEXT),
            "burial_site": maybe(ref("Reference")),
            "biography": IN_LANGUAGES,
            "cases": array(ref("Case")),
            "imprisonments": array(imprisonment_schema()),
            "deportations": array(deportation_record_schema()),
            "relatives": {
                **array(relative_schema()),
                "description": "Relatives recorded on the portal and published, parents first.",
            },
            "sources": array(ref("CitedSource")),
        }
    )


def relationship_schema():
    """Two published people as family, as the bulk downloads give it; the API gives each
    person's relatives within the person."""
    return closed(
        {
            "first": {**ref("Reference"), "description": "For `parent`: the parent."},
            "second": {**ref("Reference"), "description": "For `parent`: the child."},
            "kind": {"type": "string", "enum": [kind.value for kind in RelationshipKind]},
            "first_is": {
                **maybe(TEXT),
                "description": "For `other`: what the first is to the second (uncle).",
            },
            "second_is": {
                **maybe(TEXT),
                "description": "For `other`: what the second is to the first (nephew).",
            },
            "start": EDTF,
            "end": EDTF,
            "source": maybe(ref("Source")),
            "locator": maybe(TEXT),
        }
    )


def camp_schema():
    return described_record(
        {
            "name": TEXT,
            "slug": TEXT,
            "full_name": maybe(TEXT),
            "abbreviation": maybe(TEXT),
            "kind": TEXT,
            "part_of": maybe(ref("Reference")),
            "opened": EDTF,
            "closed": EDTF,
            **place_properties(),
        }
    )


def burial_site_schema():
    return described_record({"name": TEXT, "slug": TEXT, "kind": TEXT, **place_properties()})


def deportation_schema():
    return described_record(
        {
            "title": TEXT,
            "slug": TEXT,
            "peoples": array(ref("Reference")),
            "legal_act": maybe(TEXT),
            "legal_act_date": EDTF,
            "start": EDTF,
            "end": EDTF,
            "origin": maybe(TEXT),
            "destinations": array(TEXT),
        }
    )


def deported_people_schema():
    return described_record({"name": TEXT, "slug": TEXT, "self_designation": maybe(TEXT)})


def error_schema():
    messages = {"type": "object", "additionalProperties": array(TEXT)}
    return closed(
        {
            "error": closed(
                {"code": TEXT, "message": TEXT, "parameters": messages},
                required=["code", "message"],
            )
        }
    )


# Each schema in /components/schemas, in the order the document lists them.
SCHEMA_BUILDERS = {
    "Reference": reference_schema,
    "Source": source_schema,
    "CitedSource": cited_source_schema,
    "Case": case_schema,
    "Person": person_schema,
    "Camp": camp_schema,
    "BurialSite": burial_site_schema,
    "Deportation": deportation_schema,
    "DeportedPeople": deported_people_schema,
    "Error": error_schema,
}


def schemas():
    return {name: build() for name, build in SCHEMA_BUILDERS.items()}


SCHEMA_OF = {
    "people": "Person",
    "camps": "Camp",
    "burial-sites": "BurialSite",
    "deportations": "Deportation",
    "peoples": "DeportedPeople",
}


def filter_schema(filter_):
    if isinstance(filter_, YearFilter):
        return {
            **INTEGER,
            "minimum": filter_.extra["min_value"],
            "maximum": filter_.extra["max_value"],
        }
    if isinstance(filter_, TrueFalseFilter):
        return BOOLEAN
    if isinstance(filter_, RecordIdFilter):
        return {**INTEGER, "minimum": 1, "maximum": LARGEST_ID}
    if isinstance(filter_, django_filters.ChoiceFilter):
        return {"type": "string", "enum": [value for value, _label in filter_.extra["choices"]]}
    return {**TEXT, "minLength": 1, "maxLength": MAX_TEXT}


def parameters(kind):
    listed = [
        {
            "name": "after",
            "in": "query",
            "description": "Give the records after this id: the last id of the page before. "
            "Follow `next` rather than building it.",
            "schema": {**INTEGER, "minimum": 0, "maximum": LARGEST_ID},
        },
        {
            "name": "limit",
            "in": "query",
            "description": "Records on a page.",
            "schema": {
                **INTEGER,
                "minimum": 1,
                "maximum": settings.API_MAX_PAGE_SIZE,
                "default": settings.API_PAGE_SIZE,
            },
        },
    ]
    for name, filter_ in kind.filterset.base_filters.items():
        listed.append(
            {
                "name": name,
                "in": "query",
                "description": str(filter_.label or name),
                "schema": filter_schema(filter_),
            }
        )
    return listed


def error(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": ref("Error")}},
    }


RATE_LIMITED = error("Too many requests from this address; wait `Retry-After` seconds.")


def list_operation(name, kind):
    page = {
        "results": array(ref(SCHEMA_OF[name])),
        "next": {**maybe(URL), "description": "The next page, or null on the last."},
    }
    if name == "people":
        page["search_complete"] = {
            **BOOLEAN,
            "description": "With `q`: false when more people matched than the 1,001 best "
            "that a name search gives.",
        }
    return {
        "get": {
            "operationId": f"list_{name.replace('-', '_')}",
            "summary": str(kind.summary),
            "parameters": parameters(kind),
            "responses": {
                "200": {
                    "description": "A page of published records, oldest id first.",
                    "content": {
                        "application/json": {"schema": closed(page, required=["results", "next"])}
                    },
                },
                "400": error("A parameter is not valid; `parameters` says which and why."),
                "429": RATE_LIMITED,
            },
        }
    }


def detail_operation(name, kind):
    responses = {
        "200": {
            "description": "The published record.",
            "content": {"application/json": {"schema": ref(SCHEMA_OF[name])}},
        },
        "404": error("No published record has this id."),
        "429": RATE_LIMITED,
    }
    if name == "people":
        responses["301"] = {"description": "The person was merged into another: go there."}
    return {
        "get": {
            "operationId": f"get_{name.replace('-', '_')}",
            "summary": str(kind.summary),
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {**INTEGER, "minimum": 1, "maximum": LARGEST_ID},
                }
            ],
            "responses": responses,
        }
    }


def citation_operation():
    return {
        "get": {
            "operationId": "get_citation",
            "summary": "The record's citation as CSL-JSON, for reference managers.",
            "parameters": [
                {
                    "name": "kind",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": [*KINDS, "stories"]},
                },
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {**INTEGER, "minimum": 1, "maximum": LARGEST_ID},
                },
                {
                    "name": "lang",
                    "in": "query",
                    "schema": {"type": "string", "enum": LANGUAGE_CODES},
                },
            ],
            "responses": {
                "200": {
                    "description": "A CSL-JSON array with one item.",
                    "content": {"application/vnd.citationstyles.csl+json": {"schema": array({})}},
                },
                "301": {"description": "The person was merged into another: go there."},
                "400": error("The language is not one of the portal's."),
                "404": error("No published record of this kind has this id."),
                "429": RATE_LIMITED,
            },
        }
    }


def openapi_document(absolute_url):
    paths = {}
    for name, kind in KINDS.items():
        paths[f"/api/v1/{name}/"] = list_operation(name, kind)
        paths[f"/api/v1/{name}/{{id}}"] = detail_operation(name, kind)
    paths["/api/v1/{kind}/{id}/citation"] = citation_operation()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("Memorial: victims of political repression in Kazakhstan") + " — API",
            "version": "1",
            "description": _(
                "Published records as open data, read only. Lists are walked with `next`; "
                "to take everything at once, use the bulk downloads."
            ),
            "license": {
                "name": settings.OPEN_DATA_LICENCE_NAME,
                "url": settings.OPEN_DATA_LICENCE_URL,
            },
        },
        "servers": [{"url": absolute_url("/").rstrip("/")}],
        "paths": paths,
        "components": {"schemas": schemas()},
    }
