import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("archivist", "archivist@example.org", "pw")


@pytest.fixture
def admin_client(superuser):
    """Its own browser: a test that also uses `client` still sees the site as a visitor."""
    staff = Client()
    staff.force_login(superuser)
    return staff


@pytest.fixture(autouse=True)
def english_unless_chosen():
    """A request activates its language for the thread; no test inherits the last one's."""
    with translation.override("en"):
        yield


@pytest.fixture
def version_reread_on_every_request(monkeypatch):
    """Each worker remembers the content version for a second of time.monotonic, which
    time-machine does not move: in a test that travels, that second would never pass.
    Ask for it before any fixture that saves a record."""
    from memorial.base import page_cache

    monkeypatch.setattr(page_cache, "VERSION_MEMORY_SECONDS", 0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Rolled-back test data sends no signals: no test sees another's cached counts."""
    from django.core.cache import cache

    from memorial.base import page_cache

    cache.clear()
    page_cache.reset()
    yield
