"""Importing a list from the admin: upload, columns, check, import, progress and report."""

import os

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from memorial.base.roles import MODERATOR
from people.importing.heartbeat import write_beat
from people.importing.jobs import progress_path
from people.importing.tasks import import_list
from people.models import ColumnMapping, ImportJob, Person

from .factories import make_source

pytestmark = pytest.mark.django_db

LIST = (
    "№;ФИО;Год рождения;Дата ареста;Приговор\n"
    "1;Жумабаев Асан Нурланович;1899;12.08.1937;ВМН\n"
    "2;Шмидт Иван Карлович;1901;1938;10 лет ИТЛ\n"
    "3;Цой Валентина;1910;;\n"
)
BAD_LIST = LIST + "4;;1911;;\n5;Ли Роман;1912;31.02.1938;\n"
ADD_URL = reverse("admin:people_importjob_add")


@pytest.fixture
def admin_client(admin_client, django_capture_on_commit_callbacks):
    """The tasks a request queues run when its transaction commits, as a worker would take
    them (the test's own transaction never commits)."""
    return runs_queued_tasks(admin_client, django_capture_on_commit_callbacks)


def runs_queued_tasks(client, capture):
    send = client.request

    def request(**kwargs):
        with capture(execute=True):
            return send(**kwargs)

    client.request = request
    return client


def upload(client, content=LIST, name="Karaganda.csv", **options):
    source = make_source(title="Book of Memory of the Karaganda region")
    data = {"file": SimpleUploadedFile(name, content.encode("cp1251")), "source": source.pk,
            **options}  # fmt: skip
    response = client.post(ADD_URL, data)
    return response, ImportJob.objects.order_by("-pk").first()


def test_an_uploaded_list_opens_with_its_columns_guessed(admin_client):
    response, job = upload(admin_client)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    assert response.status_code == 302 and response["Location"] == page
    assert job.original_name == "Karaganda.csv" and job.state == "uploaded"
    html = admin_client.get(page).content.decode()
    assert '<option value="ФИО" selected>ФИО</option>' in html
    assert '<option value="Год рождения" selected>Год рождения</option>' in html
    assert "Check the list (nothing is written)" in html


def test_checking_writes_nothing_and_says_what_an_import_would_do(admin_client):
    _, job = upload(admin_client)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    data = {
        "column_record_id": "№",
        "column_full_name": "ФИО",
        "column_birth_date": "Год рождения",
        "column_arrest_date": "Дата ареста",
        "column_sentence": "Приговор",
        "check": "1",
    }
    response = admin_client.post(page, data, follow=True)
    job.refresh_from_db()
    assert job.state == "checked" and job.dry_run
    assert not Person.objects.exists()
    html = response.content.decode()
    assert "people an import would add" in html and "<td>3</td>" in html
    assert "Nothing was written: this was a check." in html


def test_importing_adds_drafts_recorded_as_the_uploaders(admin_client, superuser):
    _, job = upload(admin_client)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    data = {"column_record_id": "№", "column_full_name": "ФИО", "import": "1"}
    admin_client.post(page, data)
    job.refresh_from_db()
    assert job.state == "done" and job.people_created == 3
    person = Person.objects.get(surname="Шмидт")
    assert person.status == "draft" and person.created_by == superuser


def test_a_list_with_bad_rows_is_refused_with_a_report(admin_client):
    _, job = upload(admin_client, content=BAD_LIST)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    data = {
        "column_record_id": "№",
        "column_full_name": "ФИО",
        "column_arrest_date": "Дата ареста",
        "import": "1",
    }
    html = admin_client.post(page, data, follow=True).content.decode()
    job.refresh_from_db()
    assert job.state == "refused" and not Person.objects.exists()
    assert "<td>5</td><td>ФИО</td><td></td><td>The surname is empty.</td>" in html
    assert "<td>6</td><td>Дата ареста</td><td>31.02.1938</td>" in html
    report = admin_client.get(reverse("admin:people_importjob_report", args=[job.pk]))
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert report["Content-Disposition"].startswith('attachment; filename="Karaganda-bad-rows')
    assert text.splitlines()[0] == "row,№,ФИО,Год рождения,Дата ареста,Приговор,problems"
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["5", "6"]
    # Skipping the bad rows imports the good ones.
    admin_client.post(page, {**data, "skip_bad_rows": "on"})
    job.refresh_from_db()
    assert job.state == "done" and Person.objects.count() == 3


def test_columns_are_saved_and_offered_for_the_next_list(admin_client):
    _, job = upload(admin_client)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    admin_client.post(page, {"column_full_name": "ФИО", "column_birth_date": "Год рождения",
                             "save_as": "Karaganda", "check": "1"})  # fmt: skip
    mapping = ColumnMapping.objects.get(name="Karaganda")
    assert mapping.columns == {"full_name": "ФИО", "birth_date": "Год рождения"}
    _, second = upload(admin_client)
    second_page = reverse("admin:people_importjob_change", args=[second.pk])
    html = admin_client.get(second_page, {"mapping": mapping.pk}).content.decode()
    assert '<option value="Дата ареста" selected>' not in html  # not in the saved columns
    assert '<option value="Год рождения" selected>' in html


def test_a_mapping_without_a_name_column_or_with_a_column_twice_is_refused(admin_client):
    _, job = upload(admin_client)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    html = admin_client.post(page, {"column_birth_date": "Год рождения", "check": "1"}).content
    assert "Choose the column with the surname or with the full name." in html.decode()
    html = admin_client.post(
        page, {"column_full_name": "ФИО", "column_occupation": "ФИО", "check": "1"}
    ).content.decode()
    assert "The column “ФИО” is already chosen for “full name" in html
    assert '<option value="ФИО" selected>' in html  # what was chosen is shown again
    job.refresh_from_db()
    assert job.state == "uploaded"


def test_a_file_that_is_not_a_list_is_refused_on_upload(admin_client):
    response, job = upload(admin_client, name="scan.pdf")
    assert response.status_code == 200 and job is None
    assert (
        "Upload a CSV file, an Excel workbook (.xlsx) or a text file of entries (.txt); this "
        "is “scan.pdf”."
    ) in response.content.decode()


def test_a_running_import_shows_its_progress_and_refreshes(admin_client):
    _, job = upload(admin_client)
    job.state, job.started_at = "running", timezone.now()
    job.save()
    write_beat(progress_path(job), rows_read=400, rows_bad=2, progress=0.4)
    html = admin_client.get(reverse("admin:people_importjob_change", args=[job.pk])).content
    html = html.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert 'max="100" value="40"' in html
    assert "40% of the file: 400 rows read, 2 bad so far." in html
    assert "Check the list" not in html  # no second run while one is going


def test_the_background_task_runs_an_uploaded_job(admin_client):
    _, job = upload(admin_client)
    job.columns = {"full_name": "ФИО"}
    job.dry_run = False
    job.state, job.attempt, job.queued_at = "queued", 1, timezone.now()
    job.save()
    import_list.call(job.pk, 1)
    job.refresh_from_db()
    assert job.state == "done" and Person.objects.count() == 3


def test_moderators_see_imports_but_cannot_run_them(client, admin_client):
    _, job = upload(admin_client)
    moderator = User.objects.create_user("moderator", password="pw", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATOR))
    client.force_login(moderator)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    html = client.get(page).content.decode()
    assert "Karaganda.csv" in html and "Check the list" not in html
    client.post(page, {"column_full_name": "ФИО", "import": "1"})
    assert not Person.objects.exists()
    assert client.get(ADD_URL).status_code == 403


def test_the_imports_list_does_not_grow_in_queries(admin_client, django_assert_max_num_queries):
    upload(admin_client)
    url = reverse("admin:people_importjob_changelist")
    with django_assert_max_num_queries(8):
        admin_client.get(url)
    for _ in range(5):
        upload(admin_client)
    with django_assert_max_num_queries(8):
        assert "Karaganda.csv" in admin_client.get(url).content.decode()


def test_problems_are_reported_in_the_uploaders_language(admin_client):
    _, job = upload(admin_client, content=BAD_LIST)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    data = {"column_full_name": "ФИО", "column_arrest_date": "Дата ареста", "check": "1"}
    html = admin_client.post(page, data, follow=True, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Фамилия не указана." in html
    job.refresh_from_db()
    assert job.language == "ru"


def test_deleting_an_import_deletes_the_uploaded_list(admin_client):
    _, job = upload(admin_client, content=BAD_LIST)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    admin_client.post(page, {"column_full_name": "ФИО", "check": "1"})
    job.refresh_from_db()
    files = [job.file.path, job.report.path]
    assert all(os.path.exists(path) for path in files)
    job.delete()
    assert not any(os.path.exists(path) for path in files)


def test_an_odd_saved_columns_number_is_ignored(admin_client):
    _, job = upload(admin_client)
    page = reverse("admin:people_importjob_change", args=[job.pk])
    for odd in ["²", "9" * 5000, "-1", "<x>"]:
        assert admin_client.get(page, {"mapping": odd}).status_code == 200
