"""people_import: check a list row by row and write it in one transaction."""

import csv
import multiprocessing
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction
from django.utils import timezone

from memorial.base.models import Source, Status

from ..models import ImportBatch
from .reading import TableError, open_table
from .rows import RowChecker, StagedRow
from .writing import BulkWriter

CHUNK_ROWS = 20_000
# While another import or rollback of the same list holds it, ask again this often.
LIST_LOCK_RETRY_SECONDS = 1
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
    batch: object = None  # the ImportBatch, once written
    encoding: str = ""
    delimiter: str = ""
    overtaken: bool = False  # may_commit() said no: undone whole
    warnings: int = 0  # phrases of text entries that fill no field, kept in the row's note

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
    job=None,
    on_waiting=None,
    around_fork=None,
    may_commit=None,
):
    """Import a list of people from `path` (CSV or XLSX) with the column mapping `columns`
    (field name -> header). Nothing is written if any row is bad, unless `skip_bad_rows`;
    nothing at all on a `dry_run`, which reports the same counts an import would.

    For a caller that follows the import: on_progress(result, share of the file) after each
    chunk; on_waiting(True/False) when it starts and stops waiting for another import or
    rollback of the same list; around_fork(), a context manager around the start of the
    reader process; may_commit(), last thing inside the transaction: when false, the
    import is undone whole (`result.overtaken`)."""
    started = time.monotonic()
    with open_table(path) as table:
        columns = table.columns or columns  # a text file of entries fills its own fields
        RowChecker(table.headers, columns)  # a mapping that does not fit fails here, at once
        result = ImportResult(encoding=table.encoding, delimiter=table.delimiter)
    database = connections[DEFAULT_DB_ALIAS]
    # On PostgreSQL a child process reads and checks the file while this one writes: two
    # cores at work, and no contention for the interpreter lock between the two.
    if database.vendor == "postgresql":
        chunks = _checked_in_a_child_process(path, columns, report_path, chunk_rows, around_fork)
    else:
        chunks = _checked_chunks(path, columns, report_path, chunk_rows)
    with transaction.atomic():
        lock_the_list(source, on_waiting)
        batch, writer = _batch_and_writer(
            database, source=source, columns=columns, publish=publish, user=user,
            file_name=job.original_name if job else Path(path).name, job=job,
        )  # fmt: skip
        # A dry run writes on (and rolls back) to count what an import would do.
        _write(chunks, writer, result, despite_bad_rows=skip_bad_rows or dry_run,
               on_progress=on_progress)  # fmt: skip
        _keep_or_undo(result, batch, skip_bad_rows=skip_bad_rows, dry_run=dry_run,
                      may_commit=may_commit)  # fmt: skip
    if result.rows_bad and report_path:
        result.report_path = str(report_path)
    if result.written:
        # Written in bulk, without the signals that keep cached pages and counts current.
        from memorial.base.page_cache import forget_pages

        forget_pages()
    result.seconds = time.monotonic() - started
    return result


def lock_the_list(source, on_waiting=None):
    """One import or rollback of a list at a time (rollback.py locks the same): lock the
    list's source for the rest of the transaction, saying so while another holds it. The
    lock is asked for without waiting, again and again, so that the wait happens here,
    where the worker can be told to stop, and not inside the database driver."""
    sources = Source.objects.filter(pk=source.pk)
    if not connection.features.has_select_for_update_nowait:
        sources.select_for_update().first()  # SQLite: one writer at a time anyway
        return
    waiting = False
    try:
        while True:
            try:
                with transaction.atomic():  # a refusal spoils this savepoint only
                    sources.select_for_update(nowait=True).first()
                return
            except OperationalError:
                pass  # held by another import or rollback of the list
            if not waiting and on_waiting:
                on_waiting(True)
            waiting = True
            time.sleep(LIST_LOCK_RETRY_SECONDS)
    finally:
        if waiting and on_waiting:
            on_waiting(False)


def _batch_and_writer(database, *, source, columns, publish, user, file_name, job):
    now = timezone.now()
    # Rolled back with everything else when nothing is kept.
    batch = ImportBatch.objects.create(
        source=source, file_name=file_name[:255], job=job, imported_by=user, imported_at=now
    )
    writer = BulkWriter(
        database,
        source=source,
        columns=columns,
        status=Status.PUBLISHED if publish else Status.DRAFT,
        published_at=now if publish else None,
        user=user,
        now=now,
        batch=batch,
    )
    return batch, writer


def _write(chunks, writer, result, *, despite_bad_rows, on_progress):
    """Write the checked chunks as they come, counting rows and problems in `result`."""
    for rows, progress, counts in chunks:
        result.rows_read, result.rows_bad, result.problem_count = counts[:3]
        result.warnings = counts[4]
        if counts[3] is not None:
            result.problems = counts[3]
        # After a bad row, without skipping, nothing will be kept: the rest is only checked.
        if rows and (despite_bad_rows or not result.rows_bad):
            writer.write(rows)
        if on_progress:
            on_progress(result, progress)
    writer.close()
    result.created, result.updated = writer.created, writer.updated
    result.step_seconds = writer.seconds


def _keep_or_undo(result, batch, *, skip_bad_rows, dry_run, may_commit):
    """Within the import's transaction: keep what was written, or have it all undone."""
    refused = result.rows_bad and not skip_bad_rows
    result.overtaken = may_commit is not None and not may_commit()
    result.written = not (dry_run or refused or result.overtaken)
    if (refused and not dry_run) or result.overtaken:
        result.created = result.updated = 0
    if not result.written:
        transaction.set_rollback(True)
        return
    batch.rows = result.rows_read
    batch.people_created, batch.people_updated = result.created, result.updated
    batch.save(update_fields=["rows", "people_created", "people_updated"])
    result.batch = batch


def _checked_chunks(path, columns, report_path, chunk_rows):
    """Yield (good rows, share of the file read, counts) a chunk at a time; counts are
    (rows read, bad rows, problems, the problems to show or None until the end)."""
    table = open_table(path)
    checker = RowChecker(table.headers, columns)
    report = BadRowsReport(report_path, table.headers)
    rows, read, bad, problem_count, shown, warnings = [], 0, 0, 0, [], 0
    try:
        for row_number, cells in table.rows:
            read += 1
            staged, problems = checker.check(row_number, cells)
            if problems:
                bad += 1
                problem_count += len(problems)
                shown.extend(problems[: max(0, SHOWN_PROBLEMS - len(shown))])
                report.add(row_number, cells, problems)
            else:
                rows.append(staged)
                warnings += staged.warnings
            if len(rows) >= chunk_rows:
                yield rows, table.progress(), (read, bad, problem_count, None, warnings)
                rows = []
    finally:
        report.close()
        table.close()
    yield rows, 1.0, (read, bad, problem_count, shown, warnings)


def _checked_in_a_child_process(path, columns, report_path, chunk_rows, around_fork=None):
    """The same chunks, read and checked by a child process and sent through a pipe; the
    pipe's small buffer keeps the child at most a chunk or two ahead, so memory stays flat."""
    child, receiving = start_reader(path, columns, report_path, chunk_rows, around_fork)
    try:
        while True:
            kind, payload = receiving.recv()
            if kind == "error":
                raise payload
            rows, progress, counts = payload
            yield [StagedRow._make(row) for row in rows], progress, counts
            if kind == "last":
                return
    finally:
        receiving.close()
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()


def start_reader(path, columns, report_path, chunk_rows, around_fork=None):
    """Start the child process that reads and checks the list; returns it and the end of
    the pipe its chunks come from. Forked, so that the child has the caller's settings and
    language as they are; the caller's other threads are paused by around_fork()."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_send_checked_chunks,
        args=(receiving, sending, path, columns, report_path, chunk_rows),
        name="people-import-reader",
        daemon=True,
    )
    with around_fork() if around_fork else nullcontext():
        child.start()
    sending.close()
    return child, receiving


def _send_checked_chunks(receiving, sending, path, columns, report_path, chunk_rows):
    # The parent's end of the pipe, forked with the rest, is closed here: once the parent
    # dies (killed in the middle of the import), the next send fails and this process ends,
    # and with it what it inherited, the parent's connection to the database, whose
    # transaction (holding the list's lock) the database then rolls back.
    receiving.close()
    try:
        chunks = _checked_chunks(path, columns, report_path, chunk_rows)
        for rows, progress, counts in chunks:
            kind = "last" if counts[3] is not None else "chunk"
            # Plain tuples pickle faster than named ones.
            sending.send((kind, ([tuple(row) for row in rows], progress, counts)))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent is gone: nobody to tell
    except BaseException as error:  # the parent raises it, with the message the user sees
        sending.send(("error", error if isinstance(error, TableError) else RuntimeError(
            f"{type(error).__name__}: {error}")))  # fmt: skip
    finally:
        sending.close()
