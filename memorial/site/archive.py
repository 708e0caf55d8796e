"""The whole archive as open files, and back: every record, its history and every file.

An export is a folder:

    manifest.json         what is in it: each file with its size and SHA-256, rows per model
    records/*.jsonl       every row, one JSON object per line (Django's serialisation,
                          references to content types and permissions by natural key)
    tables/*.csv          the same rows as flat tables, for spreadsheets and other systems
    files/media/...       photos and scans, as stored
    files/private/...     families' attachments and uploaded lists (private: keep the export
                          as safe as a backup)

Staff passwords are not exported; after an import each account sets a new one. Nor are
staff sign-in's security data (second factors, sign-in logs): see NOT_ARCHIVED.
"""

import csv
import datetime
import json
import shutil
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from memorial.base.files import sha256_of_file
from people.models.testimony import private_storage

FORMAT = "memorial-archive/1"
# In an order where each model's references come before it; constraint checks are deferred
# on import all the same, so the order only matters for reading the export by hand.
MODELS = [
    "auth.Group",
    "auth.User",
    "memorial.Region",
    "memorial.Source",
    "people.Article",
    "people.Authority",
    "camps.BurialSite",
    "camps.Camp",
    "camps.PrisonerEstimate",
    "deportations.DeportedPeople",
    "deportations.Deportation",
    "deportations.DeportationFigure",
    "people.Person",
    "people.NameVariant",
    "people.NameKey",
    "people.SurnameStem",
    "people.GivenName",
    "people.RepressionCase",
    "people.Relationship",
    "people.MergedPerson",
    "camps.Imprisonment",
    "deportations.DeportationRecord",
    "pages.Page",
    "pages.Story",
    "pages.HomePage",
    "memorial.Citation",
    "memorial.MediaItem",
    "people.Testimony",
    "people.Attachment",
    "people.PendingUpload",
    "people.TestimonyNote",
    "people.TestimonyStatusChange",
    "people.ColumnMapping",
    "people.ImportJob",
    "people.ImportBatch",
    "people.ImportedRow",
    "people.ImportedUpdate",
    "reversion.Revision",
    "reversion.Version",
    "admin.LogEntry",
]
# Left out on purpose: rebuilt by `migrate` (content types, permissions), or passing
# (sessions, files of unfinished forms are in PendingUpload and exported; the queue of
# background tasks: an import's job, its state and its report are in ImportJob).
NOT_ARCHIVED = {
    "contenttypes.ContentType",
    "auth.Permission",
    "sessions.Session",
    "django_tasks_database.DBTaskResult",
    # Staff sign-in's security data, not records (docs/staff-sign-in.md). Second factors:
    # an authenticator app's secret and the recovery codes are as good as the phone itself,
    # and must not travel with a copy of the archive to another site or a backup shelf;
    # after an import each account sets up its app again, as it sets a new password.
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "otp_static.StaticToken",
    # Sign-in failures and logs (django-axes): who tried from which address, kept for a
    # while to slow guessing down; another site starts its own count.
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}
# The folders of files/ and the storages they come from (photos in the default storage,
# families' files in the private one): the filesystem or an object store alike.
FILE_STORES = {"media": lambda: default_storage, "private": private_storage}
CHUNK = 2000
# Pages, stories and the home page were memorial's before they became the pages app's: an
# export written before the move names them by their old labels (its files, its rows, the
# content types and permissions that point at them, the models inside their versions).
MOVED = {
    "memorial.page": "pages.page",
    "memorial.story": "pages.story",
    "memorial.homepage": "pages.homepage",
}


def _year_as_date(year):
    return None if year is None else f"{int(year):04d}"


# Fields renamed since exports began, with how an older export's value reads today: the
# testimony form asked for a birth year before it took a date as the family writes it.
RENAMED_FIELDS = {
    "people.testimony": {"subject_birth_year": ("subject_birth_date", _year_as_date)},
}


class ArchiveError(Exception):
    pass


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds, and an import must
    give back the very values (an import batch is matched on its exact time)."""

    def default(self, value):
        if isinstance(value, datetime.datetime):
            text = value.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(value, datetime.time):
            return value.isoformat()
        return super().default(value)


def archived_models():
    return [apps.get_model(label) for label in MODELS]


def _label(model):
    return model._meta.label_lower


def _rows(model):
    many = [field.name for field in model._meta.many_to_many]
    return model._base_manager.order_by("pk").prefetch_related(*many).iterator(chunk_size=CHUNK)


def _exported_fields(model):
    """Every field, except staff passwords."""
    return [
        field
        for field in (*model._meta.fields, *model._meta.many_to_many)
        if not (model._meta.label == "auth.User" and field.name == "password")
    ]


def _export_model(model, records_path, table_path):
    """One read of the table: each row goes to the CSV table on its way to JSON Lines."""
    fields = _exported_fields(model)
    count = 0
    with (
        open(records_path, "w", encoding="utf-8") as records,
        open(table_path, "w", encoding="utf-8", newline="") as table,
    ):
        writer = csv.writer(table)
        writer.writerow([field.attname for field in fields])

        def tabled_rows():
            nonlocal count
            for record in _rows(model):
                writer.writerow([_table_cell(record, field) for field in fields])
                count += 1
                yield record

        serializers.serialize(
            "jsonl",
            tabled_rows(),
            stream=records,
            use_natural_foreign_keys=True,
            cls=ExactJSONEncoder,
            fields=[field.name for field in fields if not field.primary_key],
        )
    return count


def _portable(record):
    """Content types and permissions by name: their ids differ from one database to the next."""
    if isinstance(record, ContentType):
        return f"{record.app_label}.{record.model}"
    if isinstance(record, Permission):
        return f"{record.content_type.app_label}.{record.codename}"
    return str(record.pk)


def _table_cell(record, field):
    if field.many_to_many:
        return ";".join(_portable(item) for item in getattr(record, field.name).all())
    if field.is_relation and field.related_model in (ContentType, Permission):
        related = getattr(record, field.name)
        return _portable(related) if related is not None else ""
    return _cell(getattr(record, field.attname))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _export_records(directory, log):
    """Every archived model's rows as JSON Lines and CSV; (counts by model, files written)."""
    (directory / "records").mkdir(parents=True)
    (directory / "tables").mkdir()
    files, counts = [], {}
    for model in archived_models():
        name = _label(model)
        records_path = directory / "records" / f"{name}.jsonl"
        table_path = directory / "tables" / f"{name}.csv"
        counts[model._meta.label] = _export_model(model, records_path, table_path)
        if log:
            log(f"{model._meta.label}: {counts[model._meta.label]}")
        files += [records_path, table_path]
    return counts, files


def _stored_names(storage, folder=""):
    """Every file's name in a storage, read through the storage API (a missing folder on
    disk holds none)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from _stored_names(storage, f"{folder}/{name}" if folder else name)


def _copy_files(directory):
    """The uploaded photos, scans and families' files, under files/<folder>/; the copies."""
    copies = []
    for folder, store in FILE_STORES.items():
        storage = store()
        for name in _stored_names(storage):
            target = directory / "files" / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, open(target, "wb") as copy:
                shutil.copyfileobj(source, copy)
            copies.append(target)
    return copies


def restore_files(directory):
    """The export's files back into their storages, under the names the records give;
    a file of that name already there is replaced, as a restore from backup would."""
    for folder, store in FILE_STORES.items():
        storage, root = store(), directory / "files" / folder
        for path in sorted(root.rglob("*")) if root.exists() else ():
            if not path.is_file():
                continue
            name = path.relative_to(root).as_posix()
            if storage.exists(name):
                storage.delete(name)
            with open(path, "rb") as handle:
                saved = storage.save(name, File(handle))
            if saved != name:
                raise ArchiveError(f"{name} was stored as {saved}; its records would lose it.")


def _write_manifest(directory, counts, files):
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "models": counts,
        "files": [
            {
                "path": str(path.relative_to(directory)),
                "bytes": path.stat().st_size,
                "sha256": sha256_of_file(path),
            }
            for path in files
        ],
    }
    with open(directory / "manifest.json", "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=1)
    return manifest


def archive_export(*, directory, dry_run=False, log=None):
    """Write the whole archive into `directory` (which must be empty or new)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise ArchiveError(f"{directory} is not empty; choose a new folder.")
    connection = connections[DEFAULT_DB_ALIAS]
    # One snapshot of the database: every table read at the same moment, while the site
    # goes on (inside a caller's transaction, that transaction's view is used).
    isolate = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if isolate:
            with connection.cursor() as cursor:
                cursor.execute("set transaction isolation level repeatable read, read only")
        if dry_run:
            counts = {model._meta.label: model._base_manager.count() for model in archived_models()}
            return {"models": counts, "files": []}
        counts, files = _export_records(directory, log)
    return _write_manifest(directory, counts, files + _copy_files(directory))


def verify(directory):
    """The manifest, once every file in it is present and unchanged."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArchiveError(f"No readable manifest.json in {directory}: {error}") from None
    if manifest.get("format") != FORMAT:
        raise ArchiveError(f"{directory} is not a {FORMAT} export.")
    for entry in manifest["files"]:
        path = directory / entry["path"]
        if not path.is_file():
            raise ArchiveError(f"{entry['path']} is listed in the manifest but missing.")
        if path.stat().st_size != entry["bytes"] or sha256_of_file(path) != entry["sha256"]:
            raise ArchiveError(f"{entry['path']} does not match its checksum in the manifest.")
    return manifest


def _content_rows(database):
    """Rows a freshly migrated database does not have (people, sources, history...). The
    migrations make the staff groups, Article 58's points, the sentencing bodies and the one
    home page; the import writes the archive's over them."""
    seeded = {"auth.group", "people.article", "people.authority", "pages.homepage"}
    return sum(
        model._base_manager.using(database).count()
        for model in archived_models()
        if _label(model) not in seeded
    )


@contextmanager
def _times_as_recorded(model):
    """bulk_create would stamp auto_now and auto_now_add fields with the present moment."""
    stamped = [
        field
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field.auto_now, field.auto_now_add) for field in stamped]
    for field in stamped:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(stamped, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _save_chunk(model, chunk, database):
    if not chunk:
        return
    with _times_as_recorded(model):
        _insert(model, chunk, database)


def _insert(model, chunk, database):
    objects = [item.object for item in chunk]
    if model._meta.label == "auth.User":
        for user in objects:
            user.password = make_password(None)  # each account sets a new password
    update_fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    model._base_manager.using(database).bulk_create(
        objects,
        update_conflicts=bool(update_fields),
        unique_fields=[model._meta.pk.name],
        update_fields=update_fields or None,
    )
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = [
            through(**{f"{source}_id": item.object.pk, f"{target}_id": pk})
            for item in chunk
            for pk in item.m2m_data.get(field.name, [])
        ]
        through._base_manager.using(database).bulk_create(links, ignore_conflicts=True)


def _labels_of(model):
    """The label the model has, then any it had before the move."""
    label = _label(model)
    return [label, *(old for old, new in MOVED.items() if new == label)]


def _records_file(directory, model):
    """The model's rows in the export, under the label it has or the one it had."""
    for name in _labels_of(model):
        path = directory / "records" / f"{name}.jsonl"
        if path.exists():
            return path
    return None


def _written_before_the_move(manifest):
    return any(label.lower() in MOVED for label in manifest["models"])


def _count_in(manifest, model):
    counts = {label.lower(): count for label, count in manifest["models"].items()}
    return sum(counts.get(label, 0) for label in _labels_of(model))


def _moved_content_type(key):
    """A content type's natural key ([app label, model]) as it is today."""
    if key is None:
        return None
    app_label, model = MOVED.get(f"{key[0]}.{key[1]}", ".".join(key)).split(".")
    return [app_label, model]


def _moved_permission(key):
    """A permission's natural key ([codename, app label, model]) as it is today."""
    return [key[0], *_moved_content_type(key[1:])]


def _moved_version_data(data):
    records = json.loads(data)
    for record in records:
        record["model"] = MOVED.get(record.get("model"), record.get("model"))
    return json.dumps(records)


def _relabel(model):
    """A function that gives a row of `model` from an export written before the move the
    labels of today; None if nothing in the model's rows can name a moved model."""
    fields = [*model._meta.fields, *model._meta.many_to_many]
    content_types = [field.name for field in fields if field.related_model is ContentType]
    permissions = [field for field in fields if field.related_model is Permission]
    is_version = model._meta.label == "reversion.Version"
    if not (content_types or permissions or is_version or _label(model) in MOVED.values()):
        return None

    def relabel(row):
        row["model"] = MOVED.get(row["model"], row["model"])
        values = row["fields"]
        for name in content_types:
            values[name] = _moved_content_type(values.get(name))
        for field in permissions:
            if field.many_to_many:
                values[field.name] = [_moved_permission(key) for key in values[field.name]]
            elif values.get(field.name) is not None:
                values[field.name] = _moved_permission(values[field.name])
        if is_version and values.get("format") == "json":
            values["serialized_data"] = _moved_version_data(values["serialized_data"])
        return row

    return relabel


def _rename_fields(model):
    """A function that gives a row of `model` from an older export today's field names;
    None if none of the model's fields was renamed."""
    renamed = RENAMED_FIELDS.get(_label(model))
    if not renamed:
        return None

    def rename(row):
        values = row["fields"]
        for old, (new, convert) in renamed.items():
            if old in values:
                values[new] = convert(values.pop(old))
        return row

    return rename


def _row_fixer(model, written_before_the_move):
    """What an export's rows of `model` need to read as today's; None if nothing."""
    fixes = [_rename_fields(model)]
    if written_before_the_move:
        fixes.insert(0, _relabel(model))
    fixes = [fix for fix in fixes if fix is not None]
    if not fixes:
        return None

    def fix_row(row):
        for fix in fixes:
            row = fix(row)
        return row

    return fix_row


def _import_model(model, path, database, relabel=None):
    with open(path, encoding="utf-8") as handle:
        lines = handle
        if relabel is not None:
            lines = (json.dumps(relabel(json.loads(line))) for line in handle if line.strip())
        chunk = []
        for item in serializers.deserialize(
            "jsonl", lines, using=database, handle_forward_references=True
        ):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                _save_chunk(model, chunk, database)
                chunk = []
        _save_chunk(model, chunk, database)


def _import_records(directory, manifest, database, log):
    old = _written_before_the_move(manifest)
    for model in archived_models():
        path = _records_file(directory, model)
        if path is None:
            continue
        _import_model(model, path, database, _row_fixer(model, old))
        if log:
            log(f"{model._meta.label}: {_count_in(manifest, model)}")


def archive_import(*, directory, dry_run=False, log=None):
    """Load an export into a database that holds no records yet. An export written before
    pages, stories and the home page moved to the pages app is read with today's labels."""
    directory = Path(directory)
    manifest = verify(directory)
    database = DEFAULT_DB_ALIAS
    if _content_rows(database):
        raise ArchiveError(
            "This database already holds records; an export is imported into an empty one "
            "(after `migrate`)."
        )
    connection = connections[database]
    with transaction.atomic(using=database):
        with connection.constraint_checks_disabled():
            _import_records(directory, manifest, database, log)
        connection.check_constraints()
        sequences = connection.ops.sequence_reset_sql(no_style(), archived_models())
        with connection.cursor() as cursor:
            for statement in sequences:
                cursor.execute(statement)
        if dry_run:
            transaction.set_rollback(True)
            return manifest
    restore_files(directory)
    from memorial.base.page_cache import forget_pages, remember_next_publication

    remember_next_publication()
    forget_pages()
    return manifest
