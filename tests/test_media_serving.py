"""Photos and scans at scale: found by an index, sent by nginx after the portal's check, and
kept in any storage Django can talk to (the filesystem, an object store, memory)."""

import subprocess
import sys
from io import BytesIO
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import import_string
from PIL import Image

from memorial.base.models import Status
from memorial.base.views import media_by_file_name
from memorial.settings.base import BASE_DIR, storages_from_environment
from memorial.site.archive import restore_files
from people.models import Person
from people.models.testimony import PrivateStorage, private_storage

from .factories import image_file, make_media, make_person

pytestmark = pytest.mark.django_db

ACCEL = "/protected-media/"
IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


def body(response):
    return b"".join(response.streaming_content)


def test_a_photo_is_found_by_its_file_name_in_one_query(client, django_assert_max_num_queries):
    item = make_media(make_person())
    ContentType.objects.get_for_model(Person)  # each process asks once, then remembers
    for url in (item.image.url, item.thumbnail.url):
        with CaptureQueriesContext(connection) as queries:
            with django_assert_max_num_queries(2):  # the item, then its owner
                response = client.get(url)
        assert response.status_code == 200
        lookups = [q["sql"] for q in queries if "memorial_mediaitem" in q["sql"]]
        assert len(lookups) == 1
        assert '"image"' in lookups[0] and '"thumbnail"' in lookups[0]


def test_the_lookup_by_file_name_uses_both_indexes():
    lookup = media_by_file_name("thumbnails/2026/12/photo.jpg")[:1]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A test's few rows are read fastest without an index, or along the primary key
            # in id order where random reads are cheap (an SSD's random_page_cost): ask
            # whether the file-name indexes serve.
            with connection.cursor() as cursor:
                cursor.execute("set local enable_seqscan = off")
                cursor.execute("set local enable_indexscan = off")
        plan = lookup.explain()
    assert "mediaitem_image_idx" in plan and "mediaitem_thumbnail_idx" in plan


def test_behind_nginx_the_portal_answers_with_where_nginx_finds_the_file(client, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = ACCEL
    item = make_media(make_person(), image=image_file(name="портрет 1937.png"))
    response = client.get(item.image.url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == ACCEL + quote(item.image.name)
    assert response["X-Accel-Redirect"].isascii() and " " not in response["X-Accel-Redirect"]
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    thumbnail = client.get(item.thumbnail.url)
    assert thumbnail["X-Accel-Redirect"] == ACCEL + quote(item.thumbnail.name)
    assert thumbnail["Content-Type"] == "image/jpeg"


def test_without_nginx_the_portal_sends_the_bytes_with_the_same_headers(client):
    item = make_media(make_person())
    response = client.get(item.image.url)
    item.image.open("rb")
    assert body(response) == item.image.read()
    assert "X-Accel-Redirect" not in response
    assert response["Content-Type"] == "image/png"
    assert "max-age=3600" in response["Cache-Control"]


@pytest.mark.parametrize("prefix", ["", ACCEL])
def test_a_photo_of_an_unpublished_record_is_never_sent(client, admin_client, settings, prefix):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = prefix
    item = make_media(make_person(status=Status.DRAFT))
    for url in (item.image.url, item.thumbnail.url):
        response = client.get(url)
        assert response.status_code == 404
        assert "X-Accel-Redirect" not in response
    preview = admin_client.get(item.image.url)
    assert preview.status_code == 200
    assert "no-cache" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert ("X-Accel-Redirect" in preview) == bool(prefix)


@pytest.mark.parametrize("prefix", ["", ACCEL])
def test_a_name_no_photo_has_is_not_found(client, settings, prefix):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = prefix
    make_media(make_person())
    assert client.get("/media/../../etc/passwd").status_code == 404
    assert client.get("/media/media/nothing.png").status_code == 404


def test_photos_and_thumbnails_live_in_any_storage(client, settings):
    """Nothing assumes the filesystem: with media kept in memory, the thumbnail is made
    and both are served, and nothing is on disk that code reading a path could find."""
    settings.STORAGES = {**settings.STORAGES, "default": IN_MEMORY}
    upload = image_file(size=(1200, 900))
    original = upload.read()
    upload.seek(0)
    item = make_media(make_person(), image=upload)
    assert isinstance(item.image.storage, InMemoryStorage)
    assert default_storage.exists(item.thumbnail.name)
    assert body(client.get(item.image.url)) == original
    with Image.open(BytesIO(body(client.get(item.thumbnail.url)))) as thumbnail:
        assert thumbnail.format == "JPEG" and max(thumbnail.size) == 400
    assert not settings.MEDIA_ROOT.exists()
    assert client.get(make_media(make_person(status=Status.DRAFT)).image.url).status_code == 404


def test_a_photo_whose_file_is_gone_is_not_found(client, settings):
    settings.STORAGES = {**settings.STORAGES, "default": IN_MEMORY}
    item = make_media(make_person())
    default_storage.delete(item.image.name)
    assert client.get(item.image.url).status_code == 404


S3_ENVIRONMENT = {
    "MEDIA_STORAGE": "s3",
    "MEDIA_S3_BUCKET": "memorial-media",
    "MEDIA_S3_ENDPOINT_URL": "https://s3.example.kz",
    "MEDIA_S3_REGION": "kz-ala-1",
    "MEDIA_S3_ACCESS_KEY_ID": "portal",
    "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
}


def test_media_storage_s3_configures_an_object_store_without_the_network():
    storages = storages_from_environment(S3_ENVIRONMENT)
    media = storages["default"]
    assert media["BACKEND"] == "memorial.base.s3_storage.MediaS3Storage"
    assert media["OPTIONS"] | {} == {
        "bucket_name": "memorial-media",
        "endpoint_url": "https://s3.example.kz",
        "region_name": "kz-ala-1",
        "access_key": "portal",
        "secret_key": "secret",
        "file_overwrite": False,
        "default_acl": None,
        "max_memory_size": 2 * 1024 * 1024,
    }
    assert storages["private"]["BACKEND"] == "people.models.testimony.PrivateStorage"
    storage = import_string(media["BACKEND"])(**media["OPTIONS"])
    assert storage.bucket_name == "memorial-media" and storage.file_overwrite is False
    # Pages link to the portal's checking view, never to the bucket.
    assert storage.url("media/2026/12/портрет 1.png") == (
        "/media/media/2026/12/%D0%BF%D0%BE%D1%80%D1%82%D1%80%D0%B5%D1%82%201.png"
    )


def test_families_files_get_their_own_bucket_and_no_address():
    environment = {
        **S3_ENVIRONMENT,
        "PRIVATE_MEDIA_STORAGE": "S3",
        "PRIVATE_MEDIA_S3_BUCKET": "memorial-private",
    }
    private = storages_from_environment(environment)["private"]
    assert private["BACKEND"] == "memorial.base.s3_storage.PrivateS3Storage"
    assert private["OPTIONS"]["bucket_name"] == "memorial-private"
    assert private["OPTIONS"]["endpoint_url"] == "https://s3.example.kz"
    storage = import_string(private["BACKEND"])(**private["OPTIONS"])
    with pytest.raises(ValueError):
        storage.url("attachments/letter.pdf")
    with pytest.raises(ImproperlyConfigured, match="must differ"):
        storages_from_environment({**environment, "PRIVATE_MEDIA_S3_BUCKET": "memorial-media"})


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE='ftp' is not one of filesystem, s3"),
        ({"PRIVATE_MEDIA_STORAGE": "disk"}, "PRIVATE_MEDIA_STORAGE='disk' is not one of"),
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET"),
    ],
)
def test_a_wrong_storage_setting_is_refused_with_a_clear_message(environment, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        storages_from_environment(environment)


def test_the_site_does_not_start_with_a_wrong_media_storage():
    result = subprocess.run(
        [sys.executable, "-c", "import memorial.settings.base"],
        cwd=BASE_DIR,
        env={"MEDIA_STORAGE": "nfs", "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: MEDIA_STORAGE='nfs' is not one of filesystem, s3" in result.stderr


def test_the_default_storages_keep_files_on_disk(settings, tmp_path):
    storages = storages_from_environment({})
    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "elsewhere"
    storage = private_storage()
    assert isinstance(storage, PrivateStorage)
    assert storage.path("attachments/a.pdf").startswith(str(tmp_path / "elsewhere"))


def test_the_archive_carries_photos_in_any_storage(settings, tmp_path):
    """export_archive reads, and import_archive writes, the files through their storages."""
    settings.STORAGES = {**settings.STORAGES, "default": IN_MEMORY}
    item = make_media(make_person())
    item.image.open("rb")
    original = item.image.read()
    call_command("export_archive", tmp_path / "export", verbosity=0)
    assert (tmp_path / "export" / "files" / "media" / item.image.name).read_bytes() == original
    assert (tmp_path / "export" / "files" / "media" / item.thumbnail.name).is_file()

    # A new, empty store (import_archive's other half, the records, has tests of its own).
    settings.STORAGES = {**settings.STORAGES, "default": {**IN_MEMORY, "OPTIONS": {}}}
    assert not default_storage.exists(item.image.name)
    restore_files(tmp_path / "export")
    with default_storage.open(item.image.name, "rb") as restored:
        assert restored.read() == original
    assert default_storage.exists(item.thumbnail.name)
