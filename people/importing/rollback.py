"""Rolling back an import batch whole: the people it added go, the people it updated get
back what they had.

What archivists did since is never undone. A person changed after the import (a later
`updated_at`), or linked to anything the import did not write (a name variant, a camp, a
deportation, a testimony, a photo, a source, a merge, a relative, another list), is kept as they are
and counted, so that the archivist can look at them."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from camps.models import Imprisonment
from deportations.models import DeportationRecord
from memorial.base.models import Citation, MediaItem, Source, Status

from ..models import (
    ImportBatch,
    ImportedRow,
    ImportedUpdate,
    MergedPerson,
    NameKey,
    NameVariant,
    Person,
    Relationship,
    RepressionCase,
    Testimony,
)
from ..models.testimony import private_storage
from .heartbeat import BeatFile, queued_stopped, running_stopped

CHUNK = 2000
GOING = "people_rollback_going"
DATETIME_FIELDS = {"updated_at", "imported_at"}


class RollbackRefused(Exception):
    pass


@dataclass
class RollbackResult:
    removed: int = 0
    restored: int = 0
    kept: list = field(default_factory=list)  # ids of people left as they are


def features_of_person():
    """Rows of other records' many-to-many links to a person (a story or the home page that
    features them), found from Person's relations so that people need not know those apps."""
    return [
        relation.through.objects.filter(person=OuterRef("pk"))
        for relation in Person._meta.related_objects
        if relation.many_to_many
    ]


def _untouched_since(people, batch):
    """People exactly as the batch left them and linked to nothing else."""
    person_type = ContentType.objects.get_for_model(Person)
    linked = [
        NameVariant.objects.filter(person=OuterRef("pk")),
        # A camp an entry named is the batch's own, like its arrests.
        Imprisonment.objects.filter(person=OuterRef("pk")).exclude(source_id=batch.source_id),
        DeportationRecord.objects.filter(person=OuterRef("pk")),
        Testimony.objects.filter(person=OuterRef("pk")),
        MergedPerson.objects.filter(merged_into=OuterRef("pk")),
        # A relative, and a sentence as someone's family member that names them.
        Relationship.objects.filter(first=OuterRef("pk")),
        Relationship.objects.filter(second=OuterRef("pk")),
        RepressionCase.objects.filter(family_member_of=OuterRef("pk")),
        Citation.objects.filter(content_type=person_type, object_id=OuterRef("pk")),
        MediaItem.objects.filter(content_type=person_type, object_id=OuterRef("pk")),
        RepressionCase.objects.filter(person=OuterRef("pk")).exclude(source_id=batch.source_id),
        ImportedRow.objects.filter(person=OuterRef("pk")).filter(
            ~Q(source_id=batch.source_id) | ~Q(batch_id=batch.pk)
        ),
        *features_of_person(),
    ]
    people = people.filter(updated_at__lte=batch.imported_at)
    for rows in linked:
        people = people.exclude(Exists(rows))
    return people


def _delete_people(cursor, removable):
    """Delete the people `removable` (a queryset of their ids) and the rows the import
    wrote for them: one set-based statement per table, through a temporary table."""
    table = {
        model: model._meta.db_table
        for model in (Person, RepressionCase, NameKey, ImportedRow, ImportedUpdate, Imprisonment)
    }
    articles = RepressionCase.articles.through._meta.db_table
    select, params = removable.query.sql_with_params()
    cursor.execute(f"create temporary table {GOING} (id bigint primary key)")
    try:
        cursor.execute(f"insert into {GOING} (id) {select}", params)
        cursor.execute(
            f"delete from {articles} where repressioncase_id in "
            f"(select c.id from {table[RepressionCase]} as c join {GOING} as g "
            f"on g.id = c.person_id)"
        )
        # What earlier, rolled-back batches remembered of these people goes with them.
        for model in (RepressionCase, NameKey, ImportedRow, ImportedUpdate, Imprisonment):
            cursor.execute(
                f"delete from {table[model]} where person_id in (select id from {GOING})"
            )
        cursor.execute(f"delete from {table[Person]} where id in (select id from {GOING})")
    finally:
        cursor.execute(f"drop table {GOING}")


def _restore(cursor, model, values):
    """Put back the columns as they were; values holds the row's id and its old columns."""
    values = dict(values)
    record_id = values.pop("id")
    for name in DATETIME_FIELDS & values.keys():
        if isinstance(values[name], str):
            values[name] = parse_datetime(values[name])
    assignments = ", ".join(f"{name} = %s" for name in values)
    cursor.execute(
        f"update {model._meta.db_table} set {assignments} where id = %s",
        [*values.values(), record_id],
    )


def _delete_rows(cursor, queryset):
    """Delete the rows of `queryset` in one statement, as a raw SQL DELETE ... WHERE id IN
    (its ids): no signals and no cascade, for the rollback deletes what depends on them."""
    select, params = queryset.order_by().values("pk").query.sql_with_params()
    cursor.execute(f"delete from {queryset.model._meta.db_table} where id in ({select})", params)


def import_batch_roll_back(*, batch, user, dry_run=False):
    """Undo one import batch whole, or raise RollbackRefused saying why not."""
    with transaction.atomic():
        batch = _locked_for_roll_back(batch)
        made = Person.objects.filter(
            pk__in=ImportedRow.objects.filter(batch_id=batch.pk).values("person_id")
        )
        untouched = _untouched_since(made, batch)
        # The import set their updated_at; a later change moved it on.
        unchanged = set(
            Person.objects.filter(
                pk__in=batch.updates.values("person_id"), updated_at=batch.imported_at
            ).values_list("pk", flat=True)
        )
        if dry_run:
            return _preview(batch, made, untouched, unchanged)
        result = _removal(made, untouched)
        with connection.cursor() as cursor:
            _delete_people(cursor, untouched.order_by().values("pk"))
            restored = _restore_updates(cursor, batch, unchanged, result)
            _rebuild_main_name_keys(cursor, restored)
            # What the batch remembered is given back; it is no longer needed.
            _delete_rows(cursor, ImportedUpdate.objects.filter(batch_id=batch.pk))
        _mark_rolled_back(batch, user, result)
    from memorial.base.page_cache import forget_pages

    forget_pages()
    return result


def _locked_for_roll_back(batch):
    """The batch, locked, once it is sure that it may be rolled back."""
    # One import or rollback of a list at a time: both lock the list's source first.
    Source.objects.select_for_update().filter(pk=batch.source_id).first()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.rolled_back_at:
        raise RollbackRefused(_("This import was already rolled back."))
    later = ImportBatch.objects.filter(
        source_id=batch.source_id, imported_at__gt=batch.imported_at, rolled_back_at=None
    ).first()
    if later:
        raise RollbackRefused(
            _("The same list was imported again later (%(later)s): roll that back first.")
            % {"later": later}
        )
    return batch


def _removal(made, untouched):
    """The people the rollback removes (locked until it ends) and those it keeps."""
    locked = untouched
    if connection.features.has_select_for_update:
        # Nobody links or changes them between this check and their deletion.
        locked = untouched.select_for_update(of=("self",))
    removable = list(locked.values_list("pk", flat=True))
    kept = sorted(set(made.values_list("pk", flat=True)) - set(removable))
    return RollbackResult(removed=len(removable), kept=kept)


def _preview(batch, made, untouched, unchanged):
    """Counted without writing: a preview holds no lock and deletes nothing."""
    removable = set(untouched.values_list("pk", flat=True))
    updated = list(batch.updates.values_list("person_id", flat=True))
    kept = set(made.values_list("pk", flat=True)) - removable
    kept.update(person_id for person_id in updated if person_id not in unchanged)
    return RollbackResult(
        removed=len(removable),
        restored=sum(1 for person_id in updated if person_id in unchanged),
        kept=sorted(kept),
    )


def _restore_updates(cursor, batch, unchanged, result):
    """Give the people the batch updated back what they had, unless changed since; returns
    the ids of those restored."""
    restored = []
    for update in batch.updates.all().iterator(chunk_size=CHUNK):
        if update.person_id not in unchanged:
            result.kept.append(update.person_id)
            continue
        _restore_update(cursor, update)
        restored.append(update.person_id)
    result.restored = len(restored)
    result.kept = sorted(set(result.kept))
    return restored


def _restore_update(cursor, update):
    articles = RepressionCase.articles.through._meta.db_table
    if update.person_before:
        _restore(cursor, Person, update.person_before)
    if update.row_before:
        _restore(cursor, ImportedRow, update.row_before)
    if update.case_created:
        cursor.execute(f"delete from {articles} where repressioncase_id = %s", [update.case_id])
        cursor.execute(
            f"delete from {RepressionCase._meta.db_table} where id = %s", [update.case_id]
        )
    elif update.case_before:
        _restore(cursor, RepressionCase, update.case_before)
    for article_id in update.articles_added:
        cursor.execute(
            f"delete from {articles} where repressioncase_id = %s and article_id = %s",
            [update.case_id, article_id],
        )


def _rebuild_main_name_keys(cursor, people_ids):
    """The main name key follows the name as it is again."""
    for start in range(0, len(people_ids), CHUNK):
        part = people_ids[start : start + CHUNK]
        _delete_rows(cursor, NameKey.objects.filter(person_id__in=part, is_main=True))
        NameKey.objects.bulk_create(
            NameKey.build(
                person.pk,
                person.surname,
                person.given_name,
                person.patronymic,
                is_main=True,
                is_published=person.status == Status.PUBLISHED,
            )
            for person in Person.objects.filter(pk__in=part).only(
                "surname", "given_name", "patronymic", "status"
            )
        )


def _mark_rolled_back(batch, user, result):
    batch.rolled_back_at = timezone.now()
    batch.rolled_back_by = user
    batch.people_kept = len(result.kept)
    batch.rollback_message = ""
    batch.save(
        update_fields=["rolled_back_at", "rolled_back_by", "people_kept", "rollback_message"]
    )


def beat_path(batch):
    """Where a background rollback of `batch` shows that its worker lives."""
    return BeatFile(private_storage(), f"imports/rollback-{batch.pk}.progress.json")


def rollback_stopped(batch):
    """A background rollback that no worker is doing or will do: run it again."""
    if not batch.rollback_running:
        return False
    if batch.rollback_started_at or not batch.rollback_queued_at:
        return running_stopped(batch.rollback_started_at, beat_path(batch))
    return queued_stopped(batch.rollback_queued_at, batch.rollback_task_id)


def run_roll_back(*, batch, user, dry_run=False):
    """For the command and the background task: roll back, and leave on the batch whether
    it ran and how it ended, for the admin page that started it."""
    try:
        return import_batch_roll_back(batch=batch, user=user, dry_run=dry_run)
    except RollbackRefused as refusal:
        ImportBatch.objects.filter(pk=batch.pk).update(rollback_message=str(refusal))
        raise
    except Exception as error:
        ImportBatch.objects.filter(pk=batch.pk).update(
            rollback_message=_("The rollback failed and changed nothing: %(error)s")
            % {"error": error}
        )
        raise
    finally:
        ImportBatch.objects.filter(pk=batch.pk).update(rollback_running=False)
