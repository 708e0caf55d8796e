"""Test settings: development settings with a fast password hasher and no real email."""

import copy
import tempfile
from pathlib import Path

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tests read English unless they choose a language; the site's default stays Kazakh.
LANGUAGE_CODE = "en"
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="memorial-test-private-"))
# Background tasks run at once, inside the request that queues them.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The replica's alias, a mirror of the test database, for tests/test_replica_router.py; they
# turn REPLICA_READS on, and every other test reads and writes "default" alone. Without a
# pool of its own: nothing would close it before the test database is dropped.
DATABASES["replica"] = copy.deepcopy(DATABASES["default"])  # noqa: F405
DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
DATABASES["replica"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
REPLICA_READS = False
