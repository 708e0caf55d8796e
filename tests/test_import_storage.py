"""Imports with the private storage in an object store (PRIVATE_MEDIA_STORAGE=s3), played by
Django's InMemoryStorage: the list is read from a temporary copy (on PostgreSQL by the
reader's child process), the report and the signs of life are written through the storage,
and nothing lands in a folder that code reading a path could find."""

import tempfile

import pytest
from django.core.files.storage import InMemoryStorage, storages
from django.urls import reverse
from django.utils import timezone

from people.importing.heartbeat import Heartbeat, read_beat, write_beat
from people.importing.jobs import progress_path
from people.importing.rollback import beat_path
from people.importing.tasks import import_list
from people.models import ImportBatch, ImportJob, Person

from .test_import_admin import BAD_LIST, runs_queued_tasks, upload

pytestmark = pytest.mark.django_db

IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
COLUMNS = {
    "column_record_id": "№",
    "column_full_name": "ФИО",
    "column_arrest_date": "Дата ареста",
}


@pytest.fixture
def private_storage(settings, monkeypatch):
    settings.STORAGES = {**settings.STORAGES, "private": IN_MEMORY}
    storage = storages["private"]
    assert isinstance(storage, InMemoryStorage)
    # A model's file fields take their storage once, when the models load; the storage
    # configured in production is there from the start.
    for name in ("file", "report"):
        monkeypatch.setattr(ImportJob._meta.get_field(name), "storage", storage)
    return storage


@pytest.fixture
def staff(admin_client, django_capture_on_commit_callbacks):
    return runs_queued_tasks(admin_client, django_capture_on_commit_callbacks)


def nothing_on_disk(settings):
    return not settings.PRIVATE_MEDIA_ROOT.exists() or not any(
        settings.PRIVATE_MEDIA_ROOT.iterdir()
    )


def test_a_list_in_the_object_store_is_checked_reported_and_imported(
    staff, private_storage, settings
):
    response, job = upload(staff, content=BAD_LIST)
    assert response.status_code == 302 and private_storage.exists(job.file.name)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    html = staff.get(page).content.decode()
    assert '<option value="ФИО" selected>' in html  # its columns read and guessed
    staff.post(page, {**COLUMNS, "check": "1"})
    job.refresh_from_db()
    assert job.state == "checked" and job.rows_bad == 2
    assert private_storage.exists(job.report.name)
    report = staff.get(reverse("admin:people_importjob_report", args=[job.pk]))
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["5", "6"]
    assert "The surname is empty." in text
    staff.post(page, {**COLUMNS, "import": "1", "skip_bad_rows": "on"})
    job.refresh_from_db()
    assert job.state == "done" and Person.objects.count() == 3
    # Run again, the report replaces the first one rather than piling up beside it.
    reports = [name for name in private_storage.listdir("imports")[1] if "bad-rows" in name]
    assert reports == [f"import-{job.pk}-bad-rows.csv"]
    assert nothing_on_disk(settings)


def test_the_background_task_imports_a_list_kept_in_the_object_store(
    admin_client, private_storage, settings, monkeypatch, tmp_path
):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    _, job = upload(admin_client, content=BAD_LIST)
    job.columns, job.dry_run = {"full_name": "ФИО"}, False
    job.skip_bad_rows = True
    job.state, job.attempt, job.queued_at = "queued", 1, timezone.now()
    job.save()
    import_list.call(job.pk, 1)
    job.refresh_from_db()
    assert job.state == "done" and Person.objects.count() == 4
    assert job.report.open("rb").read().decode("utf-8-sig").count("The surname is empty.") == 1
    assert not progress_path(job).exists()  # the sign of life goes with the task
    assert nothing_on_disk(settings)
    assert not list(scratch.iterdir())  # the list's copy and the report's draft are gone


def test_a_running_import_shows_its_progress_from_the_object_store(admin_client, private_storage):
    _, job = upload(admin_client)
    job.state, job.attempt, job.started_at = "running", 1, timezone.now()
    job.save()
    write_beat(progress_path(job), rows_read=400, rows_bad=2, progress=0.4)
    write_beat(progress_path(job), rows_read=500, rows_bad=2, progress=0.5)  # replaced
    html = admin_client.get(reverse("admin:people_importjob_change", args=[job.pk]))
    assert "50% of the file: 500 rows read, 2 bad so far." in html.content.decode()


def test_a_rollback_beats_in_the_object_store(private_storage):
    batch = ImportBatch(pk=7)
    assert read_beat(beat_path(batch)) == (None, {})
    with Heartbeat(beat_path(batch)):
        beat, _ = read_beat(beat_path(batch))
        assert beat is not None and private_storage.exists(beat_path(batch).name)
    assert not beat_path(batch).exists()
