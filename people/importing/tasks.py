"""What runs in the background, as Django tasks (settings.TASKS; in production
django-tasks-db's worker, `manage.py db_worker`, see docs/background-work.md): the lists
imported from the admin, and rollbacks too large for a request.

A task is queued only once the rows it works on are committed, so that a worker never
looks for a job that is not there yet."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportBatch, ImportJob
from .heartbeat import Heartbeat
from .jobs import claim, queue_job, run_import_job
from .rollback import (
    RollbackRefused,
    beat_path,
    import_batch_roll_back,
    rollback_stopped,
    run_roll_back,
)

# An import that finds no free place asks again this much later.
WAIT_SECONDS = 5
# A rollback of more people than this runs in the background (about two minutes for a
# million people on two cores): a web request would time out first.
ROLLBACK_IN_REQUEST = 20_000


@task
def import_list(job_id, attempt):
    job = claim(job_id, attempt, requeue=lambda: _queue_import(job_id, attempt, wait=True))
    if job is not None:
        run_import_job(job)


def start_import_job(job):
    """Queue the job (its columns and options set) for a worker."""
    with transaction.atomic():
        attempt = queue_job(job)
        transaction.on_commit(lambda: _queue_import(job.pk, attempt))


def _queue_import(job_id, attempt, wait=False):
    if wait:
        later = timezone.now() + timedelta(seconds=WAIT_SECONDS)
        return import_list.using(run_after=later).enqueue(job_id, attempt).id
    result = import_list.enqueue(job_id, attempt)
    # Unless the worker was quicker and has queued the job's next task already.
    ImportJob.objects.filter(pk=job_id, attempt=attempt, task_id="").update(task_id=result.id)
    return result.id


@task
def roll_back_import(batch_id, user_id):
    now = timezone.now()
    started = ImportBatch.objects.filter(
        pk=batch_id, rollback_running=True, rollback_started_at=None, rolled_back_at=None
    ).update(rollback_started_at=now)
    if not started:
        return  # rolled back meanwhile, or run again by another task
    batch = ImportBatch.objects.get(pk=batch_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    with Heartbeat(beat_path(batch)):
        try:
            run_roll_back(batch=batch, user=user)
        except RollbackRefused:
            pass  # the batch says why, for the page


def start_roll_back(*, batch, user):
    """From the admin: roll back at once when small, else in the background. Returns the
    result, or None when it was queued; raises RollbackRefused saying why not."""
    if batch.people_created + batch.people_updated <= ROLLBACK_IN_REQUEST:
        return import_batch_roll_back(batch=batch, user=user)
    user_id = user.pk if user is not None else None
    with transaction.atomic():
        _lock_for_a_new_roll_back(batch)
        ImportBatch.objects.filter(pk=batch.pk).update(
            rollback_running=True,
            rollback_message="",
            rollback_queued_at=timezone.now(),
            rollback_started_at=None,
            rollback_task_id="",
        )
        transaction.on_commit(lambda: _queue_roll_back(batch.pk, user_id))
    return None


def _lock_for_a_new_roll_back(batch):
    """Lock the batch's row to queue its rollback, unless one is already queued or running
    (a second click): two starts at once go one after the other. A running rollback holds
    the row for minutes, so the lock is not waited for where it can be refused at once."""
    batches = ImportBatch.objects.filter(pk=batch.pk)
    already = RollbackRefused(
        _("A rollback of this import is already queued or running; this page shows its end.")
    )
    if connection.features.has_select_for_update_nowait:
        try:
            with transaction.atomic():  # a refusal spoils this savepoint only
                current = batches.select_for_update(nowait=True).get()
        except OperationalError:
            raise already from None
    else:
        current = batches.select_for_update().get()
    if current.rolled_back_at:
        raise RollbackRefused(_("This import was already rolled back."))
    if current.rollback_running and not rollback_stopped(current):
        raise already


def _queue_roll_back(batch_id, user_id):
    result = roll_back_import.enqueue(batch_id, user_id)
    ImportBatch.objects.filter(pk=batch_id, rollback_task_id="").update(rollback_task_id=result.id)
