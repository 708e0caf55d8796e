"""What the benchmark commands share: percentiles and the record in docs/benchmarks.md."""

import os
import platform
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def server_client():
    """A client that asks for pages as a browser does, through every middleware, and finds
    the server as production runs it: none of the test framework's instruments (which copy
    every template's context), under a host name the settings allow."""
    from django.test import Client

    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*" and not host.startswith(".")]
    return Client(HTTP_HOST=hosts[0] if hosts else "localhost")


def machine():
    with connection.cursor() as cursor:
        cursor.execute(
            "select version()" if connection.vendor == "postgresql" else "select sqlite_version()"
        )
        database = cursor.fetchone()[0].split(" on ")[0]
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{database}"
    )


def record(heading, lines):
    """Add an entry at the top of docs/benchmarks.md (newest first); returns its path."""
    path = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
    path.parent.mkdir(exist_ok=True)
    entry = [
        f"## {timezone.now():%Y-%m-%d %H:%M} UTC, {heading}",
        "",
        f"Machine: {machine()}.",
        "",
        *lines,
        "",
    ]
    existing = path.read_text() if path.exists() else "# Benchmarks\n\nNewest first.\n\n"
    head, _, rest = existing.partition("\n## ")
    path.write_text(head.rstrip() + "\n\n" + "\n".join(entry) + ("\n## " + rest if rest else ""))
    return path
