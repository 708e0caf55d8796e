"""Production settings: fail fast on a missing secret, serve static files with WhiteNoise."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list, mailers_from_environment

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start without one; generate it with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("DATABASE_URL is not set: production runs on PostgreSQL.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set, e.g. ALLOWED_HOSTS=memorial.example.kz")

MAILERS = mailers_from_environment("smtp")

# Families' testimony and its files hold their contact details: Moderators, whoever else
# may read or change them, and superusers sign in in two steps.
OTP_REQUIRED_GROUPS = env_list("OTP_REQUIRED_GROUPS", ["Moderator"])  # memorial.base.roles
OTP_REQUIRED_PERMISSIONS = env_list(
    "OTP_REQUIRED_PERMISSIONS",
    [
        "people.view_testimony",
        "people.change_testimony",
        "people.view_attachment",
        "people.change_attachment",
    ],
)
if any(name.count(".") != 1 for name in OTP_REQUIRED_PERMISSIONS):
    raise ImproperlyConfigured(
        "OTP_REQUIRED_PERMISSIONS names permissions as app.codename, e.g. people.view_testimony"
    )
OTP_REQUIRED_FOR_SUPERUSERS = env_bool("OTP_REQUIRED_FOR_SUPERUSERS", True)

# Media and families' files where base.py's MEDIA_STORAGE and PRIVATE_MEDIA_STORAGE say.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The header's preload flag; the domain enters browsers' preload list only when its owner
# submits it at hstspreload.org. Set false for a site on a subdomain of a shared domain.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
