"""Write the bulk downloads of published records (see memorial/opendata/downloads.py). Run it after
publishing in bulk, or nightly from cron: the files on the open-data page are as fresh as
its last run."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from memorial.opendata.downloads import open_data_export


class Command(BaseCommand):
    help = "Write every published record as JSON Lines and CSV, with a data dictionary."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help=f"Folder to write to (default: {settings.OPEN_DATA_ROOT})."
        )
        parser.add_argument(
            "--base-url",
            default=settings.PUBLIC_URL,
            help="The site's public address, for the records' links (default: PUBLIC_URL).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count; write nothing.")

    def handle(self, *args, output=None, base_url, dry_run=False, verbosity=1, **options):
        log = self.stdout.write if verbosity > 1 else None
        # Links and citations in the site's own language, as a visitor without one sees them.
        with translation.override(settings.LANGUAGE_CODE):
            manifest = open_data_export(root=output, base_url=base_url, dry_run=dry_run, log=log)
        if verbosity:
            counts = ", ".join(f"{count:,} {name}" for name, count in manifest["records"].items())
            if dry_run:
                self.stdout.write(f"Would write {counts}.")
            else:
                size = sum(file["bytes"] for file in manifest["files"])
                self.stdout.write(
                    f"Wrote {counts}: {len(manifest['files'])} files, {size:,} bytes, "
                    f"to {output or settings.OPEN_DATA_ROOT}."
                )
