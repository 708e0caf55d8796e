"""Roll back one import batch whole: the people it added go, the people it updated get back
what they had. People an archivist changed since are kept, and listed."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from people.importing.rollback import RollbackRefused, run_roll_back
from people.models import ImportBatch


class Command(BaseCommand):
    help = "Roll back an import batch (see People → Import batches in the admin for its number)."

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="The batch's number.")
        parser.add_argument("--user", help="Username recorded as having rolled it back.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; change nothing."
        )

    def handle(self, *args, batch, user=None, dry_run=False, verbosity=1, **options):
        try:
            found = ImportBatch.objects.get(pk=batch)
        except ImportBatch.DoesNotExist:
            raise CommandError(f"No import batch {batch}.") from None
        person_by = None
        if user:
            person_by = get_user_model().objects.filter(username=user).first()
            if person_by is None:
                raise CommandError(f"No user {user!r}.")
        try:
            result = run_roll_back(batch=found, user=person_by, dry_run=dry_run)
        except RollbackRefused as refusal:
            raise CommandError(str(refusal)) from None
        if verbosity:
            verb = "would remove" if dry_run else "removed"
            self.stdout.write(
                f"{found}: {verb} {result.removed} people, "
                f"{'would restore' if dry_run else 'restored'} {result.restored}, "
                f"kept {len(result.kept)} changed since."
            )
            if result.kept and verbosity > 1:
                self.stdout.write("Kept: " + ", ".join(f"#{pk}" for pk in result.kept))
