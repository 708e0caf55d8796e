from django.db import migrations, models


class Migration(migrations.Migration):
    """Imports and rollbacks run as background tasks: each import's attempt, when it was
    queued and started and its task, so that a stopped worker can be told (and the same
    for a background rollback)."""

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
    ]
