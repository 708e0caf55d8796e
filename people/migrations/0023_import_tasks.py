from django.conf import settings
from django.db import migrations, models
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

STOPPED_BY_THE_UPGRADE = gettext_noop("Stopped by the upgrade to background tasks; run it again.")


def fail_imports_left_by_the_old_code(apps, schema_editor):
    """An import the old code queued or ran in a process of its own has nothing to run it
    now (no task, no time queued): it is failed, in its uploader's language, and can be run
    again from its page."""
    ImportJob = apps.get_model("people", "ImportJob")
    left = ImportJob.objects.using(schema_editor.connection.alias).filter(
        state__in=["queued", "running"]
    )
    for job in left:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            job.message = gettext(STOPPED_BY_THE_UPGRADE)
        job.state = "failed"
        job.save(update_fields=["state", "message"])


class Migration(migrations.Migration):
    """Imports and rollbacks run as background tasks: each import's attempt, when it was
    queued and started and its task, so that a stopped worker can be told (and the same
    for a background rollback). Imports left queued or running by the old code fail."""

    dependencies = [
        ("people", "0022_person_updated"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="rollback_queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="rollback queued"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="rollback_started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="rollback started"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="rollback_task_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="rollback task"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="attempt",
            field=models.PositiveIntegerField(default=0, verbose_name="attempt"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="queued"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="task_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="task"),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="rollback_running",
            field=models.BooleanField(
                default=False,
                help_text="A large rollback runs in the background; this page shows its end.",
                verbose_name="rollback running",
            ),
        ),
        migrations.RunPython(fail_imports_left_by_the_old_code, migrations.RunPython.noop),
    ]
