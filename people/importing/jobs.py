"""Imports started from the admin, run by a background worker (tasks.py queues them).

A job is queued, then running, then done (or checked, refused, failed). While it runs, its
task writes its progress to a small file beside the upload (heartbeat.py): the import's
own transaction would hide rows written to the database until it ends. At most
IMPORT_JOBS_AT_ONCE imports run at once, however many workers there are; the others wait
their turn, in the order they were queued."""

import logging
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ImportJob
from .heartbeat import BeatFile, Heartbeat, queued_stopped, read_beat, running_stopped
from .reading import TableError
from .service import people_import
from .stored_files import readable_path, replace_stored, temporary_report

logger = logging.getLogger(__name__)

ACTIVE = (ImportJob.State.QUEUED, ImportJob.State.RUNNING)
WORKER_STOPPED = gettext_lazy("The worker stopped; run it again.")
ALREADY_STARTED = gettext_lazy(
    "This list is already being checked or imported; this page shows how it goes."
)


def progress_path(job):
    """Beside the upload, in the private storage, so the web machines see the worker's."""
    name = PurePosixPath(job.file.name).with_name(f"import-{job.pk}-{job.attempt}.progress.json")
    return BeatFile(job.file.storage, str(name))


def read_progress(job):
    """{"rows_read", "rows_bad", "progress"} of a running import, or {} before it reports."""
    return read_beat(progress_path(job))[1]


def job_stopped(job):
    """Queued or running, but no worker is doing or will do it."""
    if job.state == ImportJob.State.RUNNING:
        return running_stopped(job.started_at, progress_path(job))
    if job.state == ImportJob.State.QUEUED:
        return queued_stopped(job.queued_at, job.task_id)
    return False


@dataclass
class JobStatus:
    active: bool = False  # queued or running, with a worker on it
    stopped: bool = False
    ahead: int = 0  # imports running or queued before a waiting one
    progress: dict = field(default_factory=dict)


class ImportQueue:
    """The imports queued or running, as the workers see them: which of them stopped, and
    which may start."""

    def __init__(self, jobs):
        self.jobs = jobs  # in the order they were queued
        self.stopped = {job.pk for job in jobs if job_stopped(job)}
        self.running = [
            job
            for job in jobs
            if job.state == ImportJob.State.RUNNING and job.pk not in self.stopped
        ]

    @classmethod
    def load(cls, *, lock=False):
        jobs = ImportJob.objects.filter(state__in=ACTIVE).order_by(
            F("queued_at").asc(nulls_last=True), "pk"
        )
        if lock:
            # FOR NO KEY UPDATE: a running import holds a key-share lock on its job (its
            # batch refers to it), which this must not wait for.
            jobs = jobs.select_for_update(no_key=True)
        return cls(list(jobs))

    def queued_before(self, job):
        earlier = []
        for other in self.jobs:
            if other.pk == job.pk:
                return earlier
            if other.state == ImportJob.State.QUEUED and other.pk not in self.stopped:
                earlier.append(other)
        return earlier

    def may_start(self, job):
        free = settings.IMPORT_JOBS_AT_ONCE - len(self.running)
        return len(self.queued_before(job)) < free

    def status(self, job):
        if job.state not in ACTIVE:
            return JobStatus()
        if job.pk in self.stopped or job_stopped(job):
            return JobStatus(stopped=True)
        if job.state == ImportJob.State.RUNNING:
            return JobStatus(active=True, progress=read_progress(job))
        ahead = len(self.running) + len(self.queued_before(job))
        return JobStatus(active=True, ahead=ahead)


class JobAlreadyStarted(Exception):
    pass


def queue_job(job):
    """Record a new attempt at the job (its columns and options as the caller set them),
    queued now, and return its number; the caller queues its task. Refused while an
    attempt is queued or running with a worker on it: a second click, or a second
    archivist on the same page."""
    # The lock makes two starts at once one after the other; FOR NO KEY UPDATE, for a
    # running import holds a key-share lock on its job (its batch refers to it).
    current = ImportJob.objects.select_for_update(no_key=True).get(pk=job.pk)
    if current.is_active and not job_stopped(current):
        raise JobAlreadyStarted(str(ALREADY_STARTED))
    job.state = ImportJob.State.QUEUED
    job.attempt = F("attempt") + 1
    job.queued_at, job.started_at, job.finished_at = timezone.now(), None, None
    job.task_id, job.message, job.problems = "", "", []
    job.save(
        update_fields=[
            *("state", "attempt", "queued_at", "started_at", "finished_at", "task_id"),
            *("message", "problems", "columns", "dry_run", "publish", "skip_bad_rows"),
            "language",
        ]
    )
    job.refresh_from_db(fields=["attempt"])
    return job.attempt


def claim(job_id, attempt, requeue):
    """Start the job if an import may start now, and return it. Otherwise None: the job
    waits (requeue() queues its task again, for a little later, and returns its id), or a
    later attempt overtook this one."""
    # One claim at a time: on PostgreSQL the lock on the active jobs; on SQLite the
    # transaction itself, which begins IMMEDIATE (memorial/settings/base.py) and so holds
    # the one write lock from its start.
    with transaction.atomic():
        queue = ImportQueue.load(lock=True)
        job = next((job for job in queue.jobs if job.pk == job_id), None)
        if job is None or job.attempt != attempt or job.state != ImportJob.State.QUEUED:
            return None
        if not queue.may_start(job):
            job.task_id = requeue()
            job.save(update_fields=["task_id"])
            return None
        job.state, job.started_at = ImportJob.State.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
    return job


def run_import_job(job):
    """Import the list of a job claim() started, and record how it ended."""
    # The problems are written for the archivist who started the import, in their language.
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with Heartbeat(progress_path(job)) as heartbeat:
                outcome = _import(job, heartbeat)
        except BaseException:
            # The worker was told to stop at once: the import's transaction is undone.
            _record(job, {"state": ImportJob.State.FAILED, "message": str(WORKER_STOPPED)})
            raise
        _record(job, outcome)
    return job


def _import(job, heartbeat):
    """The job's import; returns what to record on the job."""
    try:
        with readable_path(job.file) as path, temporary_report() as report_path:
            result = _run(job, heartbeat, path, report_path)
            report = _store_report(job, result, report_path)
    except (TableError, ValueError) as error:
        return {"state": ImportJob.State.FAILED, "message": str(error)}
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        message = _("The import stopped on an unexpected error; nothing was written.")
        return {"state": ImportJob.State.FAILED, "message": message}
    if result.overtaken:
        logger.warning("Import job %s: attempt %s was overtaken; undone", job.pk, job.attempt)
        return {}
    return _outcome(job, result, report)


def _store_report(job, result, report_path):
    """The stored report's name, or "" when there is none (or it could not be stored: the
    import has committed by now, and stays recorded as it ended)."""
    if not result.report_path or result.overtaken:
        return ""
    try:
        return replace_stored(
            job.report.storage, f"imports/import-{job.pk}-bad-rows.csv", report_path
        )
    except Exception:
        logger.exception("Import job %s: the bad rows' report could not be stored", job.pk)
        return ""


def _run(job, heartbeat, path, report_path):
    """people_import() of the job's list, read from `path` (a local file), with its bad
    rows written to `report_path`."""

    def on_progress(result, share):
        heartbeat.update(rows_read=result.rows_read, rows_bad=result.rows_bad, progress=share)

    def on_waiting(waiting):
        heartbeat.update(**({"waiting_for_list": True} if waiting else {}))

    return people_import(
        path=path,
        source=job.source,
        columns=job.columns,
        publish=job.publish,
        skip_bad_rows=job.skip_bad_rows,
        dry_run=job.dry_run,
        user=job.created_by,
        report_path=report_path,
        on_progress=on_progress,
        job=job,
        on_waiting=on_waiting,
        around_fork=heartbeat.paused,
        may_commit=lambda: still_current(job),
    )


def still_current(job):
    """Inside the import's transaction, just before it commits: the job's attempt is still
    this one and running. The job's row stays locked until the commit, so that no new
    attempt starts in between (queue_job() locks it too)."""
    return (
        ImportJob.objects.select_for_update(no_key=True)
        .filter(pk=job.pk, attempt=job.attempt, state=ImportJob.State.RUNNING)
        .exists()
    )


def _outcome(job, result, report):
    if job.dry_run:
        state = ImportJob.State.CHECKED
    elif result.written:
        state = ImportJob.State.DONE
    else:
        state = ImportJob.State.REFUSED
    return {
        "state": state,
        "rows_read": result.rows_read,
        "rows_bad": result.rows_bad,
        "people_created": result.created,
        "people_updated": result.updated,
        "warnings": result.warnings,
        "problems": [asdict(problem) for problem in result.problems],
        "report": report,
        "progress": 1.0,
    }


def _record(job, outcome):
    """Write the outcome, unless a later attempt took the job over meanwhile."""
    if not outcome:
        return  # overtaken: the job is the later attempt's
    outcome["finished_at"] = timezone.now()
    ImportJob.objects.filter(pk=job.pk, attempt=job.attempt, state=ImportJob.State.RUNNING).update(
        **outcome
    )
    for name, value in outcome.items():
        setattr(job, name, value)
