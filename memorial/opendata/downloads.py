"""Bulk downloads: every published record as gzipped JSON Lines and CSV, with a data
dictionary and the licence, written by `manage.py export_open_data`.

The JSON Lines hold the API's own representation, one record a line. The CSV flattens it
for spreadsheets: a linked record becomes two columns (`burial_site_id`, `burial_site`), a
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

from .api.endpoints import KINDS
from .api.openapi import SCHEMA_OF, schemas

MANIFEST = "index.json"
DICTIONARY = "data-dictionary.json"
CHUNK = 2000


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
    properties = schemas()[SCHEMA_OF[name]]["properties"]
    shaped = {}
    for key, schema in properties.items():
        options = [schema, *schema.get("anyOf", [])]
        refs = {option.get("$ref", "").rsplit("/", 1)[-1] for option in options}
        items = schema.get("items", {})
        if key in ("biography", "description"):
            shaped[key] = "languages"
        elif "Reference" in refs:
            shaped[key] = "reference"
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
        }.get(shape, [key])
    return columns


def flatten(data, shaped):
    row = {}
    for key, shape in shaped.items():
        value = data[key]
        if shape == "languages":
            row.update({f"{key}_{code}": value[code] for code in LANGUAGE_CODES})
        elif shape == "reference":
            row[f"{key}_id"] = value["id"] if value else None
            row[key] = value["name"] if value else None
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
    "full_name": _("Surname, given name and patronymic as the page shows them."),
    "name_variants": _("Other recorded forms of the name, as JSON: spellings, scripts."),
    "cases": _("Arrests and sentences, as JSON, each with its source."),
    "imprisonments": _("Camp terms, as JSON: the camp (if published), arrival, release."),
    "deportations": _("Deportations, as JSON: the operation (if published), place, dates."),
    "sources": _("The sources cited, as JSON, with the full reference in `citation`."),
    "latitude": _("Decimal degrees north."),
    "longitude": _("Decimal degrees east."),
    "part_of_id": _("The id of the camp this one was part of."),
    "burial_site_id": _("The id of the burial site."),
    "peoples_ids": _("The ids of the peoples deported, joined by “; ”."),
}
DATE_NOTE = _(
    "Dates are given as the sources give them, in a subset of EDTF (ISO 8601-2): 1890, "
    "1938-03, 1938-03-05, 1937-23 (autumn), 1890~ (circa), 1937/1938 (between)."
)


def describe(model, column):
    """A column's name and meaning, and what its codes stand for."""
    try:
        field = model._meta.get_field(column)
    except FieldDoesNotExist:
        field = None
    described = {"name": column, "description": ""}
    if column in COLUMN_NOTES:
        described["description"] = str(COLUMN_NOTES[column])
    elif field is not None and hasattr(field, "verbose_name"):
        described["description"] = str(field.verbose_name).capitalize()
    if field is not None and getattr(field, "choices", None):
        described["codes"] = {str(value): str(label) for value, label in field.choices}
    return described


def data_dictionary():
    """Each file's columns and what they mean, and the JSON records' shape: the same
    description the API's OpenAPI document gives, so both are documented once."""
    # The API's schemas, with their references pointing within this file.
    described = json.loads(json.dumps(schemas()).replace("#/components/schemas/", "#/definitions/"))
    return {
        "licence": {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL},
        "dates": str(DATE_NOTE),
        "kinds": {
            name: {
                "summary": str(kind.summary),
                "files": [f"{name}.jsonl.gz", f"{name}.csv.gz"],
                "csv_columns": [describe(kind.model, column) for column in csv_columns(name)],
                "json_schema": {"$ref": f"#/definitions/{SCHEMA_OF[name]}"},
            }
            for name, kind in KINDS.items()
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
        counts = {name: kind.records().count() for name, kind in KINDS.items()}
        return {"records": counts, "files": []}
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        counts = {}
        for name, kind in KINDS.items():
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
