"""Imports and rollbacks as background tasks: a worker runs them, a stopped worker shows as
failed after the stated time and the job can be run again (importing the list once), and
only so many imports run at once while the others wait and say so."""

import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from memorial.base.models import Source
from people.importing import heartbeat, people_import, service
from people.importing.heartbeat import BeatFile, Heartbeat, read_beat, write_beat
from people.importing.jobs import JobAlreadyStarted, claim, progress_path, run_import_job
from people.importing.rollback import RollbackRefused, beat_path
from people.importing.service import start_reader
from people.importing.tasks import start_import_job, start_roll_back
from people.models import ImportBatch, ImportJob, Person

from .test_import_admin import runs_queued_tasks, upload
from .test_import_people import write_csv
from .test_pages_migration import leaf_nodes, migrate

pytestmark = pytest.mark.django_db

IMPORT = {"column_record_id": "№", "column_full_name": "ФИО", "import": "1"}


@pytest.fixture
def admin_client(admin_client, django_capture_on_commit_callbacks):
    return runs_queued_tasks(admin_client, django_capture_on_commit_callbacks)


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database, as in production, until `worker()` runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def worker(monkeypatch):
    """`manage.py db_worker --batch`: runs the tasks that are due, then returns."""
    # The worker closes connections it finds inside a transaction; the test's must stay.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        for number, handler in handlers.items():
            signal.signal(number, handler)

    return run


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def job_page(client, job):
    return client.get(reverse("admin:people_importjob_change", args=[job.pk])).content.decode()


def changelist(client):
    return client.get(reverse("admin:people_importjob_changelist")).content.decode()


def start(client, job, data=IMPORT):
    client.post(reverse("admin:people_importjob_change", args=[job.pk]), data)
    job.refresh_from_db()


def left_running_by_a_killed_worker(job):
    """What a worker killed in the middle of the import leaves: the job running, its last
    beat on file, and (its transaction undone) nothing written."""
    job.columns, job.dry_run = {"record_id": "№", "full_name": "ФИО"}, False
    job.state, job.attempt = "running", 1
    job.queued_at = job.started_at = timezone.now()
    job.save()
    write_beat(progress_path(job), rows_read=2, rows_bad=0, progress=0.6)


def test_the_worker_imports_a_list_queued_in_the_admin(admin_client, database_tasks, worker):
    _, job = upload(admin_client)
    start(admin_client, job)
    assert job.state == "queued" and job.task_id and not Person.objects.exists()
    assert "Waiting for a worker to start it." in job_page(admin_client, job)
    worker()
    job.refresh_from_db()
    assert job.state == "done" and job.people_created == 3 and Person.objects.count() == 3
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    assert not progress_path(job).exists()  # the heartbeat's file goes with the task


def test_a_killed_worker_shows_as_failed_after_the_stated_time_and_runs_again_once(
    admin_client, settings, clock
):
    _, job = upload(admin_client)
    left_running_by_a_killed_worker(job)
    clock.shift(settings.IMPORT_JOB_STALE_SECONDS - 1)
    page = job_page(admin_client, job)
    assert "60% of the file: 2 rows read" in page and "Check the list" not in page
    clock.shift(2)
    page = job_page(admin_client, job)
    assert "failed: the worker stopped; run it again" in page
    assert "Check the list (nothing is written)" in page  # it can be run again
    assert "failed: the worker stopped; run it again" in changelist(admin_client)
    start(admin_client, job)
    assert job.state == "done" and job.attempt == 2 and job.people_created == 3
    assert Person.objects.count() == 3
    assert "failed" not in job_page(admin_client, job)


def test_a_worker_killed_after_its_commit_leaves_a_list_a_second_run_does_not_repeat(
    admin_client, settings, clock
):
    _, job = upload(admin_client)
    left_running_by_a_killed_worker(job)
    # It had written the list (its transaction committed) but not yet said so on the job.
    people_import(path=job.file.path, source=job.source, columns=job.columns, job=job)
    assert Person.objects.count() == 3
    clock.shift(settings.IMPORT_JOB_STALE_SECONDS + 1)
    start(admin_client, job)
    assert job.state == "done" and (job.people_created, job.people_updated) == (0, 3)
    assert Person.objects.count() == 3  # matched by the list's record numbers, not added again


def test_a_second_import_waits_while_the_first_runs_and_says_how_many_are_ahead(
    admin_client, database_tasks, worker, clock, django_assert_max_num_queries
):
    _, first = upload(admin_client)
    left_running_by_a_killed_worker(first)  # but alive: its worker beats on
    _, second = upload(admin_client)
    _, third = upload(admin_client)
    start(admin_client, second)
    start(admin_client, third)
    worker()
    second.refresh_from_db()
    assert second.state == "queued" and not Person.objects.exists()
    assert "Waiting: 1 import ahead." in job_page(admin_client, second)
    assert "Waiting: 2 imports ahead." in job_page(admin_client, third)
    with django_assert_max_num_queries(8):
        listed = changelist(admin_client)
    assert "waiting: 1 import ahead" in listed and "waiting: 2 imports ahead" in listed

    clock.shift(3)
    write_beat(progress_path(first), rows_read=3, rows_bad=0, progress=1.0)
    ImportJob.objects.filter(pk=first.pk).update(state="done")
    worker()  # nothing is due yet: each waits a few seconds before asking again
    assert ImportJob.objects.filter(state="queued").count() == 2
    clock.shift(5)
    worker()
    assert list(ImportJob.objects.order_by("pk").values_list("state", flat=True)) == ["done"] * 3
    assert Person.objects.count() == 6


def test_more_imports_at_once_when_the_setting_allows(
    admin_client, database_tasks, worker, settings
):
    settings.IMPORT_JOBS_AT_ONCE = 2
    _, first = upload(admin_client)
    left_running_by_a_killed_worker(first)
    _, second = upload(admin_client)
    start(admin_client, second)
    worker()
    second.refresh_from_db()
    assert second.state == "done" and Person.objects.count() == 3


def test_a_queued_import_whose_task_is_gone_shows_as_failed_after_the_stated_time(
    admin_client, database_tasks, settings, clock
):
    _, job = upload(admin_client)
    start(admin_client, job)
    DBTaskResult.objects.all().delete()  # as if the task never reached the queue
    clock.shift(settings.IMPORT_JOB_STALE_SECONDS - 1)
    assert "Waiting for a worker to start it." in job_page(admin_client, job)
    clock.shift(2)
    assert "The worker stopped; run it again." in job_page(admin_client, job)


def test_a_rollback_whose_worker_stopped_can_be_run_again(
    admin_client, settings, clock, monkeypatch, tmp_path
):
    from people.importing import tasks

    monkeypatch.setattr(tasks, "ROLLBACK_IN_REQUEST", 2)
    _, job = upload(admin_client)
    start(admin_client, job)
    batch = ImportBatch.objects.get(job=job)
    ImportBatch.objects.filter(pk=batch.pk).update(
        rollback_running=True, rollback_queued_at=timezone.now(), rollback_started_at=timezone.now()
    )
    write_beat(beat_path(batch))
    page = admin_client.get(f"/admin/people/importbatch/{batch.pk}/change/").content.decode()
    assert "The rollback is running." in page and "Roll back this import" not in page
    clock.shift(settings.IMPORT_JOB_STALE_SECONDS + 1)
    page = admin_client.get(f"/admin/people/importbatch/{batch.pk}/change/").content.decode()
    assert "The worker doing the rollback stopped; run it again." in page
    assert "Roll back this import" in page
    admin_client.post(f"/admin/people/importbatch/{batch.pk}/roll-back/")
    batch.refresh_from_db()
    assert batch.rolled_back_at and not batch.rollback_running and not Person.objects.exists()


def test_a_waiting_import_is_not_taken_for_stopped_however_long_it_waits(
    admin_client, database_tasks, worker, clock
):
    _, first = upload(admin_client)
    left_running_by_a_killed_worker(first)
    _, second = upload(admin_client)
    start(admin_client, second)
    for _ in range(30):  # five minutes of a worker asking for a free place
        write_beat(progress_path(first), rows_read=2, rows_bad=0, progress=0.6)
        clock.shift(timedelta(seconds=10))
        worker()
    assert "Waiting: 1 import ahead." in job_page(admin_client, second)


def running_attempt(job, dry_run=False):
    """The job as claim() leaves it for its task: attempt 1, running since now."""
    job.columns, job.dry_run = {"record_id": "№", "full_name": "ФИО"}, dry_run
    job.state, job.attempt = "running", 1
    job.queued_at = job.started_at = timezone.now()
    job.save()
    return job


def test_a_running_task_shows_signs_of_life_before_it_reports_progress(tmp_path, monkeypatch):
    monkeypatch.setattr(heartbeat, "BEAT_SECONDS", 0.05)
    path = BeatFile(FileSystemStorage(location=tmp_path), "task.progress.json")
    with Heartbeat(path):
        first, _ = read_beat(path)
        deadline = time.monotonic() + 5
        while read_beat(path)[0] == first and time.monotonic() < deadline:
            time.sleep(0.02)
        assert read_beat(path)[0] > first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
@pytest.mark.django_db(transaction=True)
def test_an_import_waiting_for_a_rollback_of_its_list_says_so_and_is_not_taken_for_stopped(
    admin_client, settings, monkeypatch
):
    settings.IMPORT_JOB_STALE_SECONDS = 1
    monkeypatch.setattr(heartbeat, "BEAT_SECONDS", 0.1)
    monkeypatch.setattr(service, "LIST_LOCK_RETRY_SECONDS", 0.1)
    _, job = upload(admin_client)
    running_attempt(job)
    # Another transaction (a rollback of the same list) holds the list's source.
    holder = connection.get_new_connection(connection.get_connection_params())
    holder.autocommit = False  # a pooled connection comes in autocommit: hold the lock
    holder.execute(f"select id from {Source._meta.db_table} where id = %s for update",
                   [job.source_id])  # fmt: skip
    pages = []

    def look_at_the_page_then_end_the_rollback():
        try:
            time.sleep(2)  # twice the time after which a silent task is taken for stopped
            pages.append(job_page(admin_client, job))
        finally:
            connections.close_all()
            holder.rollback()
            holder.close()

    looker = threading.Thread(target=look_at_the_page_then_end_the_rollback)
    looker.start()
    run_import_job(job)
    looker.join()
    assert "waiting for another import or rollback of this list" in pages[0]
    assert "failed" not in pages[0] and "Check the list" not in pages[0]
    job.refresh_from_db()
    assert job.state == "done" and Person.objects.count() == 3


@pytest.mark.parametrize("dry_run", [False, True])
def test_an_earlier_attempt_that_comes_back_writes_nothing(admin_client, dry_run):
    _, job = upload(admin_client)
    running_attempt(job, dry_run=dry_run)
    # Its worker seemed stopped, and the archivist ran the job again: attempt 2 waits.
    ImportJob.objects.filter(pk=job.pk).update(state="queued", attempt=2)
    run_import_job(job)  # attempt 1's worker comes back and goes on
    assert not Person.objects.exists() and not ImportBatch.objects.exists()
    job.refresh_from_db()
    assert (job.state, job.attempt, job.rows_read, job.finished_at) == ("queued", 2, 0, None)


def test_a_job_left_queued_without_a_time_does_not_hold_up_new_imports(
    admin_client, database_tasks, worker, clock, settings
):
    _, left = upload(admin_client)
    # Queued by the code before background tasks: no time, no task.
    ImportJob.objects.filter(pk=left.pk).update(state="queued", queued_at=None, task_id="")
    assert "failed: the worker stopped; run it again" in job_page(admin_client, left)
    _, job = upload(admin_client)
    start(admin_client, job)
    worker()
    job.refresh_from_db()
    assert job.state == "done" and Person.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_fails_the_imports_the_old_code_left_queued_or_running():
    before = [("people", "0022_person_updated")]
    old = migrate(before)
    Source = old.get_model("memorial", "Source")
    ImportJob = old.get_model("people", "ImportJob")
    source = Source.objects.create(kind="book_of_memory", title="Book of Memory")
    for state in ("queued", "running", "done"):
        ImportJob.objects.create(original_name=f"{state}.csv", source=source, state=state,
                                 language="ru" if state == "running" else "en")  # fmt: skip
    new = migrate(leaf_nodes())
    jobs = {job.original_name: job for job in new.get_model("people", "ImportJob").objects.all()}
    assert (jobs["queued.csv"].state, jobs["queued.csv"].message) == (
        "failed",
        "Stopped by the upgrade to background tasks; run it again.",
    )
    assert jobs["running.csv"].state == "failed"
    assert jobs["running.csv"].message.startswith("Остановлен")
    assert (jobs["done.csv"].state, jobs["done.csv"].message) == ("done", "")


def test_a_second_click_on_import_starts_nothing_more_and_says_why(
    admin_client, database_tasks, worker
):
    _, job = upload(admin_client)
    start(admin_client, job)
    url = reverse("admin:people_importjob_change", args=[job.pk])
    page = admin_client.post(url, IMPORT, follow=True).content.decode()
    assert "This list is already being checked or imported; this page shows how it goes." in page
    job.refresh_from_db()
    assert job.attempt == 1 and DBTaskResult.objects.count() == 1
    worker()
    assert Person.objects.count() == 3


def test_two_starts_from_pages_loaded_at_once_make_one_attempt(
    database_tasks, admin_client, django_capture_on_commit_callbacks
):
    _, job = upload(admin_client)
    # A double click: each request has its own copy of the job, loaded before either starts.
    first, second = ImportJob.objects.get(pk=job.pk), ImportJob.objects.get(pk=job.pk)
    for copy in (first, second):
        copy.columns, copy.dry_run = {"record_id": "№", "full_name": "ФИО"}, False
    with django_capture_on_commit_callbacks(execute=True):
        start_import_job(first)
    assert claim(job.pk, first.attempt, requeue=lambda: "") is not None  # a worker starts it
    with pytest.raises(JobAlreadyStarted):
        start_import_job(second)
    job.refresh_from_db()
    assert (job.state, job.attempt) == ("running", 1) and DBTaskResult.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads share no SQLite memory")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_starts_of_a_job_make_one_attempt(database_tasks, admin_client):
    _, job = upload(admin_client)
    loaded = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            copy = ImportJob.objects.get(pk=job.pk)
            copy.columns, copy.dry_run = {"record_id": "№", "full_name": "ФИО"}, False
            loaded.wait(timeout=10)
            start_import_job(copy)
            outcomes.append("started")
        except JobAlreadyStarted:
            outcomes.append("refused")
        finally:
            connections.close_all()

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    job.refresh_from_db()
    assert sorted(outcomes) == ["refused", "started"]
    assert job.attempt == 1 and DBTaskResult.objects.count() == 1


def large_batch(admin_client, monkeypatch):
    """An import rolled back in the background (tasks.ROLLBACK_IN_REQUEST lowered)."""
    from people.importing import tasks

    monkeypatch.setattr(tasks, "ROLLBACK_IN_REQUEST", 2)
    _, job = upload(admin_client)
    columns = {"record_id": "№", "full_name": "ФИО"}
    return people_import(path=job.file.path, source=job.source, columns=columns).batch


def test_a_second_click_on_roll_back_queues_nothing_more_and_says_why(
    admin_client, database_tasks, worker, monkeypatch
):
    batch = large_batch(admin_client, monkeypatch)
    url = reverse("admin:people_importbatch_roll_back", args=[batch.pk])
    admin_client.post(url)
    page = admin_client.post(url, follow=True).content.decode()
    assert "A rollback of this import is already queued or running" in page
    assert DBTaskResult.objects.filter(task_path__endswith="roll_back_import").count() == 1
    worker()
    batch.refresh_from_db()
    assert batch.rolled_back_at and not Person.objects.exists()


def test_two_rollbacks_started_from_pages_loaded_at_once_queue_one_task(
    admin_client, database_tasks, monkeypatch, superuser, django_capture_on_commit_callbacks
):
    batch = large_batch(admin_client, monkeypatch)
    first, second = ImportBatch.objects.get(pk=batch.pk), ImportBatch.objects.get(pk=batch.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert start_roll_back(batch=first, user=superuser) is None  # queued
    with pytest.raises(RollbackRefused, match="already queued or running"):
        start_roll_back(batch=second, user=superuser)
    assert DBTaskResult.objects.filter(task_path__endswith="roll_back_import").count() == 1


def test_the_worker_make_run_starts_is_not_restarted_by_the_autoreloader(settings, database_tasks):
    """Under the autoreloader a code edit restarts the worker in the middle of an import,
    and a SIGTERM to it kills the task at once rather than letting it finish."""
    settings.DEBUG = True  # as in development, where --reload would be the default
    recipe = Path(settings.BASE_DIR, "Makefile").read_text().split("\nrun:", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    [line] = [line for line in recipe.splitlines() if "manage.py db_worker" in line]
    arguments = shlex.split(line.split("manage.py db_worker", 1)[1].split("&", 1)[0])
    parser = db_worker.Command().create_parser("manage.py", "db_worker")
    assert parser.parse_args(arguments).reload is False


def test_the_reader_process_ends_when_its_import_dies(tmp_path):
    """A worker killed in the middle of an import (PostgreSQL reads the list in a child
    process) must not leave its reader waiting for ever on a full pipe, holding what it
    inherited: the worker's connection, so the import's transaction and the list's lock."""
    rows = [[str(number), f"Иванов{number} Иван Иванович"] for number in range(5000)]
    path = write_csv(tmp_path / "list.csv", rows, headers=["№", "ФИО"])
    columns = {"record_id": "№", "full_name": "ФИО"}
    reader, receiving = start_reader(path, columns, report_path=None, chunk_rows=10)
    receiving.recv()  # it reads and sends
    receiving.close()  # and the worker is gone, as after kill -9
    reader.join(timeout=10)
    assert not reader.is_alive()


WRITER_BESIDE_A_REQUEST = """
import threading, django
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("create table note (n integer)")
read, written, errors = threading.Event(), threading.Event(), []

def worker():
    read.wait()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("insert into note values (2)")
    except Exception as error:
        errors.append(f"worker: {error}")
    finally:
        connections.close_all()
        written.set()

thread = threading.Thread(target=worker)
thread.start()
try:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("select count(*) from note")
        read.set()
        written.wait(1)  # the worker writes meanwhile, or waits for this transaction
        cursor.execute("insert into note values (1)")
except Exception as error:
    errors.append(f"request: {error}")
thread.join()
with connection.cursor() as cursor:
    cursor.execute("select count(*) from note")
    print(cursor.fetchone()[0], errors)
"""


def test_on_sqlite_a_request_that_read_first_waits_for_the_workers_write(tmp_path):
    """make run: the worker writes beside the server on one SQLite file (in WAL mode). A
    transaction that read, then writes after the worker committed, must wait its turn, not
    fail at once with "database is locked"."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="memorial.settings.dev",
               DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}")  # fmt: skip
    ran = subprocess.run([sys.executable, "-c", WRITER_BESIDE_A_REQUEST], env=env,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert ran.stdout.strip() == "2 []", ran.stdout + ran.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads share no SQLite memory")
@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_start_one_import_when_one_may_run(admin_client):
    jobs = [upload(admin_client)[1] for _ in range(2)]
    ImportJob.objects.update(state="queued", attempt=1, queued_at=timezone.now(), task_id="t")
    together = threading.Barrier(2)
    claimed = []

    def work(job):
        try:
            together.wait(timeout=10)
            claimed.append(claim(job.pk, 1, requeue=lambda: "again") is not None)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert sorted(claimed) == [False, True]
    assert ImportJob.objects.filter(state="running").count() == 1
