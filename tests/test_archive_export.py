"""The whole archive goes out as open files and comes back into an empty database whole."""

import json

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from memorial.pages.models import HomePage, Story
from people.models import Attachment, ImportBatch, Person, Testimony
from tests.factories import (
    filled_testimony_form,
    image_file,
    make_camp,
    make_case,
    make_citation,
    make_imprisonment,
    make_media,
    make_person,
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
