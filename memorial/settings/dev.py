"""Development settings: the defaults a newcomer gets from `make run`."""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
# Only for development: production (prod.py) refuses to start without a real key.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"

# The default SQLite database and uploads live here; make it on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Benchmarks, synthetic people and the name-search evaluation: never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "memorial.bench"]
