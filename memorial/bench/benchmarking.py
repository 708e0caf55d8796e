"""What the benchmark commands share: percentiles and the record in docs/benchmarks.md."""

import os
import platform
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
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


# The server settings a run depends on most (scripts/postgresql-tuning.sql sets them).
SERVER_SETTINGS = ("shared_buffers", "work_mem", "random_page_cost", "effective_cache_size")


def machine():
    with connection.cursor() as cursor:
        cursor.execute(
            "select version()" if connection.vendor == "postgresql" else "select sqlite_version()"
        )
        database = cursor.fetchone()[0].split(" on ")[0]
        if connection.vendor == "postgresql":
            shown = []
            for name in SERVER_SETTINGS:
                cursor.execute(f"SHOW {name}")
                shown.append(f"{name} {cursor.fetchone()[0]}")
            database += f" ({', '.join(shown)})"
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


# Every table, index and TOAST table of the database, smallest first.
RELATIONS = """
    SELECT c.oid::regclass::text, pg_relation_size(c.oid) FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 'i', 't', 'm')
      AND pg_relation_size(c.oid) > 0
    ORDER BY 2, 1
"""


def write_out_checkpoint():
    """CHECKPOINT: write out now what the writes before left in memory, so that no
    checkpoint spreads them over the minutes being measured. After 4,000,000 people were
    generated, one wrote 1.9 GB from 00:25 to 00:38 UTC, across the whole run at that
    size (the server's log). Returns what was done, for the warming's line."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:
        return f"no CHECKPOINT first ({str(error).strip()}): a checkpoint may write during the run"
    return f"after a CHECKPOINT ({time.perf_counter() - started:.0f} s)"


def warm_database():
    """Read the database into memory as a deployment that has served its visitors has it:
    every relation into the kernel's cache, and the smallest into PostgreSQL's buffers up
    to their size (pg_prewarm). Otherwise the first requests after writing gigabytes of
    other data measure the disk. Returns a line saying what was done."""
    if connection.vendor != "postgresql":
        return "SQLite: nothing to warm."
    started = time.perf_counter()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
    except DatabaseError as error:
        return f"Not warmed (pg_prewarm: {error}): the first requests read from disk."
    written_out = write_out_checkpoint()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers'"
        )
        budget = cursor.fetchone()[0]
        cursor.execute(RELATIONS)
        relations = cursor.fetchall()
        buffered = 0
        for name, _size in relations:
            cursor.execute("SELECT pg_prewarm(%s::regclass, 'read')", [name])
        for name, size in relations:
            if buffered + size > budget * 0.9:
                break
            cursor.execute("SELECT pg_prewarm(%s::regclass)", [name])
            buffered += size
    total = sum(size for _name, size in relations)
    return (
        f"Warmed with pg_prewarm in {time.perf_counter() - started:.0f} s: {total / 2**30:.1f} GB "
        f"read into the kernel's cache, {buffered / 2**30:.1f} GB of it (the smallest "
        f"relations) into PostgreSQL's {budget / 2**30:.1f} GB of shared buffers, "
        f"{written_out}."
    )
