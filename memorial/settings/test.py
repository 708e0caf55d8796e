"""Test settings: development settings with a fast password hasher and no real email."""

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
