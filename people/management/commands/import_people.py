"""Import a list of people (a Book of Memory, an archive inventory) from CSV or XLSX, or
from a text file (.txt) of entries, one per person, in Memorial's or Open List's form.

The columns are guessed from the headers (Russian, Kazakh or English) and can be set with
--column field=Header, or taken from a mapping saved earlier (--mapping NAME). Every row is
checked first: with a bad row nothing is written unless --skip-bad-rows, and the bad rows go
to a report file either way. Importing the same list again updates the same people.

    python manage.py import_people list.csv --source 12 --dry-run
    python manage.py import_people list.xlsx --new-source "Book of Memory, Karaganda region"
"""

import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from memorial.base.models import Source, SourceKind
from people.importing import FIELDS, TableError, guess_columns, people_import, read_headers
from people.importing.columns import FIELD_NAMES
from people.models import ColumnMapping

SHOWN_PROBLEMS = 30


class Command(BaseCommand):
    help = "Import people from a CSV, XLSX or text (.txt) list; check first with --dry-run."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The list: .csv or .txt (UTF-8 or Windows-1251) or .xlsx")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--source", type=int, help="Id of the source the list is")
        group.add_argument("--new-source", metavar="TITLE", help="Make a Book of Memory source")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=HEADER",
            help="Set a column, e.g. --column birth_date='Год рождения'. Fields: "
            + ", ".join(FIELD_NAMES),
        )
        parser.add_argument("--mapping", help="Start from a saved column mapping")
        parser.add_argument("--save-mapping", metavar="NAME", help="Save the columns used")
        parser.add_argument("--show-columns", action="store_true", help="Show the columns, stop")
        parser.add_argument("--publish", action="store_true", help="Publish new people at once")
        parser.add_argument("--skip-bad-rows", action="store_true", help="Import the good rows")
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing")
        parser.add_argument("--report", help="Where to write the bad rows (default: beside FILE)")
        parser.add_argument("--user", help="Username recorded as the records' creator")
        parser.add_argument(
            "--language", help="Language of the problems reported: kk, ru or en (default: site's)"
        )
        parser.add_argument("--chunk-rows", type=int, default=20_000, help="Rows per written chunk")

    def handle(self, *args, **options):
        language = options["language"] or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            raise CommandError(f"--language: one of {', '.join(dict(settings.LANGUAGES))}.")
        with translation.override(language):
            self.import_list(options)

    def import_list(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        try:
            headers = read_headers(path)
        except TableError as error:
            raise CommandError(str(error)) from None
        columns = self.columns(headers, options)
        if options["show_columns"] or options["verbosity"] > 1:
            self.show_columns(headers, columns)
        if options["show_columns"]:
            return
        user = self.user(options["user"])
        report = Path(options["report"] or path.with_name(f"{path.stem}-bad-rows.csv"))
        with transaction.atomic():
            source = self.source(options)
            result = self.run(path, source, columns, user, report, options)
            if options["dry_run"]:
                transaction.set_rollback(True)  # not even a --new-source is kept
        if options["verbosity"]:
            sys.stderr.write("\n")
        if options["save_mapping"]:
            ColumnMapping.objects.update_or_create(
                name=options["save_mapping"], defaults={"columns": columns}
            )
        self.summary(result, source, options)
        if result.rows_bad and not options["skip_bad_rows"] and not options["dry_run"]:
            raise CommandError(
                f"{result.rows_bad:,} bad rows: nothing was imported. Fix them, or import the "
                f"good rows with --skip-bad-rows."
            )

    def run(self, path, source, columns, user, report, options):
        try:
            return people_import(
                path=path,
                source=source,
                columns=columns,
                publish=options["publish"],
                skip_bad_rows=options["skip_bad_rows"],
                dry_run=options["dry_run"],
                user=user,
                report_path=report,
                on_progress=self.progress if options["verbosity"] else None,
                chunk_rows=options["chunk_rows"],
            )
        except (TableError, ValueError) as error:
            raise CommandError(str(error)) from None

    def columns(self, headers, options):
        columns = {}
        if options["mapping"]:
            try:
                columns = dict(ColumnMapping.objects.get(name=options["mapping"]).columns)
            except ColumnMapping.DoesNotExist:
                raise CommandError(
                    f"No saved column mapping is named {options['mapping']!r}."
                ) from None
        else:
            columns = guess_columns(headers)
        for setting in options["column"]:
            field, separator, header = setting.partition("=")
            if not separator or field not in FIELD_NAMES:
                raise CommandError(
                    f"--column {setting!r}: write FIELD=HEADER with FIELD one of "
                    + ", ".join(FIELD_NAMES)
                )
            if header:
                columns[field] = header
            else:
                columns.pop(field, None)  # --column charge= leaves a field out
        return columns

    def show_columns(self, headers, columns):
        used = {header: field for field, header in columns.items()}
        self.stdout.write("Columns of the file, and the field each fills:")
        for header in headers:
            field = used.get(header)
            self.stdout.write(f"  {header!r:40} -> {field or '(not imported)'}")
        missing = [field.name for field in FIELDS if field.name not in columns]
        self.stdout.write("Fields no column fills: " + (", ".join(missing) or "none"))

    def source(self, options):
        if options["new_source"]:
            return Source.objects.create(
                kind=SourceKind.BOOK_OF_MEMORY, title=options["new_source"]
            )
        if options["source"] is None:
            raise CommandError("Say which source the list is: --source ID or --new-source TITLE.")
        try:
            return Source.objects.get(pk=options["source"])
        except Source.DoesNotExist:
            raise CommandError(f"There is no source with id {options['source']}.") from None

    def user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None

    def progress(self, result, share):
        width = 30
        filled = round(share * width)
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {share:4.0%}  "
            f"{result.rows_read:,} rows, {result.rows_bad:,} bad"
        )
        sys.stderr.flush()

    def summary(self, result, source, options):
        write = self.stdout.write
        write(
            f"Read {result.rows_read:,} rows ({result.encoding or 'Excel'}"
            + (f", separated by {result.delimiter!r}" if result.delimiter else "")
            + f") in {result.seconds:.1f} s: {result.rows_good:,} good, {result.rows_bad:,} bad."
        )
        for problem in result.problems[:SHOWN_PROBLEMS]:
            # A text file's entry is named by its number and first line.
            where = (
                f"entry {problem.row} ({problem.entry})" if problem.entry else f"row {problem.row}"
            )
            write(
                f"  {where}, column {problem.column!r}, value {problem.value!r}: {problem.message}"
            )
        if result.warnings:
            write(
                f"{result.warnings:,} phrases of the entries fill no field: each is kept in "
                f"words on its imported row (“kept in words”) for an archivist to place."
            )
        if result.problem_count > SHOWN_PROBLEMS:
            write(f"  … and {result.problem_count - SHOWN_PROBLEMS:,} more problems.")
        if options["verbosity"] > 2:
            # On PostgreSQL these run in a thread of their own, beside the reading.
            for step, seconds in result.step_seconds.items():
                write(f"  writing, {step}: {seconds:.1f} s")
        if result.report_path:
            write(f"The bad rows, with their problems: {result.report_path}")
        verb = "would add" if options["dry_run"] else "added"
        if result.written or options["dry_run"]:
            write(
                f"Source #{source.pk} ({source}): {verb} {result.created:,} people, "
                f"{'would update' if options['dry_run'] else 'updated'} {result.updated:,}."
                + ("" if result.written else " Nothing was written (dry run).")
            )
