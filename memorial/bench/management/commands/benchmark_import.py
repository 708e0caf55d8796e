"""Benchmark `import_people` on a synthetic list of N rows.

The list (a made-up Book of Memory in Russian, Windows-style semicolons, see
people/synthetic.py) is written once to var/bench/. The import then runs as a child process,
exactly as an archivist would run it, so that its wall time and peak memory are its own.
`make bench` points this at a fresh, empty database of its own.
"""

import csv
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from memorial.bench.benchmarking import record
from memorial.bench.synthetic import LIST_HEADERS, list_row, random_source
from people.models import Person


class Command(BaseCommand):
    help = "Import a synthetic list of N rows into an empty database; print rows/s and memory."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1941)
        parser.add_argument("--write", action="store_true", help="Record in docs/benchmarks.md")

    def handle(self, *args, rows=1_000_000, seed=1941, write=False, verbosity=1, **options):
        if Person.objects.exists():
            raise CommandError(
                "The database already holds people: run this against an empty database of its "
                "own (make bench makes one), so the imported rows are never mixed with others."
            )
        path = self.list_file(rows, seed, verbosity)
        started = time.monotonic()
        completed = subprocess.run(
            [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "import_people",
                str(path),
                "--new-source",
                f"Synthetic list of {rows:,} made-up people (benchmark)",
                "--verbosity",
                "0",
            ],
            env=os.environ.copy(),
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - started
        if completed.returncode:
            raise CommandError(f"import_people failed:\n{completed.stdout}{completed.stderr}")
        # Linux reports the largest resident set of any finished child, in kilobytes.
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        imported = Person.objects.count()
        lines = [
            f"Import of a {rows:,}-row CSV list (`import_people`, run as its own process, "
            f"into an empty database):",
            "",
            "| rows | people written | seconds | rows per second | peak memory MB |",
            "|---:|---:|---:|---:|---:|",
            f"| {rows:,} | {imported:,} | {seconds:.1f} | {rows / seconds:,.0f} | {peak_mb:.0f} |",
        ]
        self.stdout.write("\n".join(lines))
        if imported != rows:
            raise CommandError(f"{rows:,} rows but {imported:,} people were written.")
        if write:
            path = record(f"import of {rows:,} rows", lines)
            self.stdout.write(f"Recorded in {path}.")

    def list_file(self, rows, seed, verbosity):
        path = Path(settings.BASE_DIR) / "var" / "bench" / f"list-{rows}-{seed}.csv"
        if path.exists():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        rng = random_source(seed)
        partial = path.with_suffix(".partial")
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(LIST_HEADERS)
            for number in range(1, rows + 1):
                writer.writerow(list_row(rng, number))
        partial.rename(path)
        if verbosity:
            self.stdout.write(f"Wrote {path} ({path.stat().st_size / 1e6:.0f} MB).")
        return path
