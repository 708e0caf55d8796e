"""Settings for `make bench`'s throughput run: production settings served on loopback,
with one extra URL, a minimal view to compare the biography page against."""

from pathlib import Path

from .prod import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "memorial.bench"]  # noqa: F405
ROOT_URLCONF = "memorial.bench.urls"
# Plain HTTP on 127.0.0.1, and static files without the collected manifest.
SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise warns about a missing STATIC_ROOT; the benchmark serves no static files.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F405
