"""Synthetic people written the way an import writes a list.

Each made-up record becomes a checked row (people.importing.rows.StagedRow) and goes through
the import's own BulkWriter: its COPY of people, arrests, articles, name keys and row keys,
under an import batch of the synthetic list, so that `roll_back_import` could undo it like
any other. What a list has no column for (other spellings, camp terms, deportation records,
families, photos) follows through the same `copy_rows`, one COPY per table per batch.
"""

from collections import namedtuple
from io import BytesIO
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.expressions import DatabaseDefault
from django.utils import timezone
from PIL import Image

from camps.models import Imprisonment
from deportations.models import DeportationRecord
from memorial.base.models import MediaItem, Source, SourceKind, Status
from memorial.bench.synthetic import LIST_BODIES, LIST_CHARGES
from people.importing.rows import CaseValues, StagedRow, articles_of, authority_kind, slug_of
from people.importing.writing import BulkWriter, copy_rows
from people.models import (
    GivenName,
    ImportBatch,
    NameKey,
    NameVariant,
    Person,
    Relationship,
    RelationshipKind,
    RepressionCase,
    SurnameStem,
)
from people.models.names import name_key_columns
from people.reading_names import forms_of

SOURCE_TITLE = "Synthetic list for load tests (these people never existed)"
SENTENCES = {
    "shot": "death",
    "died_in_custody": "camp",
    "released": "camp",
    "died_in_exile": "exile",
    "unknown": "camp",
    "": "",
}
# Fates whose arrests end in a camp term.
IMPRISONED_FATES = ("died_in_custody", "released", "unknown")
PHOTO_FILES = 12  # distinct synthetic image files the photos point at, in turn
SYNTHETIC_NOTE = "<p>Synthetic record made for load tests. This person never existed.</p>"
NO_CASE = CaseValues(None, "", "", "", None, "", None, None, "", None, None, "", "", ())
# A name variant as forms_of() reads it.
Variant = namedtuple("Variant", "pk kind surname given_name patronymic script")
VARIANT_FIELDS = ("person", "surname", "given_name", "kind", "script")
KEY_FIELDS = ("person", "is_main", "is_published", "surname", "given", "given_first",
              "patronymic", "exact")  # fmt: skip
PHOTO_FIELDS = ("content_type", "object_id", "image", "thumbnail", "alt_text_kk",
                "alt_text_ru", "alt_text_en", "is_portrait")  # fmt: skip
PHOTO_ALT_TEXTS = (
    "Синтетикалық фотосурет (жүктеме сынақтары)",
    "Синтетическая фотография (нагрузочные тесты)",
    "Synthetic photograph (load tests)",
)


def synthetic_writer(connection, *, batch_rows):
    """The import's writer for the synthetic list, with a batch of its own."""
    source, _ = Source.objects.get_or_create(
        title=SOURCE_TITLE, defaults={"kind": SourceKind.PUBLICATION}
    )
    now = timezone.now()
    batch = ImportBatch.objects.create(
        source=source, file_name="generate_synthetic_people", imported_at=now, rows=batch_rows
    )
    columns = ["surname", "given_name", "patronymic", "birth_date", "birth_place",
               "nationality", "arrest_date", "charge", "sentencing_body", "sentence_date",
               "sentence"]  # fmt: skip
    return BulkWriter(
        connection,
        source=source,
        columns=columns,
        status=Status.PUBLISHED,
        published_at=now,
        user=None,
        now=now,
        batch=batch,
    )


def case_values(rng, record, year):
    """The arrest of one year: a sentence by the person's fate, a body, often a charge."""
    body = rng.choice(LIST_BODIES)
    charge = rng.choice(LIST_CHARGES) if rng.random() < 0.7 else ""
    return CaseValues(
        str(year), charge, body, authority_kind(body), str(year),
        "chsir" if record.get("chsir") else SENTENCES[record["fate"]],
        rng.choice([5, 8, 10]) if record["fate"] != "shot" else None, None, "", None, None,
        "", "", articles_of(charge) if charge else (),
    )  # fmt: skip


def staged_row(rng, number, key, record):
    """The checked row an import would make of the record (its first arrest on the row,
    later ones as more cases)."""
    surname, given, patronymic = record["surname"], record["given_name"], record["patronymic"]
    cases = [case_values(rng, record, year) for year in record["arrests"]]
    first = cases[0] if cases else NO_CASE
    return StagedRow(
        number, key, surname, given, patronymic, slug_of(surname, given),
        f"{record['birth_year']}{'~' if record['approximate'] else ''}",
        record["birth_place"], record["nationality"], "", None, bool(cases),
        first.arrest_date, first.charge or "", first.sentencing_body, first.sentencing_body_kind,
        first.sentence_date, first.sentence_kind, first.term_years, None, "", None, None,
        f"synthetic row {number}", *name_key_columns(surname, given, patronymic).values(),
        record["sex"], "", record["fate"], "", "", "", "", "", 0, first.articles, cases[1:],
    )  # fmt: skip


def name_forms(record):
    """The forms of the name each language shows, as Person.save() sets them."""
    variants = [
        Variant(position, kind, surname, given, "", script)
        for position, (surname, given, kind, script) in enumerate(record["variants"], 1)
    ]
    return forms_of(variants, SimpleNamespace(given_name=record["given_name"]))


def copy_values(cursor, model, fields, rows):
    """Rows of values for the named fields into the model's table with the writer's COPY;
    its other fields get their defaults, and the database fills the id, its own defaults
    and generated columns. The values must be as the database stores them."""
    if not rows:
        return
    connection, meta = cursor.db, model._meta
    columns = [meta.get_field(name).column for name in fields]
    tail = []
    for field in meta.concrete_fields:
        if field.primary_key or field.generated or field.column in columns:
            continue
        default = field.get_default()
        if not isinstance(default, DatabaseDefault):
            columns.append(field.column)
            tail.append(field.get_db_prep_save(default, connection))
    copy_rows(
        cursor,
        meta.db_table,
        [connection.ops.quote_name(column) for column in columns],
        [(*row, *tail) for row in rows],
    )


def ensure_photo_files():
    """The few small images the synthetic photos show (made once in the media storage)."""
    names = []
    for number in range(PHOTO_FILES):
        name = f"synthetic/photo-{number:02d}.jpg"
        if not default_storage.exists(name):
            buffer = BytesIO()
            shade = 90 + number * 10
            Image.new("RGB", (300, 400), (shade, shade, shade)).save(buffer, "JPEG")
            default_storage.save(name, ContentFile(buffer.getvalue()))
        names.append(name)
    return names


class SyntheticBatchWriter:
    """Writes batches of made-up records through the import's writer and copy_rows."""

    def __init__(self, connection, *, camps, deportation, count, photo_share):
        self.connection = connection
        self.writer = synthetic_writer(connection, batch_rows=count)
        self.camps, self.deportation = camps, deportation
        self.photo_share = photo_share
        self.photo_files = ensure_photo_files() if photo_share else []
        self.person_type = ContentType.objects.get_for_model(Person).pk
        self.stems, self.given_names = set(), set()

    def write(self, rng, records, families, *, numbers, biographies, photo_rng):
        """numbers: the row number of each record; biographies: (kk, ru, en) or None each."""
        rows = [
            staged_row(rng, number, f"synthetic:{number}", record)
            for number, record in zip(numbers, records, strict=True)
        ]
        ids = self.writer.write(rows, person_extras=self.person_extras(records, biographies))
        with self.connection.cursor() as cursor:
            self.write_names(cursor, records, ids)
            self.write_terms(cursor, rng, records, ids)
            copy_values(cursor, Relationship, ("first", "second", "kind"),
                        family_relationships(ids, families))  # fmt: skip
            self.mark_family_members(cursor, records, ids, families)
            self.write_photos(cursor, photo_rng, ids)
        return ids

    def close(self):
        self.writer.close()

    @staticmethod
    def person_extras(records, biographies):
        forms = [name_forms(record) for record in records]
        extras = {column: [form[column] for form in forms] for column in forms[0]}
        extras["is_synthetic"] = [True] * len(records)
        for position, language in enumerate(("kk", "ru", "en")):
            extras[f"biography_{language}"] = [
                texts[position] if texts else ("" if language != "en" else SYNTHETIC_NOTE)
                for texts in biographies
            ]
        return extras

    def write_names(self, cursor, records, ids):
        """The other spellings of each name, and their search keys."""
        variants, keys = [], []
        for record, person_id in zip(records, ids, strict=True):
            for surname, given, kind, script in record["variants"]:
                variants.append((person_id, surname, given, kind, script))
                key = name_key_columns(surname, given, "")
                keys.append((person_id, False, True, *key.values()))
        copy_values(cursor, NameVariant, VARIANT_FIELDS, variants)
        copy_values(cursor, NameKey, KEY_FIELDS, keys)
        stems = {key[3] for key in keys if key[3]} - self.stems
        given = {key[5] for key in keys if key[5]} - self.given_names
        self.stems |= stems
        self.given_names |= given
        SurnameStem.objects.bulk_create(
            [SurnameStem(stem=stem) for stem in stems], ignore_conflicts=True
        )
        GivenName.objects.bulk_create(
            [GivenName(name=name) for name in given], ignore_conflicts=True
        )

    def write_terms(self, cursor, rng, records, ids):
        """Camp terms for the fates that passed through the camps; deportation records."""
        terms, deported = [], []
        for record, person_id in zip(records, ids, strict=True):
            if record["fate"] in IMPRISONED_FATES:
                terms += [
                    (person_id, rng.choice(self.camps).pk, str(year), str(min(year + 8, 1959)))
                    for year in record["arrests"]
                ]
            if record["deported"]:
                deported.append((person_id, self.deportation.pk))
        copy_values(cursor, Imprisonment, ("person", "camp", "start", "end"), terms)
        copy_values(cursor, DeportationRecord, ("person", "deportation"), deported)

    @staticmethod
    def mark_family_members(cursor, records, ids, families):
        """A wife sentenced as her husband's family member: her arrest says whose."""
        pairs = [
            (ids[husband], ids[wife]) for husband, wife, _ in families if records[wife].get("chsir")
        ]
        if pairs:
            cursor.executemany(
                f"update {RepressionCase._meta.db_table} set family_member_of_id = %s "
                "where person_id = %s",
                pairs,
            )

    def write_photos(self, cursor, rng, ids):
        """A photograph for a share of the people, each showing one of the few files."""
        chosen = [person_id for person_id in ids if rng.random() < self.photo_share]
        files = self.photo_files
        photos = [
            (self.person_type, person_id, files[number % len(files)], files[number % len(files)],
             *PHOTO_ALT_TEXTS, True)
            for number, person_id in enumerate(chosen)
        ] if files else []  # fmt: skip
        copy_values(cursor, MediaItem, PHOTO_FIELDS, photos)


def family_relationships(ids, families):
    """Husband and wife, each parent with each child, the children with one another."""
    rows = []
    for husband, wife, children in families:
        pairs = [(husband, wife, RelationshipKind.SPOUSE)]
        pairs += [(parent, child, RelationshipKind.PARENT) for parent in (husband, wife)
                  for child in children]  # fmt: skip
        pairs += [(elder, younger, RelationshipKind.SIBLING) for elder in children
                  for younger in children if elder < younger]  # fmt: skip
        rows += [(ids[first], ids[second], str(kind)) for first, second, kind in pairs]
    return rows
