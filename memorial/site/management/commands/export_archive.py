"""Export the whole archive (records, sources, history, media) to a folder of open files:
JSON Lines and CSV, with a manifest of every file's SHA-256. See memorial/archive.py."""

from django.core.management.base import BaseCommand, CommandError

from memorial.site.archive import ArchiveError, archive_export


class Command(BaseCommand):
    help = "Export every record, its history and every file to FOLDER (new or empty)."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--dry-run", action="store_true", help="Count the rows; write nothing.")

    def handle(self, *args, folder, dry_run=False, verbosity=1, **options):
        log = self.stdout.write if verbosity > 1 else None
        try:
            manifest = archive_export(directory=folder, dry_run=dry_run, log=log)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            rows = sum(manifest["models"].values())
            verb = "Would export" if dry_run else "Exported"
            self.stdout.write(
                f"{verb} {rows} rows of {len(manifest['models'])} models"
                + ("" if dry_run else f" and {len(manifest['files'])} files to {folder}.")
            )
