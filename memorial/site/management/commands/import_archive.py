"""Import a folder written by `export_archive` into a database that holds no records yet
(run `migrate` first). Every file is checked against the manifest's SHA-256 before anything
is written; the records go in one transaction. Staff passwords are not in an export: set
them afterwards with `changepassword`."""

from django.core.management.base import BaseCommand, CommandError

from memorial.site.archive import ArchiveError, archive_import


class Command(BaseCommand):
    help = "Import an export_archive folder into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the files and load the records, then roll everything back.",
        )

    def handle(self, *args, folder, dry_run=False, verbosity=1, **options):
        log = self.stdout.write if verbosity > 1 else None
        try:
            manifest = archive_import(directory=folder, dry_run=dry_run, log=log)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            rows = sum(manifest["models"].values())
            verb = "Checked (nothing kept)" if dry_run else "Imported"
            self.stdout.write(
                f"{verb}: {rows} rows and {len(manifest['files'])} files from {folder}. "
                "Staff accounts have no password until one is set with `changepassword`."
            )
