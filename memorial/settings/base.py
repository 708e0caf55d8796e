"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the environment,
with defaults that are safe for development. ``prod.py`` refuses to start without the
secrets it needs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The layers, bottom up (pyproject.toml's import-linter contract keeps them so): the base
# every record stands on, the records, then what spans them.
INSTALLED_APPS = [
    "memorial.site.apps.MemorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "reversion",
    "django_tasks_db",
    "django_prose_editor",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "memorial.base",
    "people",
    "camps",
    "deportations",
    "memorial.pages",
    "memorial.opendata",
    "memorial.statistics",
    "memorial.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the middleware that set cookies (sessions, CSRF, messages), so that it sees
    # them: a response that sets one is never marked for a shared cache.
    "memorial.base.middleware.PublicCacheHeadersMiddleware",
    # A view that met a dropped database connection: read once more, or a 503 (outage.py).
    "memorial.base.outage.DatabaseOutageMiddleware",
    # A cached page asked for by its plain address, answered before the rest (address_cache.py).
    "memorial.base.address_cache.AddressPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "memorial.base.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a sign-in it refused into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "memorial.urls"
WSGI_APPLICATION = "memorial.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
            ],
        },
    },
]


def database_from_url(url):
    """A DATABASES entry from a URL (DATABASE_URL; a replica's URL the same way).

    PostgreSQL takes its connections from a pool in each process (DATABASE_POOL, on unless
    set false; docs/database-outages.md): a request waits up to DATABASE_POOL_TIMEOUT
    seconds for one, so that a restarted server is waited out rather than failed, and the
    pool hands out only connections it has checked. At most DATABASE_POOL_MAX_WAITING
    requests wait at once. The pool keeps connections open itself, so Django's own
    persistence (CONN_MAX_AGE) must be 0 with it. Without the pool, and on SQLite,
    connections persist for CONN_MAX_AGE seconds and are checked before reuse, so that a
    restarted server costs one failed health check, not a failed request."""
    database = dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        postgresql_options(database)
    return database


def postgresql_options(database):
    """The pool (above), and parameters bound on the server, so that psycopg prepares a
    statement on its second run on a connection and PostgreSQL plans it once, not on every
    page (DATABASE_SERVER_SIDE_BINDING; docs/deploying.md)."""
    options = database.setdefault("OPTIONS", {})
    if env_bool("DATABASE_POOL", True):
        database["CONN_MAX_AGE"] = 0
        options["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "4")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "8")),
            "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "5")),
            # Past this many requests waiting for a connection, the next is refused at once
            # (503): the other threads stay free for pages that need no database.
            "max_waiting": int(os.environ.get("DATABASE_POOL_MAX_WAITING", "2")),
        }
    if env_bool("DATABASE_SERVER_SIDE_BINDING", True):
        options.update(server_side_binding=True, prepare_threshold=2)


# An SQLite file under var/ needs no server, so a newcomer's `make run` just works;
# production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'memorial.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The background worker writes while the server reads and writes (make run). In WAL mode
    # a reader never waits for a writer (an import's page shows its progress). But WAL does
    # not let a transaction that read and then writes, after another connection committed,
    # wait: it fails at once with "database is locked". So every transaction takes the write
    # lock when it begins (BEGIN IMMEDIATE) and waits for it (up to the 5 s timeout);
    # reads outside a transaction still never wait.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;", transaction_mode="IMMEDIATE"
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats Django lacks (Kazakh) or gets wrong (a Russian day and month): memorial/formats.
FORMAT_MODULE_PATH = ["memorial.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Families' files before a moderator publishes them: never served as static or media.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))


def _s3_options(environ, prefix, fallback):
    """django-storages' S3Storage options from PREFIX_S3_* (endpoint, region and keys
    may come from the fallback prefix's)."""
    bucket = environ.get(f"{prefix}_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured(f"{prefix}_STORAGE=s3 needs {prefix}_S3_BUCKET.")
    options = {
        "bucket_name": bucket,
        # Two uploads named alike get two objects, as on the filesystem; S3Storage's own
        # default would let the second overwrite the first.
        "file_overwrite": False,
        # Objects stay private (the bucket's default): only the portal or nginx read them.
        "default_acl": None,
        # A photo larger than this is spooled to a temporary file while it is served.
        "max_memory_size": 2 * 1024 * 1024,
    }
    names = {
        "location": "LOCATION",
        "endpoint_url": "ENDPOINT_URL",
        "region_name": "REGION",
        "addressing_style": "ADDRESSING_STYLE",
        "access_key": "ACCESS_KEY_ID",
        "secret_key": "SECRET_ACCESS_KEY",
    }
    for option, name in names.items():
        value = environ.get(f"{prefix}_S3_{name}", "").strip()
        if not value and fallback and option != "location":
            value = environ.get(f"{fallback}_S3_{name}", "").strip()
        if value:
            options[option] = value
    return options


STORAGE_KINDS = ("filesystem", "s3")


def storages_from_environment(environ=os.environ):
    """Where photos and scans (MEDIA_STORAGE) and families' files (PRIVATE_MEDIA_STORAGE)
    are kept: "filesystem" (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) or "s3", an S3-compatible
    object store (docs/configuration.md). A wrong value stops the site from starting."""
    kinds = {}
    for prefix in ("MEDIA", "PRIVATE_MEDIA"):
        kinds[prefix] = environ.get(f"{prefix}_STORAGE", "").strip().lower() or "filesystem"
        if kinds[prefix] not in STORAGE_KINDS:
            raise ImproperlyConfigured(
                f"{prefix}_STORAGE={environ[f'{prefix}_STORAGE']!r} is not one of "
                f"{', '.join(STORAGE_KINDS)}."
            )
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        # Reads PRIVATE_MEDIA_ROOT on every use, so that tests can move it.
        "private": {"BACKEND": "people.models.testimony.PrivateStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if kinds["MEDIA"] == "s3":
        storages["default"] = {
            "BACKEND": "memorial.base.s3_storage.MediaS3Storage",
            "OPTIONS": _s3_options(environ, "MEDIA", None),
        }
    if kinds["PRIVATE_MEDIA"] == "s3":
        options = _s3_options(environ, "PRIVATE_MEDIA", "MEDIA")
        if kinds["MEDIA"] == "s3" and options["bucket_name"] == environ["MEDIA_S3_BUCKET"].strip():
            raise ImproperlyConfigured(
                "PRIVATE_MEDIA_S3_BUCKET must differ from MEDIA_S3_BUCKET: whoever may read "
                "the published photos must not reach families' files."
            )
        storages["private"] = {
            "BACKEND": "memorial.base.s3_storage.PrivateS3Storage",
            "OPTIONS": options,
        }
    return storages


STORAGES = storages_from_environment()
# Behind nginx: after the portal's check, nginx sends the file from an `internal` location
# under this prefix (X-Accel-Redirect, docs/deploying.md); empty: the portal sends it.
MEDIA_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_ACCEL_REDIRECT_PREFIX", "").strip()
if MEDIA_ACCEL_REDIRECT_PREFIX:
    MEDIA_ACCEL_REDIRECT_PREFIX = f"/{MEDIA_ACCEL_REDIRECT_PREFIX.strip('/')}/"


def mailers_from_environment(default_backend):
    """Email goes to the console, or over SMTP when EMAIL_BACKEND=smtp (production's default)."""
    if os.environ.get("EMAIL_BACKEND", default_backend) != "smtp":
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }


MAILERS = mailers_from_environment("console")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "memorial@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # pypdf logs each repair of a damaged PDF it reads leniently (up to thousands a file);
    # the upload's own outcome is what matters, and that is said to the family.
    "loggers": {"pypdf": {"level": "ERROR"}},
}

# Photos and scans of a person are listed with their thumbnails; this is the longest side.
THUMBNAIL_SIZE = (400, 400)

# The admin's address can be moved away from the well-known /admin/.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# How long a shared cache (a reverse proxy) may keep an anonymous visitor's page.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "300"))

# Families' testimony: limits stated on the form, abuse guards, and how long rejected and
# spam submissions are kept before `purge_testimonies` removes them.
TESTIMONY_MAX_FILE_BYTES = int(os.environ.get("TESTIMONY_MAX_FILE_BYTES", 10 * 1024 * 1024))
TESTIMONY_MAX_FILES = int(os.environ.get("TESTIMONY_MAX_FILES", "10"))
TESTIMONY_MAX_TOTAL_BYTES = int(os.environ.get("TESTIMONY_MAX_TOTAL_BYTES", 40 * 1024 * 1024))
TESTIMONY_MAX_IMAGE_PIXELS = int(os.environ.get("TESTIMONY_MAX_IMAGE_PIXELS", 50_000_000))
TESTIMONY_MIN_SECONDS = int(os.environ.get("TESTIMONY_MIN_SECONDS", "5"))
TESTIMONY_RATE_LIMIT = int(os.environ.get("TESTIMONY_RATE_LIMIT", "5"))  # per address an hour
TESTIMONY_RETENTION_DAYS = int(os.environ.get("TESTIMONY_RETENTION_DAYS", "90"))
# Who hears of a new testimony besides the members of the Moderator group.
TESTIMONY_NOTIFY = env_list("TESTIMONY_NOTIFY", [])
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = TESTIMONY_MAX_FILES + 5

# Open data: the API's pages and rate limit (requests a minute from one address; 0 turns it
# off), where `export_open_data` writes the bulk downloads, and the licence they are under.
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "100"))
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "500"))
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "120"))
# The public address the downloads' links start with; requests build their own.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000")
OPEN_DATA_ROOT = Path(os.environ.get("OPEN_DATA_ROOT", VAR_DIR / "open-data"))
OPEN_DATA_LICENCE_NAME = os.environ.get("OPEN_DATA_LICENCE_NAME", "CC BY 4.0")
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# Behind a reverse proxy the visitor's address is the one the proxy adds to
# X-Forwarded-For; set how many proxies stand in front (0: use the connection's address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# A cache shared by all workers (rate limits) in production: REDIS_URL=redis://host:6379/0.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Pages each worker keeps in its own memory in front of the shared cache (memorial.base.page_cache).
PAGE_CACHE_WORKER_ENTRIES = int(os.environ.get("PAGE_CACHE_WORKER_ENTRIES", "500"))
# How long the last good copy of a cached page is kept, to be served (marked stale) while
# the database cannot be read (docs/database-outages.md).
PAGE_CACHE_KEPT_SECONDS = int(os.environ.get("PAGE_CACHE_KEPT_SECONDS", str(7 * 86400)))

# The name search index covers extra columns on PostgreSQL; SQLite keeps only its keys,
# which is all a development database needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Background work (imports and large rollbacks from the admin): queued in the database and
# run by `manage.py db_worker`, a process of its own (docs/background-work.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running import that shows no sign of life for this long is taken for stopped (its
# worker was killed) and may be run again; it beats every few seconds.
IMPORT_JOB_STALE_SECONDS = int(os.environ.get("IMPORT_JOB_STALE_SECONDS", "60"))
# Imports (and checks) that run at once, however many workers there are; the rest wait.
IMPORT_JOBS_AT_ONCE = int(os.environ.get("IMPORT_JOBS_AT_ONCE", "1"))

# What a browser may load and run on the portal's pages: only its own files. No inline
# script or style runs without the request's nonce, and public pages use none, so a cached
# page never carries a nonce out of date. JSON-LD is data, not script, and needs none.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the portal uses, switched off for every page and frame.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Staff sign-in (docs/staff-sign-in.md): past LOGIN_FAILURE_LIMIT failed attempts for an
# account (four times as many from one address) the admin refuses to try more for
# LOGIN_FAILURE_WINDOW_SECONDS. django-axes counts them in the database, so the limit holds
# across workers and survives an emptied cache.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
LOGIN_ADDRESS_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT * 4
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "memorial.base.admin_login.SignInLimits"
# Each account and each address is counted on its own; SignInLimits applies the two limits.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_FAILURE_WINDOW_SECONDS)
# Tries refused during a lockout do not lengthen it: someone guessing cannot keep a staff
# member out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "memorial.base.admin_login.sign_in_address"
AXES_LOCKOUT_CALLABLE = "memorial.base.admin_login.locked_out_response"
# Masked in the form data an attempt keeps (passwords always are): a recovery code typed
# with a wrong password is still good.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Two-step sign-in: the groups, the holders of any of the permissions ("app.codename"), and
# superusers, who may use nothing in the admin but the enrolment page until they have
# entered a second factor. Off unless set; production requires it of Moderators, of whoever
# may read families' testimony and its files, and of superusers (prod.py).
OTP_REQUIRED_GROUPS = env_list("OTP_REQUIRED_GROUPS", [])
OTP_REQUIRED_PERMISSIONS = env_list("OTP_REQUIRED_PERMISSIONS", [])
OTP_REQUIRED_FOR_SUPERUSERS = env_bool("OTP_REQUIRED_FOR_SUPERUSERS", False)
# The name authenticator apps show next to the account.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Memorial")
# Only staff have sessions; one lasts a working day, then they sign in again.
SESSION_COOKIE_AGE = int(os.environ.get("ADMIN_SESSION_SECONDS", str(8 * 3600)))

# OAI-PMH (/oai/): archives' catalogues harvest published records. Identifiers read
# oai:<OAI_REPOSITORY_IDENTIFIER>:people/42, so the name stays as long as the records do;
# a harvester gets OAI_PAGE_SIZE records a request.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "memorial.kz")
OAI_PAGE_SIZE = int(os.environ.get("OAI_PAGE_SIZE", "100"))

# A read replica of PostgreSQL for anonymous visitors' public pages (docs/scaling.md):
# DATABASE_REPLICA_URL=postgres://…; unset, everything reads and writes DATABASE_URL.
# memorial.base.db_routers sends the rest (staff, writes, the worker, commands, migrations) to
# the primary, and after a write reads from it for REPLICA_PIN_SECONDS, longer than the
# replica ever lags.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(os.environ["DATABASE_REPLICA_URL"])
REPLICA_READS = "replica" in DATABASES
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "5"))
DATABASE_ROUTERS = ["memorial.base.db_routers.PrimaryReplicaRouter"]
# Inside PublicCacheHeadersMiddleware, so that a response pinning its visitor stays private.
MIDDLEWARE.insert(
    MIDDLEWARE.index("memorial.base.middleware.PublicCacheHeadersMiddleware") + 1,
    "memorial.base.db_routers.ReplicaReadsMiddleware",
)
