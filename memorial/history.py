"""The history of every record: who changed what, when, and the way back.

django-reversion keeps a version of a record (and of the rows it follows, such as a
person's names, arrests and sources) each time it is saved in the admin or by a service.
This module adds what reversion leaves to us:

- a snapshot when a record is deleted, so that records that were never saved through the
  admin (imported, or loaded as demo content) can be recovered too, with their rows;
- readable differences between two versions, for the admin's history page;
- forgetting: families' testimony that is purged for good leaves no copy in the history.
"""

from contextlib import contextmanager
from threading import local

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from reversion.models import Revision, Version

# reversion's registration options (the rows a record follows). VersionAdmin reads them
# through the same function.
from reversion.revisions import _get_options

# Models whose deletion keeps a snapshot: the admin's top-level records. Their rows (a
# person's names, a camp's estimates) are in the snapshot, so they need none of their own.
SNAPSHOT_ON_DELETE = set()
_state = local()


def _followed(record):
    """The record and every registered row it follows, each once."""
    found = {}
    waiting = [record]
    while waiting:
        current = waiting.pop()
        model = type(current)._meta.concrete_model
        if current.pk is None or not reversion.is_registered(model):
            continue
        key = (model, current.pk)
        if key in found:
            continue
        found[key] = current
        for name in _get_options(model).follow:
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
    rows = _followed(record)
    revision = Revision.objects.create(
        date_created=timezone.now(), user=user, comment=comment or _("Deleted.")
    )
    Version.objects.bulk_create(
        [
            Version(
                revision=revision,
                object_id=str(row.pk),
                content_type=ContentType.objects.get_for_model(row, for_concrete_model=True),
                db=row._state.db or "default",
                format=_get_options(type(row)).format,
                serialized_data=serializers.serialize(
                    _get_options(type(row)).format, (row,), fields=_get_options(type(row)).fields
                ),
                object_repr=force_str(row),
            )
            for row in rows
        ]
    )
    return revision


def keep_first_version(record):
    """A record imported or loaded has no version yet: write it down before its first
    change, so that the change shows as a difference and can be undone."""
    if record.pk is not None and not Version.objects.get_for_object(record).exists():
        snapshot(record, comment=_("As it was before its first change in the admin."))


def snapshot_before_delete(sender, instance, **kwargs):
    """pre_delete receiver: a top-level record is written down before it goes."""
    if getattr(_state, "forgetting", False):
        return
    if type(instance)._meta.concrete_model not in SNAPSHOT_ON_DELETE:
        return
    user = reversion.get_user() if reversion.is_active() else None
    snapshot(instance, user=user if user and user.is_authenticated else None)


@contextmanager
def forgetting():
    """Deletions inside this block leave no snapshot (data that must go for good)."""
    _state.forgetting = True
    try:
        yield
    finally:
        _state.forgetting = False


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


def history_entries(model, object_id):
    """The record's revisions, newest first, each with what it changed: for the record
    itself and for each row it follows, the fields that differ from the revision before."""
    own = list(
        Version.objects.get_for_object_reference(model, object_id)
        .select_related("revision", "revision__user")
        .order_by("pk")
    )
    revision_ids = [version.revision_id for version in own]
    rows = (
        Version.objects.filter(revision_id__in=revision_ids)
        .select_related("content_type")
        .order_by("pk")
    )
    by_revision = {}
    for version in rows:
        row_model = version.content_type.model_class()
        if row_model is None:
            continue
        state = _state_of(version)
        by_revision.setdefault(version.revision_id, {})[(row_model, version.object_id)] = (
            version.object_repr,
            state,
        )
    labels = _labels(
        [(key[0], state) for states in by_revision.values() for key, (_, state) in states.items()]
    )
    entries, before = [], {}
    for version in own:
        now = by_revision.get(version.revision_id, {})
        changes = []
        for key, (name, state) in now.items():
            row_model, _id = key
            label = force_str(row_model._meta.verbose_name).capitalize()
            previous = before.get(key)
            if previous is None:
                if before:  # the first version adds everything; say so once, in its comment
                    changes.append({"row": label, "name": name, "kind": "added", "fields": []})
                continue
            fields = [
                {
                    "field": force_str(field.verbose_name).capitalize(),
                    "old": _display(field, previous[1].get(field.attname), labels),
                    "new": _display(field, state.get(field.attname), labels),
                }
                for field in _fields(row_model)
                if previous[1].get(field.attname) != state.get(field.attname)
            ]
            if fields:
                changes.append({"row": label, "name": name, "kind": "changed", "fields": fields})
        for key, (name, _state) in before.items():
            if key not in now:
                label = force_str(key[0]._meta.verbose_name).capitalize()
                changes.append({"row": label, "name": name, "kind": "removed", "fields": []})
        entries.append({"version": version, "revision": version.revision, "changes": changes})
        before = now
    entries.reverse()
    return entries
