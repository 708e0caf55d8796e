"""Benchmark `import_people` on N synthetic people: a spreadsheet list of N rows, and the same
people as N text entries of a Book of Memory, and beside each, PostgreSQL's own COPY of the
rows that import wrote.

The list (a made-up Book of Memory in Russian, Windows-style semicolons, see synthetic.py)
and the entries (synthetic_text.py, half in each form) are written once to var/bench/. Each
import runs as a child process, exactly as an archivist would run it, so that its wall time
and peak memory are its own; then, on PostgreSQL, the rows it wrote are copied out, the
tables emptied, and COPY of the same rows back into the same tables is timed (see
copy_baseline.py): what the database itself can take. The tables are emptied again before
the next import. `make bench` points this at a fresh, empty database of its own.
"""

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from memorial.bench.benchmarking import record
from memorial.bench.copy_baseline import copy_baseline, empty_since, row_counts
from memorial.bench.synthetic import LIST_HEADERS, list_row, random_source
from memorial.bench.synthetic_text import write_entries
from people.models import Person

IMPORTS = {
    "spreadsheet": "CSV list",
    "text": "text entries",
    # Not an import but the benchmarks' filler, written by the import's writer: it must keep
    # up with the import (and COPY), or filling millions of people is the slow part.
    "synthetic": "synthetic people (generate_synthetic_people)",
}
# "both": the two imports an archivist runs; "all": the filler besides.
KIND_SETS = {"both": ["spreadsheet", "text"], "all": list(IMPORTS)}
HEADER = [
    "| import | entries | people written | seconds | entries per second | peak memory MB "
    "| table rows written | COPY seconds | COPY table rows per second "
    "| COPY entries per second | import's rate as share of COPY's |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]


class Command(BaseCommand):
    help = (
        "Import N synthetic people from a CSV list and from text entries into an empty "
        "database; print rows/s, memory and, on PostgreSQL, the rate of COPY of the same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1941)
        parser.add_argument(
            "--imports",
            choices=[*KIND_SETS, *IMPORTS],
            default="both",
            help="Which to run: both imports (default), one of them, the synthetic filler, or all",
        )
        parser.add_argument("--write", action="store_true", help="Record in docs/benchmarks.md")

    def handle(self, *args, rows=1_000_000, seed=1941, imports="both", write=False, **options):
        if Person.objects.exists():
            raise CommandError(
                "The database already holds people: run this against an empty database of its "
                "own (make bench makes one), so the imported rows are never mixed with others."
            )
        self.verbosity = options.get("verbosity", 1)
        kinds = KIND_SETS.get(imports, [imports])
        load = os.getloadavg()[0]
        table = [self.measure(kind, rows, seed) for kind in kinds]
        lines = [
            f"Import of {rows:,} synthetic people (`import_people`, run as its own process, "
            f"into an empty database), and PostgreSQL's own `COPY` of the rows it wrote into "
            f"the same tables, with the same indexes and constraints:",
            "",
            *HEADER,
            *table,
            "",
            f"Load average (1 min): {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end.",
        ]
        self.stdout.write("\n".join(lines))
        if write:
            path = record(f"import of {rows:,} rows and entries, with COPY", lines)
            self.stdout.write(f"Recorded in {path}.")

    def measure(self, kind, rows, seed):
        """One import and its COPY baseline, as a row of the table; the tables are left
        empty for the next."""
        postgres = connection.vendor == "postgresql"
        if kind == "synthetic":
            before = row_counts() if postgres else None
            seconds, peak_mb = self.run_child(self.synthetic_command(rows, seed))
        else:
            path = (self.list_file if kind == "spreadsheet" else self.entries_file)(rows, seed)
            before = row_counts() if postgres else None
            seconds, peak_mb = self.run_child(self.import_command(path, rows))
        imported = Person.objects.count()
        if imported != rows:
            raise CommandError(f"{rows:,} {IMPORTS[kind]} but {imported:,} people were written.")
        cells = [IMPORTS[kind], f"{rows:,}", f"{imported:,}", f"{seconds:.1f}"]
        cells += [f"{rows / seconds:,.0f}", f"{peak_mb:.0f}"]
        if postgres:
            # A folder of this run's own: another run may be copying beside it.
            folder = Path(tempfile.mkdtemp(prefix="copy-", dir=self.bench_file("").parent))
            copy_seconds, tables = copy_baseline(before, folder)
            written = sum(tables.values())
            cells += [f"{written:,}", f"{copy_seconds:.1f}", f"{written / copy_seconds:,.0f}"]
            cells += [f"{rows / copy_seconds:,.0f}", f"{copy_seconds / seconds:.0%}"]
            empty_since(before)
        else:
            cells += ["", "", "", "", "(PostgreSQL only)"]
        return "| " + " | ".join(cells) + " |"

    @staticmethod
    def import_command(path, rows):
        return [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "import_people",
            str(path),
            "--new-source",
            f"Synthetic list of {rows:,} made-up people (benchmark)",
            "--verbosity",
            "0",
        ]

    @staticmethod
    def synthetic_command(rows, seed):
        # No vacuum afterwards: an import does none either, and COPY's baseline gets none.
        return [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "generate_synthetic_people",
            "--count",
            str(rows),
            "--seed",
            str(seed),
            "--batch-size",
            "10000",
            "--no-vacuum",
            "--verbosity",
            "0",
        ]

    def run_child(self, command):
        """(wall seconds, peak resident MB) of a management command as a child process."""
        with tempfile.TemporaryFile("w+") as output:
            started = time.monotonic()
            child = subprocess.Popen(command, env=os.environ.copy(), stdout=output, stderr=output)
            # The child's own resource use (getrusage's fields), not the largest of all the
            # children so far as RUSAGE_CHILDREN would give.
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.monotonic() - started
            child.returncode = os.waitstatus_to_exitcode(status)
            if child.returncode:
                output.seek(0)
                raise CommandError(f"{command[2]} failed:\n{output.read()}")
        # Linux gives the largest resident set in kilobytes.
        return seconds, usage.ru_maxrss / 1024

    def bench_file(self, name):
        path = Path(settings.BASE_DIR) / "var" / "bench" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def list_file(self, rows, seed):
        path = self.bench_file(f"list-{rows}-{seed}.csv")
        if path.exists():
            return path
        rng = random_source(seed)
        partial = path.with_suffix(".partial")
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(LIST_HEADERS)
            for number in range(1, rows + 1):
                writer.writerow(list_row(rng, number))
        return self.finished(partial, path)

    def entries_file(self, rows, seed):
        path = self.bench_file(f"entries-{rows}-{seed}.txt")
        if path.exists():
            return path
        partial = path.with_suffix(".partial")
        with open(partial, "w", encoding="utf-8") as handle:
            write_entries(handle, random_source(seed), rows)
        return self.finished(partial, path)

    def finished(self, partial, path):
        partial.rename(path)
        if self.verbosity:
            self.stdout.write(f"Wrote {path} ({path.stat().st_size / 1e6:.0f} MB).")
        return path
