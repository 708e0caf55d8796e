"""Imports started from the admin. Each runs as `manage.py import_people --job ID` in a
process of its own, so a large list never meets a web request's timeout; it writes its
progress to a small file beside the upload (the import's own transaction would hide rows
written to the database until it ends), and its result to the job when it is done."""

import json
import logging
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import ImportJob
from .reading import TableError
from .service import people_import

logger = logging.getLogger(__name__)


def progress_path(job):
    return Path(job.file.path).with_name(f"import-{job.pk}.progress.json")


def read_progress(job):
    """{"rows_read", "rows_bad", "progress"} of a running import, or {} before it reports."""
    try:
        return json.loads(progress_path(job).read_text())
    except (OSError, ValueError):
        return {}


def start_import_job(job):
    job.state = ImportJob.State.QUEUED
    job.save(update_fields=["state", "columns", "dry_run", "publish", "skip_bad_rows", "language"])
    if settings.IMPORT_JOBS_IN_PROCESS:
        run_import_job(job.pk)
        return
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.Popen(
        [sys.executable, str(manage), "import_people", "--job", str(job.pk), "--verbosity", "0"],
        start_new_session=True,  # lives on if the web worker that started it is recycled
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ.copy(),
    )


def run_import_job(job_id):
    job = ImportJob.objects.select_related("source", "created_by").get(pk=job_id)
    # The problems are written for the archivist who started the import, in their language.
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _run(job)


def _run(job):
    job.state, job.message, job.problems = ImportJob.State.RUNNING, "", []
    job.save(update_fields=["state", "message", "problems"])
    report_name = f"imports/import-{job.pk}-bad-rows.csv"
    report_path = Path(job.report.storage.path(report_name))
    progress = progress_path(job)

    def on_progress(result, share):
        partial = progress.with_suffix(".tmp")
        partial.write_text(
            json.dumps(
                {"rows_read": result.rows_read, "rows_bad": result.rows_bad, "progress": share}
            )
        )
        partial.replace(progress)  # the page never reads half a file

    try:
        result = people_import(
            path=job.file.path,
            source=job.source,
            columns=job.columns,
            publish=job.publish,
            skip_bad_rows=job.skip_bad_rows,
            dry_run=job.dry_run,
            user=job.created_by,
            report_path=report_path,
            on_progress=on_progress,
            job=job,
        )
    except (TableError, ValueError) as error:
        job.state, job.message = ImportJob.State.FAILED, str(error)
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        job.state = ImportJob.State.FAILED
        job.message = _("The import stopped on an unexpected error; nothing was written.")
    else:
        job.rows_read, job.rows_bad = result.rows_read, result.rows_bad
        job.people_created, job.people_updated = result.created, result.updated
        job.problems = [asdict(problem) for problem in result.problems]
        job.report = report_name if result.report_path else ""
        job.progress = 1.0
        if job.dry_run:
            job.state = ImportJob.State.CHECKED
        elif result.written:
            job.state = ImportJob.State.DONE
        else:
            job.state = ImportJob.State.REFUSED
    finally:
        job.finished_at = timezone.now()
        job.save()
        progress.unlink(missing_ok=True)
    return job
