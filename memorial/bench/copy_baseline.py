"""What PostgreSQL itself can take: the rows an import wrote, copied out with COPY TO into
files, the tables emptied, and the files timed back in with COPY FROM into the same tables,
with the same indexes, constraints and triggers, in one transaction (deferred foreign keys
checked at its commit). An import's rate as a share of this rate is how close it comes to
the database's own."""

import time
from pathlib import Path

from django.db import connection, transaction

BLOCK = 1 << 20


def row_counts():
    """{table: rows} for every table of the database."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"select count(*) from {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def references():
    """(referencing table, referenced table) for each foreign key, as PostgreSQL has them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "select conrelid::regclass::text, confrelid::regclass::text from pg_constraint "
            "where contype = 'f' and conrelid <> confrelid"
        )
        return cursor.fetchall()


def in_order(tables, links):
    """The tables, each after those it refers to."""
    left, ordered = set(tables), []
    while left:
        ready = sorted(t for t in left if not any(a == t and b in left for a, b in links))
        if not ready:
            raise ValueError(f"Foreign keys go round in a circle among {sorted(left)}.")
        ordered += ready
        left -= set(ready)
    return ordered


def emptied_with(tables, links, counts):
    """The tables, and the empty tables that refer to them, which TRUNCATE empties too. A
    table outside the import that holds rows referring to them is an error."""
    closure = set(tables)
    while extra := {a for a, b in links if b in closure and a not in closure}:
        holding = sorted(table for table in extra if counts.get(table))
        if holding:
            raise ValueError(f"Tables outside the import refer to its rows: {holding}.")
        closure |= extra
    return sorted(closure)


def truncate(tables):
    names = ", ".join(connection.ops.quote_name(table) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"truncate {names}")


def export(tables, folder):
    """Each table's rows into folder/TABLE.copy (COPY's text format); returns the paths."""
    connection.ensure_connection()
    paths = {}
    with connection.connection.cursor() as cursor:
        for table in tables:
            paths[table] = Path(folder) / f"{table}.copy"
            with open(paths[table], "wb") as handle:
                with cursor.copy(f"copy {connection.ops.quote_name(table)} to stdout") as copy:
                    for data in copy:
                        handle.write(data)
    return paths


def load(paths):
    """COPY FROM each file into its table, in the order given, in one transaction."""
    with transaction.atomic():
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            for table, path in paths.items():
                with open(path, "rb") as handle:
                    name = connection.ops.quote_name(table)
                    with cursor.copy(f"copy {name} from stdin") as copy:
                        while data := handle.read(BLOCK):
                            copy.write(data)


def grown(before, counts):
    return [table for table, rows in counts.items() if rows > before.get(table, 0)]


def empty_since(before):
    """Empty the tables that gained rows since `before` (row_counts() then)."""
    counts = row_counts()
    truncate(emptied_with(grown(before, counts), references(), counts))


def copy_baseline(before, folder):
    """Time COPY of the rows written since `before` (row_counts() then), through files in
    `folder`, an empty folder of the caller's own (removed afterwards). Returns (seconds,
    {table: rows}); the tables hold the same rows afterwards as before it."""
    counts = row_counts()
    written, links = grown(before, counts), references()
    ordered = in_order(written, links)
    emptied = emptied_with(written, links, counts)
    paths = export(ordered, folder)
    truncate(emptied)
    started = time.monotonic()
    load(paths)
    seconds = time.monotonic() - started
    for path in paths.values():
        path.unlink()
    folder.rmdir()
    return seconds, {table: counts[table] for table in ordered}
