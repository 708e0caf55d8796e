"""The history of every record: who changed what, when, and the way back.

django-reversion keeps a version of a record (and of the rows it follows, such as a
person's names, arrests and sources) each time it is saved in the admin or by a service.
This module adds what reversion leaves to us:

- a record of what each model was registered with (reversion keeps its own to itself);
- a snapshot when a record is deleted, so that records that were never saved through the
  admin (imported, or loaded as demo content) can be recovered too, with their rows;
- readable differences between two versions, for the admin's history page;
- forgetting: families' testimony that is purged for good leaves no copy in the history.
"""

from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, models, router, transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Revision, Version

# Models whose deletion keeps a snapshot: the admin's top-level records. Their rows (a
# person's names, a camp's estimates) are in the snapshot, so they need none of their own.
SNAPSHOT_ON_DELETE = set()
# Records whose every version is deleted with them (families' private data).
FORGOTTEN_ON_DELETE = set()


@dataclass(frozen=True)
class Registration:
    """What a model's versions hold: the rows it follows, its fields, their format."""

    follow: tuple
    fields: tuple
    format: str
    use_natural_foreign_keys: bool


# Every model registered with reversion through register() (the admin's HistoryAdmin calls
# it for each record and the rows it shows inline). reversion has no public way to read a
# registration back, and snapshots and the links to a record's rows need one.
REGISTERED = {}


def register(model, *, fields=None, exclude=(), follow=(), format="json", **options):
    """reversion.register(), remembering what the model was registered with."""
    reversion.register(
        model, fields=fields, exclude=exclude, follow=follow, format=format, **options
    )
    if fields is None:  # what reversion keeps by default: every local field
        meta = model._meta.concrete_model._meta
        fields = [field.name for field in (*meta.local_fields, *meta.local_many_to_many)]
    REGISTERED[model._meta.concrete_model] = Registration(
        follow=tuple(follow),
        fields=tuple(name for name in fields if name not in exclude),
        format=format,
        use_natural_foreign_keys=options.get("use_natural_foreign_keys", False),
    )


def registration(model):
    """How `model` was registered, or None if it is not kept in the history."""
    return REGISTERED.get(model._meta.concrete_model)


def _followed(record):
    """The record and every registered row it follows, each once."""
    found = {}
    waiting = [record]
    while waiting:
        current = waiting.pop()
        model = type(current)._meta.concrete_model
        if current.pk is None or registration(model) is None:
            continue
        key = (model, current.pk)
        if key in found:
            continue
        found[key] = current
        for name in registration(model).follow:
            related = getattr(current, name, None)
            if isinstance(related, models.Model):
                waiting.append(related)
            elif related is not None:  # a related manager
                waiting.extend(related.all())
    return list(found.values())


def snapshot(record, *, user=None, comment=""):
    """Save the record and the rows it follows as a revision of their own, now.

    reversion saves a revision only at the end of its block, and only for rows that still
    exist then; a record about to be deleted has to be written down at once."""
    revision = Revision.objects.create(
        date_created=timezone.now(), user=user, comment=comment or _("Deleted.")
    )
    Version.objects.bulk_create([_version_of(row, revision) for row in _followed(record)])
    return revision


def _version_of(row, revision):
    """The version reversion itself would write for the row."""
    options = registration(type(row))
    return Version(
        revision=revision,
        object_id=str(row.pk),
        content_type=ContentType.objects.get_for_model(row, for_concrete_model=True),
        db=router.db_for_write(type(row), instance=row),
        format=options.format,
        serialized_data=serializers.serialize(
            options.format,
            (row,),
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        ),
        object_repr=force_str(row),
    )


def keep_first_version(record):
    """A record imported or loaded has no version yet: write it down before its first
    change, so that the change shows as a difference and can be undone."""
    if record.pk is not None and not Version.objects.get_for_object(record).exists():
        snapshot(record, comment=_("As it was before its first change in the admin."))


def snapshot_before_delete(sender, instance, **kwargs):
    """pre_delete receiver: a top-level record is written down before it goes (except what
    must go for good: families' testimony, see people/signals.py)."""
    model = type(instance)._meta.concrete_model
    if model not in SNAPSHOT_ON_DELETE or model in FORGOTTEN_ON_DELETE:
        return
    user = reversion.get_user() if reversion.is_active() else None
    snapshot(instance, user=user if user and user.is_authenticated else None)


def forget(model, ids):
    """Delete every version of these records, and revisions left with none."""
    content_type = ContentType.objects.get_for_model(model)
    revisions = set(
        Version.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in ids]
        ).values_list("revision_id", flat=True)
    )
    Version.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in ids]
    ).delete()
    Revision.objects.filter(pk__in=revisions, version__isnull=True).delete()


# -- one record's own versions ---------------------------------------------------------------


def _links(model):
    """How each row a model follows points back to its record: (row model, test of a
    version's fields against the record's id)."""
    links = []
    for name in registration(model).follow:
        field = model._meta.get_field(name)
        if isinstance(field, GenericRelation):
            record_type = ContentType.objects.get_for_model(model).pk
            type_column = f"{field.content_type_field_name}_id"
            id_column = field.object_id_field_name

            def test(data, object_id, type_column=type_column, id_column=id_column,
                     record_type=record_type):  # fmt: skip
                return (
                    data.get(type_column) == record_type and str(data.get(id_column)) == object_id
                )

        else:  # a reverse foreign key: the row's own key names the record
            column = field.field.attname

            def test(data, object_id, column=column):
                return str(data.get(column)) == object_id

        links.append((field.related_model, test))
    return links


def record_versions(model, object_id, versions):
    """Of a revision's versions, the record's own and those of the rows it follows. A
    revision may hold several records (a bulk publish, a testimony turned into a person):
    the others are neither shown in this record's history nor brought back with it."""
    object_id = str(object_id)
    links = _links(model)
    mine = []
    for version in versions:
        row_model = version.content_type.model_class()
        if row_model is model and version.object_id == object_id:
            mine.insert(0, version)  # the record first: its rows point to it
            continue
        state = _state_of(version)
        if any(row_model is link_model and test(state, object_id) for link_model, test in links):
            mine.append(version)
    return mine


def revert_record(version, model, *, keep=None):
    """Bring back one record as it was in this version, with its rows: rows it has now that
    it did not have then are removed, and no other record of the revision is touched.

    `keep` ({row model: field names}) names fields that keep their present value: what
    only its own procedure may change (a family's consent, a publication). reversion's
    register(exclude=...) would not do: an excluded field is not merely left alone by a
    revert, it is set to the field's default. A row model named with no fields (an empty
    tuple) is a record's log: its rows are neither removed nor brought back.

    A row that also names another record of the same model (a person's relative) which is
    no longer there cannot come back whole: it is left out, or comes back without that
    link if the link may be empty. Returns what was left out, to be said."""
    versions = record_versions(
        model, version.object_id, version.revision.version_set.select_related("content_type")
    )
    logs = {row_model for row_model, fields in (keep or {}).items() if not fields}
    versions = [row for row in versions if row.content_type.model_class() not in logs]
    kept = {(row.content_type_id, row.object_id) for row in versions}
    current = model._default_manager.filter(pk=version.object_id).first()
    if current is not None:
        for row in _followed(current):
            key = (ContentType.objects.get_for_model(row).pk, str(row.pk))
            if row is not current and key not in kept and type(row) not in logs:
                row.delete()
    gone = _links_to_gone_records(model, version.object_id, versions)
    left_out = []
    for row in versions:
        fields = gone.get(row.pk, [])
        if any(not field.null for field in fields):
            left_out.append(_("%(row)s: not brought back, for the other record is gone.")
                            % {"row": row.object_repr})  # fmt: skip
            continue
        _revert_row_keeping(row, (keep or {}).get(row.content_type.model_class(), ()))
        if fields:
            row_model = row.content_type.model_class()
            row_model._base_manager.filter(pk=row.object_id).update(
                **{field.name: None for field in fields}
            )
            left_out.append(
                _(
                    "%(row)s: brought back with “%(fields)s” left empty, for the record it "
                    "named is gone."
                )
                % {
                    "row": row.object_repr,
                    "fields": ", ".join(force_str(field.verbose_name) for field in fields),
                }
            )
    return left_out


def _revert_row_keeping(row, kept_fields):
    """Revert the row, then put back the present value of each field in `kept_fields`."""
    row_model = row.content_type.model_class()
    present = None
    if kept_fields:
        present = row_model._base_manager.filter(pk=row.object_id).values(*kept_fields).first()
    _revert_row(row)
    if present:
        row_model._base_manager.filter(pk=row.object_id).update(**present)


def _revert_row(row):
    try:
        with transaction.atomic():
            row.revert()
    except (IntegrityError, DeserializationError) as error:
        raise RevertError(
            _("%(row)s could not be brought back: %(error)s") % {"row": row, "error": error}
        ) from error


def _links_to_gone_records(model, object_id, versions):
    """{version id: fields of its row that name another record of `model` no longer there}."""
    links = {}
    for row in versions:
        row_model = row.content_type.model_class()
        if row_model is None or row_model is model:
            continue
        state = _state_of(row)
        for field in row_model._meta.concrete_fields:
            value = state.get(field.attname)
            if field.many_to_one and field.related_model is model and value is not None:
                if str(value) != str(object_id):
                    links.setdefault(row.pk, []).append((field, value))
    wanted = {value for pairs in links.values() for _field, value in pairs}
    present = set(model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True))
    return {
        row_id: [field for field, value in pairs if value not in present]
        for row_id, pairs in links.items()
    }


# -- readable differences ----------------------------------------------------------------


def _display(field, value, labels):
    if value in (None, "", []):
        return "—"
    if field.choices:
        return force_str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if field.is_relation:
        target = field.related_model
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get((target, str(pk)), f"#{pk}") for pk in values)
    if hasattr(value, "display"):  # partial dates
        return force_str(value.display())
    return force_str(value)


def _fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and not field.auto_created
        and getattr(field, "editable", True)
        and not (field.is_relation and field.many_to_one and field.related_model is ContentType)
        and field.name not in ("object_id", "updated_at", "created_at")
    ]


def _labels(states):
    """Names for every record the versions point to, one query per related model."""
    wanted = {}
    for model, data in states:
        for field in _fields(model):
            value = data.get(field.attname)
            if field.is_relation and value:
                values = value if isinstance(value, list | tuple) else [value]
                wanted.setdefault(field.related_model, set()).update(str(pk) for pk in values)
    labels = {}
    for model, ids in wanted.items():
        for record in model._base_manager.filter(pk__in=ids):
            labels[(model, str(record.pk))] = force_str(record)
    return labels


def _state_of(version):
    try:
        return version.field_dict
    except Exception:  # a version saved before a field was removed from the model
        return {}


def _rows_by_revision(model, object_id, own):
    """For each of the record's revisions: (row model, id) -> (name, stored fields), for the
    record and every row it follows, as that revision kept them."""
    rows = (
        Version.objects.filter(revision_id__in=[version.revision_id for version in own])
        .select_related("content_type")
        .order_by("pk")
    )
    by_revision = {}
    for version in record_versions(model, object_id, rows):
        row_model = version.content_type.model_class()
        if row_model is None:
            continue
        kept = by_revision.setdefault(version.revision_id, {})
        kept[(row_model, version.object_id)] = (version.object_repr, _state_of(version))
    return by_revision


def _row_label(row_model):
    return force_str(row_model._meta.verbose_name).capitalize()


def _changed_fields(row_model, previous, state, labels):
    return [
        {
            "field": force_str(field.verbose_name).capitalize(),
            "old": _display(field, previous.get(field.attname), labels),
            "new": _display(field, state.get(field.attname), labels),
        }
        for field in _fields(row_model)
        if previous.get(field.attname) != state.get(field.attname)
    ]


def _changes(now, before, labels):
    """What one revision changed against the one before: rows added, changed, removed."""
    changes = []
    for key, (name, state) in now.items():
        previous = before.get(key)
        if previous is None:
            if before:  # the first version adds everything; say so once, in its comment
                changes.append(
                    {"row": _row_label(key[0]), "name": name, "kind": "added", "fields": []}
                )
            continue
        fields = _changed_fields(key[0], previous[1], state, labels)
        if fields:
            changes.append(
                {"row": _row_label(key[0]), "name": name, "kind": "changed", "fields": fields}
            )
    for key, (name, _state) in before.items():
        if key not in now:
            changes.append(
                {"row": _row_label(key[0]), "name": name, "kind": "removed", "fields": []}
            )
    return changes


def history_entries(model, object_id):
    """The record's revisions, newest first, each with what it changed: for the record
    itself and for each row it follows, the fields that differ from the revision before."""
    own = list(
        Version.objects.get_for_object_reference(model, object_id)
        .select_related("revision", "revision__user")
        .order_by("pk")
    )
    by_revision = _rows_by_revision(model, object_id, own)
    labels = _labels(
        [(key[0], state) for kept in by_revision.values() for key, (_, state) in kept.items()]
    )
    entries, before = [], {}
    for version in own:
        now = by_revision.get(version.revision_id, {})
        changes = _changes(now, before, labels)
        entries.append({"version": version, "revision": version.revision, "changes": changes})
        before = now
    entries.reverse()
    return entries


# -- one version, as it was kept ----------------------------------------------------------


def _readable(row_model, state, labels, *, keep):
    """The row's fields as the history page shows them; `keep(field, value)` chooses."""
    return [
        {
            "name": field.name,
            "label": force_str(field.verbose_name).capitalize(),
            "value": _display(field, state.get(field.attname), labels),
        }
        for field in _fields(row_model)
        if keep(field, state.get(field.attname))
    ]


def stored_version(model, version):
    """The record as this version keeps it, and the rows kept with it in its revision, read
    from the stored copies (nothing is put back to be shown): every field of the record,
    and of each row the fields it has a value for, except its link back to the record."""
    versions = record_versions(
        model, version.object_id, version.revision.version_set.select_related("content_type")
    )
    kept = [(row, row.content_type.model_class()) for row in versions]
    states = {row.pk: _state_of(row) for row, row_model in kept if row_model is not None}
    labels = _labels([(row_model, states[row.pk]) for row, row_model in kept if row.pk in states])

    def in_a_row(field, value):
        points_back = field.is_relation and field.related_model is model
        return value not in (None, "", []) and not (points_back and str(value) == version.object_id)

    record = {"name": version.object_repr, "fields": []}
    groups = {}
    for row, row_model in kept:
        if row.pk not in states:
            continue  # a model since removed from the code
        if row.pk == version.pk:
            record["fields"] = _readable(model, states[row.pk], labels, keep=lambda *_: True)
            continue
        group = groups.setdefault(
            row_model,
            {"label": force_str(row_model._meta.verbose_name_plural).capitalize(), "rows": []},
        )
        fields = _readable(row_model, states[row.pk], labels, keep=in_a_row)
        group["rows"].append({"name": row.object_repr, "fields": fields})
    return {"record": record, "groups": list(groups.values())}
