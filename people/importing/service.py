"""people_import: check a list row by row and write it in one transaction."""

import csv
import time
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from memorial.models import Status

from .reading import open_table
from .rows import RowChecker
from .writing import BackgroundWriter, BulkWriter

CHUNK_ROWS = 20_000
SHOWN_PROBLEMS = 500  # problems kept for the screen; the report file has every bad row


@dataclass
class ImportResult:
    rows_read: int = 0
    rows_bad: int = 0
    created: int = 0
    updated: int = 0
    problems: list = field(default_factory=list)
    problem_count: int = 0
    written: bool = False
    report_path: str = ""
    seconds: float = 0.0
    step_seconds: dict = field(default_factory=dict)
    encoding: str = ""
    delimiter: str = ""

    @property
    def rows_good(self):
        return self.rows_read - self.rows_bad


class BadRowsReport:
    """The bad rows as they were, with their problems, for fixing and importing again. UTF-8
    with a byte order mark, so that Excel opens the Cyrillic correctly."""

    def __init__(self, path, headers):
        self.path, self.headers, self.file, self.writer = path, headers, None, None

    def add(self, row_number, cells, problems):
        if self.path is None:
            return
        if self.writer is None:
            self.file = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self.writer = csv.writer(self.file)
            self.writer.writerow(["row", *self.headers, "problems"])
        text = "; ".join(f"{problem.column}: {problem.message}" for problem in problems)
        self.writer.writerow([row_number, *cells, text])

    def close(self):
        if self.file:
            self.file.close()


def people_import(
    *,
    path,
    source,
    columns,
    publish=False,
    skip_bad_rows=False,
    dry_run=False,
    user=None,
    report_path=None,
    on_progress=None,
    chunk_rows=CHUNK_ROWS,
):
    """Import a list of people from `path` (CSV or XLSX) with the column mapping `columns`
    (field name -> header). Nothing is written if any row is bad, unless `skip_bad_rows`;
    nothing at all on a `dry_run`, which reports the same counts an import would."""
    started = time.monotonic()
    table = open_table(path)
    checker = RowChecker(table.headers, columns)
    result = ImportResult(encoding=table.encoding, delimiter=table.delimiter)
    report = BadRowsReport(report_path, table.headers)
    now = timezone.now()
    try:
        with transaction.atomic():
            database = connections[DEFAULT_DB_ALIAS]  # the object itself, to share with a thread
            writer = BulkWriter(
                database,
                source=source,
                columns=columns,
                status=Status.PUBLISHED if publish else Status.DRAFT,
                published_at=now if publish else None,
                user=user,
                now=now,
            )
            # PostgreSQL writes in a thread of its own while this one reads on.
            output = BackgroundWriter(writer) if database.vendor == "postgresql" else writer
            try:
                _read_and_write(table, checker, output, result, report, skip_bad_rows, dry_run,
                                on_progress, chunk_rows)  # fmt: skip
            finally:
                if output is not writer:
                    output.finish()
            writer.close()
            result.created, result.updated = writer.created, writer.updated
            result.step_seconds = writer.seconds
            refused = result.rows_bad and not skip_bad_rows
            result.written = not (dry_run or refused)
            if refused and not dry_run:
                result.created = result.updated = 0
            if not result.written:
                transaction.set_rollback(True)
    finally:
        report.close()
    if result.rows_bad and report_path:
        result.report_path = str(report_path)
    if result.written and publish and result.created:
        from memorial.views import forget_published_counts

        forget_published_counts()
    result.seconds = time.monotonic() - started
    return result


def _read_and_write(table, checker, output, result, report, skip_bad_rows, dry_run, on_progress,
                    chunk_rows):  # fmt: skip
    rows = []
    for row_number, cells in table.rows:
        result.rows_read += 1
        staged, problems = checker.check(row_number, cells)
        if problems:
            result.rows_bad += 1
            result.problem_count += len(problems)
            if len(result.problems) < SHOWN_PROBLEMS:
                result.problems.extend(problems[: SHOWN_PROBLEMS - len(result.problems)])
            report.add(row_number, cells, problems)
        else:
            rows.append(staged)
        if len(rows) >= chunk_rows:
            rows = _flush(output, rows, result, skip_bad_rows, dry_run)
            if on_progress:
                on_progress(result, table.progress())
    _flush(output, rows, result, skip_bad_rows, dry_run)
    if on_progress:
        on_progress(result, 1.0)


def _flush(output, rows, result, skip_bad_rows, dry_run):
    """Hand a chunk to the writer and start a new list (the writer may still be reading it).
    After a bad row, without skipping, nothing will be kept, so the rest is only checked;
    a dry run writes on (and rolls back) to count what an import would do."""
    if rows and (skip_bad_rows or dry_run or not result.rows_bad):
        output.write(rows)
    return []
