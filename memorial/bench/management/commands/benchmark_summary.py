"""Write the latest figures at each size, and how they grow, into docs/benchmarks.md.

Reads the entries `benchmark --write` recorded there (the newest for each number of people)
and replaces the section between the summary's markers; prints it either way.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from memorial.bench.summary import summary, with_summary


class Command(BaseCommand):
    help = "Print (and with --write record) the newest benchmark figures at each size."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Update docs/benchmarks.md")
        parser.add_argument("--dry-run", action="store_true", help="Print only, even with --write")

    def handle(self, *args, write=False, dry_run=False, verbosity=1, **options):
        path = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
        text = path.read_text() if path.exists() else ""
        if verbosity:
            self.stdout.write("\n".join(summary(text)))
        if write and not dry_run:
            path.write_text(with_summary(text))
            if verbosity:
                self.stdout.write(f"Recorded in {path}.")
