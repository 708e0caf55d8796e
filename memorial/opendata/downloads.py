"""Bulk downloads: every published record as gzipped JSON Lines and CSV, with a data
dictionary and the licence, written by `manage.py export_open_data`.

The JSON Lines hold the API's own representation, one record a line; relationships.*, which
the API gives within each person, hold one relationship between two published people a
line. The CSV flattens it for spreadsheets: a linked record becomes two columns
(`burial_site_id`, `burial_site`), a source its full reference, a
text in three languages three columns (`biography_kk`, …), a list of names or words one cell
joined by "; ", and a list of structured rows (arrests, camp terms, sources) one cell of
JSON. A new set is written beside the old one and moved into place only when complete, so a
visitor never downloads half a file.
"""

import csv
import gzip
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from memorial.base.files import sha256_of_file
from memorial.base.translation import LANGUAGE_CODES
from people.models import Relationship

from .api.endpoints import KINDS, Kind, each
from .api.openapi import SCHEMA_OF, relationship_schema, schemas
from .api.representations import relationship_data

MANIFEST = "index.json"
DICTIONARY = "data-dictionary.json"
CHUNK = 2000


def published_relationships():
    # Both people published: a draft relative is never a row, not even by id.
    return Relationship.objects.published().select_related("first", "second", "source")


# What the downloads hold: each kind the API serves, and the relationships between people.
DOWNLOADS = {
    **KINDS,
    "relationships": Kind(
        "relationships",
        Relationship,
        published_relationships,
        each(relationship_data),
        None,
        _("Family: relationships between two published people"),
    ),
}
SCHEMA_OF_DOWNLOAD = {**SCHEMA_OF, "relationships": "Relationship"}


def download_schemas():
    """The shape of each download's records: the API's schemas, and the relationships'."""
    return {**schemas(), "Relationship": relationship_schema()}


def chunks(kind):
    """Every published record of a kind, a chunk at a time, by id: no long transaction,
    and each chunk's related rows in a fixed number of queries."""
    last = 0
    while True:
        chunk = list(kind.records().filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def shapes(name):
    """How each field of a kind's records goes into CSV columns, read from the record's
    described shape, so every file of a kind has the same header whatever it holds."""
    properties = download_schemas()[SCHEMA_OF_DOWNLOAD[name]]["properties"]
    shaped = {}
    for key, schema in properties.items():
        options = [schema, *schema.get("anyOf", [])]
        refs = {option.get("$ref", "").rsplit("/", 1)[-1] for option in options}
        items = schema.get("items", {})
        if key in ("biography", "description"):
            shaped[key] = "languages"
        elif key == "display_names":
            shaped[key] = "display_names"
        elif "Reference" in refs:
            shaped[key] = "reference"
        elif "Source" in refs:
            shaped[key] = "source"
        elif key == "coordinates":
            shaped[key] = "coordinates"
        elif items.get("$ref", "").endswith("/Reference"):
            shaped[key] = "references"
        elif items.get("type") == "string":
            shaped[key] = "words"
        elif schema.get("type") == "array":
            shaped[key] = "json"
        else:
            shaped[key] = "value"
    return shaped


def csv_columns(name):
    columns = []
    for key, shape in shapes(name).items():
        columns += {
            "languages": [f"{key}_{code}" for code in LANGUAGE_CODES],
            "reference": [f"{key}_id", key],
            "coordinates": ["latitude", "longitude"],
            "references": [f"{key}_ids", key],
            "display_names": [
                *(f"display_name_{code}" for code in LANGUAGE_CODES),
                *(f"display_name_form_{code}" for code in LANGUAGE_CODES),
            ],
        }.get(shape, [key])
    return columns


def flatten(data, shaped):
    row = {}
    for key, shape in shaped.items():
        value = data[key]
        if shape == "languages":
            row.update({f"{key}_{code}": value[code] for code in LANGUAGE_CODES})
        elif shape == "display_names":
            row.update({f"display_name_{code}": value[code]["name"] for code in LANGUAGE_CODES})
            row.update(
                {f"display_name_form_{code}": value[code]["form"] for code in LANGUAGE_CODES}
            )
        elif shape == "reference":
            row[f"{key}_id"] = value["id"] if value else None
            row[key] = value["name"] if value else None
        elif shape == "source":
            row[key] = value["citation"] if value else None
        elif shape == "coordinates":
            row.update(value or {"latitude": None, "longitude": None})
        elif shape == "references":
            present = [item for item in value if item]
            row[f"{key}_ids"] = "; ".join(str(item["id"]) for item in present)
            row[key] = "; ".join(item["name"] for item in present)
        elif shape == "words":
            row[key] = "; ".join(value)
        elif shape == "json":
            row[key] = json.dumps(value, ensure_ascii=False) if value else ""
        else:
            row[key] = value
    return row


# Columns that are not a field of the record's model, or mean more than its name says.
COLUMN_NOTES = {
    "id": _("The record's number; it never changes and is never reused."),
    "url": _("The record's public page."),
    "published_at": _("When the record was first published (UTC)."),
    "updated_at": _("When the record last changed (UTC)."),
    "full_name": _("Surname, given name and patronymic as the main record gives them."),
    **{
        f"display_name_{code}": _("The name as the /%(language)s/ pages show it.")
        % {"language": code}
        for code in LANGUAGE_CODES
    },
    **{
        f"display_name_form_{code}": _(
            "How that name was found: kazakh, russian or latin (a recorded form), "
            "romanized (the recorded name in Latin letters, made by the portal) or recorded."
        )
        for code in LANGUAGE_CODES
    },
    "name_variants": _("Other recorded forms of the name, as JSON: spellings, scripts."),
    "cases": _("Arrests and sentences, as JSON, each with its source."),
    "imprisonments": _("Camp terms, as JSON: the camp (if published), arrival, release."),
    "deportations": _("Deportations, as JSON: the operation (if published), place, dates."),
    "relatives": _(
        "Published relatives, as JSON: id, address, name, what each is to this person "
        "(spouse, parent, child, sibling or other, with the archivist's words) and dates."
    ),
    "sources": _("The sources cited, as JSON, with the full reference in `citation`."),
    "latitude": _("Decimal degrees north."),
    "longitude": _("Decimal degrees east."),
    "part_of_id": _("The id of the camp this one was part of."),
    "burial_site_id": _("The id of the burial site."),
    "peoples_ids": _("The ids of the peoples deported, joined by “; ”."),
}
# The columns of relationships.csv.gz, where a kind, a name and an id mean something else.
RELATIONSHIP_NOTES = {
    "first_id": _("The id of the first person; for parent and child, the parent."),
    "first": _("The first person's name as their page shows it."),
    "second_id": _("The id of the second person; for parent and child, the child."),
    "second": _("The second person's name as their page shows it."),
    "kind": _("How the two are related. Each pair and kind is one row."),
    "source": _("The source the relationship is known from, as a full reference."),
}
NOTES = {"relationships": RELATIONSHIP_NOTES}
DATE_NOTE = _(
    "Dates are given as the sources give them, in a subset of EDTF (ISO 8601-2): 1890, "
    "1938-03, 1938-03-05, 1937-23 (autumn), 1890~ (circa), 1937/1938 (between)."
)


def describe(model, column, notes=None):
    """A column's name and meaning, and what its codes stand for."""
    notes = {**COLUMN_NOTES, **(notes or {})}
    try:
        field = model._meta.get_field(column)
    except FieldDoesNotExist:
        field = None
    described = {"name": column, "description": ""}
    if column in notes:
        described["description"] = str(notes[column])
    elif field is not None and hasattr(field, "verbose_name"):
        described["description"] = str(field.verbose_name).capitalize()
    if field is not None and getattr(field, "choices", None):
        described["codes"] = {str(value): str(label) for value, label in field.choices}
    return described


def data_dictionary():
    """Each file's columns and what they mean, and the JSON records' shape: the same
    description the API's OpenAPI document gives, so both are documented once."""
    # The API's schemas, with their references pointing within this file.
    shapes_text = json.dumps(download_schemas())
    described = json.loads(shapes_text.replace("#/components/schemas/", "#/definitions/"))
    return {
        "licence": {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL},
        "dates": str(DATE_NOTE),
        "kinds": {
            name: {
                "summary": str(kind.summary),
                "files": [f"{name}.jsonl.gz", f"{name}.csv.gz"],
                "csv_columns": [
                    describe(kind.model, column, NOTES.get(name)) for column in csv_columns(name)
                ],
                "json_schema": {"$ref": f"#/definitions/{SCHEMA_OF_DOWNLOAD[name]}"},
            }
            for name, kind in DOWNLOADS.items()
        },
        "definitions": {key: value for key, value in described.items() if key != "Error"},
    }


def write_kind(directory, name, kind, absolute_url):
    columns = csv_columns(name)
    shaped = shapes(name)
    count = 0
    # mtime=0: the same records give the same bytes, so an unchanged download keeps its digest.
    with (
        gzip.GzipFile(directory / f"{name}.jsonl.gz", "wb", mtime=0) as jsonl,
        gzip.GzipFile(directory / f"{name}.csv.gz", "wb", mtime=0) as csv_gzip,
    ):
        text = io.TextIOWrapper(csv_gzip, encoding="utf-8", newline="")
        writer = csv.DictWriter(text, fieldnames=columns, extrasaction="raise")
        writer.writeheader()
        for chunk in chunks(kind):
            for data in kind.represent(chunk, absolute_url):
                jsonl.write(json.dumps(data, ensure_ascii=False).encode() + b"\n")
                writer.writerow(flatten(data, shaped))
                count += 1
        text.flush()
        text.detach()
    return count


def open_data_export(*, root=None, base_url, dry_run=False, log=None):
    """Write every kind's files, the dictionary and the manifest into `root`; return the
    manifest. With dry_run, count the records and write nothing."""
    root = Path(root or settings.OPEN_DATA_ROOT)

    def absolute_url(path):
        return base_url.rstrip("/") + path

    if dry_run:
        counts = {name: kind.records().count() for name, kind in DOWNLOADS.items()}
        return {"records": counts, "files": []}
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        counts = {}
        for name, kind in DOWNLOADS.items():
            counts[name] = write_kind(staging, name, kind, absolute_url)
            if log:
                log(f"{name}: {counts[name]} records")
        # The dictionary is read by researchers everywhere: in English.
        with translation.override("en"):
            dictionary = data_dictionary()
        (staging / DICTIONARY).write_text(
            json.dumps(dictionary, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        files = sorted(path.name for path in staging.iterdir())
        manifest = {
            "generated_at": timezone.now().isoformat(),
            "licence": {
                "name": settings.OPEN_DATA_LICENCE_NAME,
                "url": settings.OPEN_DATA_LICENCE_URL,
            },
            "records": counts,
            "files": [
                {
                    "name": file,
                    "bytes": (staging / file).stat().st_size,
                    "sha256": sha256_of_file(staging / file),
                }
                for file in files
            ],
        }
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        # Each file replaces its old self in one rename; the manifest goes last.
        for file in [*files, MANIFEST]:
            (staging / file).replace(root / file)
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def current_manifest(root=None):
    """What the last export wrote, or None before the first."""
    path = Path(root or settings.OPEN_DATA_ROOT) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
