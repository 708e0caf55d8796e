"""Each import is a batch that can be rolled back whole, without undoing archivists' work."""

import pytest
from django.core.management import CommandError, call_command

from memorial.base.models import Status
from people.importing import guess_columns, people_import
from people.importing.rollback import RollbackRefused, import_batch_roll_back
from people.models import (
    ImportBatch,
    ImportedRow,
    NameKey,
    NameVariant,
    Person,
    RepressionCase,
)
from people.search import find_people

from .factories import make_source
from .test_import_people import GOOD_ROWS, HEADERS, write_csv

pytestmark = pytest.mark.django_db

COLUMNS = guess_columns(HEADERS)


@pytest.fixture
def source():
    return make_source(title="Book of Memory of the Karaganda region")


def import_rows(tmp_path, source, rows, user=None):
    path = write_csv(tmp_path / "list.csv", rows, HEADERS)
    result = people_import(path=path, source=source, columns=COLUMNS, user=user)
    assert result.written
    return result.batch


def test_an_import_is_recorded_as_a_batch(tmp_path, source, superuser):
    batch = import_rows(tmp_path, source, GOOD_ROWS, user=superuser)
    assert (batch.rows, batch.people_created, batch.people_updated) == (3, 3, 0)
    assert batch.imported_by == superuser and batch.file_name == "list.csv"
    assert ImportedRow.objects.filter(batch_id=batch.pk).count() == 3


def test_a_refused_import_leaves_no_batch(tmp_path, source):
    path = write_csv(tmp_path / "list.csv", [["1", "", "1899"]], HEADERS)
    result = people_import(path=path, source=source, columns=COLUMNS)
    assert not result.written and not ImportBatch.objects.exists()


def test_rolling_back_the_first_import_removes_its_people(tmp_path, source, superuser):
    batch = import_rows(tmp_path, source, GOOD_ROWS)
    result = import_batch_roll_back(batch=batch, user=superuser)
    assert result.removed == 3 and result.kept == []
    assert not Person.objects.exists()
    assert not RepressionCase.objects.exists() and not NameKey.objects.exists()
    assert not ImportedRow.objects.exists()
    batch.refresh_from_db()
    assert batch.rolled_back_by == superuser and batch.rolled_back_at


def test_rolling_back_a_reimport_restores_what_people_had(tmp_path, source, superuser):
    import_rows(tmp_path, source, GOOD_ROWS)
    corrected = [row[:] for row in GOOD_ROWS]
    corrected[1][1] = "Шмит Иван Карлович"  # a corrected spelling
    corrected[1][6] = "58-1а, 58-10"  # one more article
    corrected[2][5] = "1937"  # an arrest the first list did not have
    corrected.append(["4", "Ким Пётр", "1905", "", "", "", "", "", "", "", "", "", ""])
    second = import_rows(tmp_path, source, corrected)
    assert (second.people_created, second.people_updated) == (1, 3)
    schmidt = Person.objects.get(surname="Шмит")

    result = import_batch_roll_back(batch=second, user=superuser)
    assert (result.removed, result.restored, result.kept) == (1, 3, [])
    schmidt.refresh_from_db()
    assert schmidt.surname == "Шмидт"
    assert sorted(schmidt.cases.get().articles.values_list("code", flat=True)) == ["58-1а"]
    assert not Person.objects.filter(surname="Ким").exists()
    tsoi = Person.objects.get(surname="Цой")
    assert not tsoi.cases.exists()
    # Found again under the name it has again, not the one it had for a while.
    assert list(find_people(Person.objects.all(), "Шмидт Иван")) == [schmidt.pk]
    assert NameKey.objects.get(person=schmidt, is_main=True).exact.startswith("шмидт")
    assert ImportedRow.objects.get(person=schmidt).batch_id != second.pk


def test_people_an_archivist_changed_since_are_kept(tmp_path, source, superuser):
    batch = import_rows(tmp_path, source, GOOD_ROWS)
    edited = Person.objects.get(surname="Цой")
    edited.biography = "<p>Her daughter wrote to us.</p>"
    edited.status = Status.PUBLISHED
    edited.save()
    linked = Person.objects.get(surname="Шмидт")
    NameVariant.objects.create(person=linked, surname="Schmidt", kind="latin", script="latn")
    Person.objects.filter(pk=linked.pk).update(updated_at=batch.imported_at)

    result = import_batch_roll_back(batch=batch, user=superuser)
    assert result.removed == 1
    assert result.kept == sorted([edited.pk, linked.pk])
    assert Person.objects.get(pk=edited.pk).biography == "<p>Her daughter wrote to us.</p>"
    assert Person.objects.filter(pk=linked.pk).exists()
    assert ImportBatch.objects.get().people_kept == 2


def test_only_the_latest_import_of_a_list_can_be_rolled_back_and_only_once(
    tmp_path, source, superuser
):
    first = import_rows(tmp_path, source, GOOD_ROWS)
    second = import_rows(tmp_path, source, GOOD_ROWS)
    with pytest.raises(RollbackRefused, match="imported again later"):
        import_batch_roll_back(batch=first, user=superuser)
    import_batch_roll_back(batch=second, user=superuser)
    with pytest.raises(RollbackRefused, match="already rolled back"):
        import_batch_roll_back(batch=second, user=superuser)
    import_batch_roll_back(batch=first, user=superuser)
    assert not Person.objects.exists()


def test_the_command_rolls_back_and_its_dry_run_changes_nothing(tmp_path, source, capsys):
    batch = import_rows(tmp_path, source, GOOD_ROWS)
    call_command("roll_back_import", batch.pk, "--dry-run")
    assert Person.objects.count() == 3
    assert "would remove 3 people" in capsys.readouterr().out
    call_command("roll_back_import", batch.pk)
    assert not Person.objects.exists()
    with pytest.raises(CommandError, match="already rolled back"):
        call_command("roll_back_import", batch.pk)
    with pytest.raises(CommandError, match="No import batch"):
        call_command("roll_back_import", 999)


def test_an_archivist_rolls_back_in_the_admin_after_seeing_what_will_change(
    tmp_path, source, admin_client
):
    batch = import_rows(tmp_path, source, GOOD_ROWS)
    page = admin_client.get(f"/admin/people/importbatch/{batch.pk}/change/")
    assert "Roll back this import" in page.content.decode()
    url = f"/admin/people/importbatch/{batch.pk}/roll-back/"
    preview = admin_client.get(url)
    assert "3 people it added will be removed." in preview.content.decode()
    assert Person.objects.count() == 3
    response = admin_client.post(url, follow=True)
    assert "Rolled back: 3 people removed" in response.content.decode()
    assert not Person.objects.exists()
    again = admin_client.get(url, follow=True)
    assert "already rolled back" in again.content.decode()


def test_a_viewer_cannot_roll_back(tmp_path, source, client, django_user_model):
    from django.contrib.auth.models import Group

    from memorial.base.roles import VIEWER

    batch = import_rows(tmp_path, source, GOOD_ROWS)
    viewer = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    viewer.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(viewer)
    assert client.post(f"/admin/people/importbatch/{batch.pk}/roll-back/").status_code == 403
    assert Person.objects.count() == 3


def test_a_person_featured_in_a_story_or_on_the_home_page_is_kept(tmp_path, source, superuser):
    from memorial.pages.models import HomePage

    from .factories import make_story

    batch = import_rows(tmp_path, source, GOOD_ROWS)
    storied = Person.objects.get(surname="Цой")
    make_story(people=[storied])
    Person.objects.filter(pk=storied.pk).update(updated_at=batch.imported_at)
    featured = Person.objects.get(surname="Шмидт")
    HomePage.load().featured_people.add(featured)
    preview = import_batch_roll_back(batch=batch, user=superuser, dry_run=True)
    assert (preview.removed, preview.kept) == (1, sorted([storied.pk, featured.pk]))
    assert Person.objects.count() == 3  # a preview changes nothing
    result = import_batch_roll_back(batch=batch, user=superuser)
    assert result.kept == sorted([storied.pk, featured.pk])
    assert set(Person.objects.values_list("surname", flat=True)) == {"Цой", "Шмидт"}


def test_a_large_rollback_runs_as_a_background_task(
    tmp_path, source, admin_client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import User
    from django.tasks import default_task_backend

    from people.importing import tasks

    # Queued and held, as the database backend holds them until a worker takes them.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(tasks, "ROLLBACK_IN_REQUEST", 2)
    batch = import_rows(tmp_path, source, GOOD_ROWS)
    url = f"/admin/people/importbatch/{batch.pk}/roll-back/"
    with django_capture_on_commit_callbacks(execute=True):
        page = admin_client.post(url, follow=True).content.decode()
    assert "The rollback has started in the background" in page
    assert "The rollback is running" in page and "Roll back this import" not in page
    [queued] = default_task_backend.results
    assert queued.task.name == "roll_back_import" and queued.args[0] == batch.pk
    assert User.objects.get(pk=queued.args[1]).username == "archivist"
    assert Person.objects.count() == 3  # nothing yet: the worker does it

    queued.task.call(*queued.args)
    batch.refresh_from_db()
    assert batch.rolled_back_at and not batch.rollback_running
    assert batch.rolled_back_by.username == "archivist"
    assert not Person.objects.exists()


def test_a_refused_background_rollback_says_why_on_the_batch(tmp_path, source):
    first = import_rows(tmp_path, source, GOOD_ROWS)
    import_rows(tmp_path, source, GOOD_ROWS)
    with pytest.raises(CommandError):
        call_command("roll_back_import", first.pk, verbosity=0)
    first.refresh_from_db()
    assert "imported again later" in first.rollback_message and not first.rollback_running


def test_people_with_relatives_are_kept(tmp_path, source, superuser):
    from .factories import make_case, make_person, make_relationship

    batch = import_rows(tmp_path, source, GOOD_ROWS)
    husband = Person.objects.get(surname="Шмидт")
    make_relationship(husband, make_person(surname="Шмидт", given_name="Анна"), "spouse")
    child = Person.objects.get(surname="Цой")
    make_relationship(make_person(surname="Цой", given_name="Мария"), child, "parent")
    # Named as the relative a sentence was for, on a record the import did not write, even
    # once the relationship itself is gone.
    named = Person.objects.get(surname="Жумабаев")
    make_case(make_person(), sentence_kind="chsir", family_member_of=named)
    kept = sorted([husband.pk, child.pk, named.pk])
    # Kept for the link itself, not only for the change it stamps on both records.
    Person.objects.filter(pk__in=kept).update(updated_at=batch.imported_at)
    preview = import_batch_roll_back(batch=batch, user=superuser, dry_run=True)
    assert (preview.removed, preview.kept) == (0, kept)
    result = import_batch_roll_back(batch=batch, user=superuser)
    assert (result.removed, result.kept) == (0, kept)
    assert Person.objects.filter(pk__in=kept).count() == 3
