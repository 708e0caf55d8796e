"""Remove rejected and spam testimonies, with their files, once the retention period is over.

Also removes files kept from forms that were never sent (older than a day). Accepted,
new and pending testimonies are never touched.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from people.models import PendingUpload, Testimony, TestimonyStatus


class Command(BaseCommand):
    help = (
        "Delete rejected and spam testimonies older than TESTIMONY_RETENTION_DAYS, and files "
        "left by unfinished forms."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")
        parser.add_argument(
            "--days", type=int, default=None, help="Override TESTIMONY_RETENTION_DAYS."
        )

    def handle(self, *args, dry_run=False, days=None, verbosity=1, **options):
        days = settings.TESTIMONY_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        testimonies = Testimony.objects.filter(
            status__in=[TestimonyStatus.REJECTED, TestimonyStatus.SPAM], updated_at__lt=cutoff
        )
        pending = PendingUpload.objects.filter(created_at__lt=timezone.now() - timedelta(days=1))
        files = [
            attachment.file
            for testimony in testimonies.prefetch_related("attachments")
            for attachment in testimony.attachments.all()
        ] + [upload.file for upload in pending]
        counts = (testimonies.count(), pending.count(), len(files))
        if not dry_run:
            with transaction.atomic():
                # Their versions in the history go with them (people/signals.py).
                testimonies.delete()
                pending.delete()
                # Files go only once the rows are gone for good.
                transaction.on_commit(lambda: [file.delete(save=False) for file in files])
        if verbosity:
            verb = "Would delete" if dry_run else "Deleted"
            self.stdout.write(
                f"{verb} {counts[0]} rejected or spam testimonies older than {days} days, "
                f"{counts[1]} unfinished uploads, {counts[2]} files."
            )
