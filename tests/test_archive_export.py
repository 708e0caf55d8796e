"""The whole archive goes out as open files and comes back into an empty database whole."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from reversion.models import Version

from memorial.base.files import sha256_of_file
from memorial.pages.models import HomePage, Story
from people.models import Attachment, ImportBatch, Person, Relationship, Testimony
from tests.factories import (
    filled_testimony_form,
    image_file,
    make_camp,
    make_case,
    make_citation,
    make_family,
    make_imprisonment,
    make_media,
    make_person,
    make_relationship,
    make_site_page,
    make_source,
    make_story,
)
from tests.test_history import form_data
from tests.test_import_rollback import GOOD_ROWS, import_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(tmp_path, client, admin_client, superuser):
    """A little of everything: records with their rows, a photo, history, a family's
    testimony with its attachment, an import batch."""
    person = make_person(surname="Шмидт", given_name="Иван", birth_date="1901")
    make_case(person, arrest_date="1937-08-12", charge="шпионаж")
    make_imprisonment(person, make_camp(name="Karlag"), prisoner_number="К-123")
    make_citation(person, locator="vol. 2, p. 214")
    make_media(person, caption="Иван Шмидт, 1930")
    url = f"/admin/people/person/{person.pk}/change/"
    data = form_data(admin_client.get(url))
    data["occupation"] = "учитель"
    admin_client.post(url, data)
    client.post(
        "/en/testimony/",
        {**filled_testimony_form(), "attachments": [image_file("letter.png")]},
    )
    import_rows(tmp_path, make_source(title="Book of Memory"), GOOD_ROWS)
    story = make_story(people=[person], title_ru="Выставка")
    make_media(story, caption_ru="Письмо из АЛЖИРа")
    make_site_page(slug="about", place="footer")
    home = HomePage.load()
    home.intro_kk = "<p>Еске алу.</p>"
    home.featured_story = story
    home.save()
    home.featured_people.set([person])
    return person


def read(folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    return {entry["path"]: entry["sha256"] for entry in manifest["files"]}, manifest


def test_an_export_imported_into_an_empty_database_exports_the_same(
    archive, tmp_path, settings, client, superuser
):
    first = tmp_path / "first"
    call_command("export_archive", first, verbosity=0)
    files, manifest = read(first)
    assert manifest["models"]["people.Person"] == 4
    assert any(path.startswith("files/media/") for path in files)
    assert any(path.startswith("files/private/") for path in files)
    assert "records/reversion.version.jsonl" in files
    assert "tables/people.person.csv" in files
    assert "pw" not in (first / "records" / "auth.user.jsonl").read_text()

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "restored-private"
    call_command("import_archive", first, verbosity=0)

    second = tmp_path / "second"
    call_command("export_archive", second, verbosity=0)
    again, manifest_again = read(second)
    assert again == files  # every record, table and file, byte for byte
    assert manifest_again["models"] == manifest["models"]

    # And it works as an archive again.
    person = Person.objects.get(pk=archive.pk)
    assert person.cases.get().charge == "шпионаж"
    assert person.media.get().image.read()
    assert Attachment.objects.get().file.read()
    assert Version.objects.get_for_object(person).count() == 2
    assert ImportBatch.objects.get().people_created == 3
    assert Testimony.objects.get().email == "aigerim@example.kz"
    restored = type(superuser).objects.get(username=superuser.username)
    assert restored.is_superuser and not restored.has_usable_password()
    client.force_login(restored)
    assert client.get(f"/admin/people/person/{person.pk}/history/").status_code == 200
    assert client.get(person.get_absolute_url()).status_code == 200
    assert Story.objects.get().featured_people.get() == person
    assert HomePage.load().featured_people.get() == person
    assert client.get("/en/about/").status_code == 200


MOVED = ["page", "story", "homepage"]


def as_written_before_the_move(folder):
    """The export as one written while pages, stories and the home page were memorial's:
    the files, the rows' models, the content types and permissions that name them, and the
    models inside their versions carry the old label."""
    for name in MOVED:
        for kind, suffix in (("records", "jsonl"), ("tables", "csv")):
            new = folder / kind / f"pages.{name}.{suffix}"
            new.rename(folder / kind / f"memorial.{name}.{suffix}")
    for path in (folder / "records").glob("*.jsonl"):
        text = path.read_text(encoding="utf-8")
        for name in MOVED:
            text = text.replace(f'"pages.{name}"', f'"memorial.{name}"')
            text = text.replace(f'\\"pages.{name}\\"', f'\\"memorial.{name}\\"')
            text = re.sub(rf'"pages",\s*"{name}"\]', f'"memorial","{name}"]', text)
        assert '"pages"' not in text and "pages.story" not in text, path.name
        path.write_text(text, encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["models"] = {
        label.replace("pages.", "memorial."): count for label, count in manifest["models"].items()
    }
    for entry in manifest["files"]:
        for name in MOVED:
            entry["path"] = entry["path"].replace(f"/pages.{name}.", f"/memorial.{name}.")
        path = folder / entry["path"]
        entry["bytes"], entry["sha256"] = path.stat().st_size, sha256_of_file(path)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_an_export_written_before_pages_moved_out_of_memorial_is_imported(
    archive, tmp_path, settings, admin_client, superuser
):
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Group, Permission

    story = Story.objects.get()
    url = f"/admin/pages/story/{story.pk}/change/"
    data = form_data(admin_client.get(url))
    data["title_en"] = "The exhibition"
    assert admin_client.post(url, data).status_code == 302
    partners = Group.objects.create(name="Museum partners")
    partners.permissions.add(Permission.objects.get(codename="change_story"))
    folder = tmp_path / "old"
    call_command("export_archive", folder, verbosity=0)
    as_written_before_the_move(folder)

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "restored-private"
    out = io.StringIO()
    call_command("import_archive", folder, verbosity=2, stdout=out)
    assert "pages.Story: 1" in out.getvalue()

    story = Story.objects.get()
    assert story.title_en == "The exhibition"
    assert story.featured_people.get().pk == archive.pk
    assert story.media.get().caption_ru == "Письмо из АЛЖИРа"
    assert HomePage.load().featured_story == story
    assert LogEntry.objects.filter(
        content_type__app_label="pages", content_type__model="story", object_id=str(story.pk)
    ).exists()
    assert Group.objects.get(name="Museum partners").permissions.get().codename == "change_story"
    client = admin_client
    client.force_login(type(superuser).objects.get(username=superuser.username))
    version = Version.objects.get_for_object(story).order_by("-pk").first()
    shown = client.get(f"/admin/pages/story/{story.pk}/history/{version.pk}/")
    assert "The exhibition" in shown.content.decode()
    assert client.get("/en/about/").status_code == 200


def test_an_export_from_when_the_form_asked_a_birth_year_keeps_the_year(
    archive, tmp_path, settings
):
    folder = tmp_path / "old"
    call_command("export_archive", folder, verbosity=0)
    path = folder / "records" / "people.testimony.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        row["fields"]["subject_birth_year"] = 1898
        del row["fields"]["subject_birth_date"]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == "records/people.testimony.jsonl":
            entry["bytes"], entry["sha256"] = path.stat().st_size, sha256_of_file(path)
    (folder / "manifest.json").write_text(json.dumps(manifest))

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "restored-private"
    call_command("import_archive", folder, verbosity=0)
    assert str(Testimony.objects.get().subject_birth_date) == "1898"


def test_an_export_imports_into_a_freshly_migrated_database(archive, tmp_path, settings):
    """`migrate` leaves a blank home page (and the staff groups): not records to refuse."""
    folder = tmp_path / "export"
    call_command("export_archive", folder, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    HomePage.load()  # as the migrations make it
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("import_archive", folder, verbosity=0)
    assert HomePage.load().featured_people.get() == archive
    assert Person.objects.filter(pk=archive.pk).exists()


def test_an_import_refuses_a_database_with_records(archive, tmp_path):
    call_command("export_archive", tmp_path / "out", verbosity=0)
    with pytest.raises(CommandError, match="already holds records"):
        call_command("import_archive", tmp_path / "out", verbosity=0)


def test_an_import_refuses_a_changed_file_and_writes_nothing(archive, tmp_path):
    folder = tmp_path / "out"
    call_command("export_archive", folder, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    with open(folder / "records" / "people.person.jsonl", "a", encoding="utf-8") as handle:
        handle.write("\n")
    with pytest.raises(CommandError, match="people.person.jsonl does not match its checksum"):
        call_command("import_archive", folder, verbosity=0)
    assert not Person.objects.exists()


def test_an_export_goes_only_into_a_new_or_empty_folder(archive, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("export_archive", tmp_path / "busy", verbosity=0)


def test_every_model_is_exported_or_left_out_on_purpose():
    from django.apps import apps

    from memorial.site.archive import MODELS, NOT_ARCHIVED

    for model in apps.get_models():
        label = model._meta.label
        assert label in MODELS or label in NOT_ARCHIVED, f"{label} is not in the export"


def test_families_go_out_and_come_back_with_their_sources_and_sentences(
    tmp_path, settings, admin_client
):
    husband, wife, son = make_family()
    uncle = make_person(surname="Ахметов", given_name="Нурлан", status="draft")
    book = make_source(title="Book of Memory")
    make_relationship(uncle, son, "other", first_is="uncle", second_is="nephew", source=book,
                      locator="p. 12", notes="Named in the nephew's letter.")  # fmt: skip
    # Kept in the history too, as the admin keeps every change.
    url = f"/admin/people/person/{son.pk}/change/"
    data = form_data(admin_client.get(url))
    data["relationships_as_second-0-notes"] = "Their only son."
    assert admin_client.post(url, data).status_code == 302
    before = {
        row["pk"]: row
        for row in Relationship.objects.values(
            "pk", "first", "second", "kind", "first_is", "second_is", "source", "notes"
        )
    }
    first = tmp_path / "first"
    call_command("export_archive", first, verbosity=0)
    files, manifest = read(first)
    assert manifest["models"]["people.Relationship"] == 4
    assert "tables/people.relationship.csv" in files

    # A relationship saved touches both people (people/signals.py): PostgreSQL empties their
    # table only once the checks those updates deferred have run.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "restored-private"
    call_command("import_archive", first, verbosity=0)
    after = {
        row["pk"]: row
        for row in Relationship.objects.values(
            "pk", "first", "second", "kind", "first_is", "second_is", "source", "notes"
        )
    }
    assert after == before
    assert Person.objects.get(pk=wife.pk).cases.get().family_member_of_id == husband.pk
    assert Version.objects.filter(serialized_data__contains="Their only son.").exists()
    call_command("export_archive", tmp_path / "second", verbosity=0)
    assert read(tmp_path / "second")[0] == files


def test_second_factors_and_sign_in_logs_stay_out_of_the_export(tmp_path, client, superuser):
    """An archive restored elsewhere must not carry an authenticator app's secret, the
    recovery codes or who tried to sign in from where."""
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from memorial.base.two_step import new_recovery_codes

    app = TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    codes = new_recovery_codes(user=superuser)
    client.post("/admin/login/", {"username": superuser.username, "password": "wrong"})
    assert StaticToken.objects.count() == len(codes)
    assert AccessAttempt.objects.exists()  # a failure was counted
    folder = tmp_path / "export"
    call_command("export_archive", folder, verbosity=0)
    files, manifest = read(folder)
    assert not [path for path in files if "otp" in path or "axes" in path]
    assert not [label for label in manifest["models"] if "otp" in label or "axes" in label]
    written = "".join(
        path.read_text(encoding="utf-8")
        for path in folder.rglob("*")
        if path.suffix in {".jsonl", ".csv", ".json"}
    )
    assert superuser.username in written  # the account itself is a record
    assert app.key not in written
    assert not [code for code in codes if code in written]
