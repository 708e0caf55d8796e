"""Each testimony gets its own key for the family's private link, and a field for a family's
request to delete what they sent."""

import secrets

from django.db import migrations, models

import people.models.testimony


def give_each_testimony_its_own_key(apps, schema_editor):
    # AddField gave every existing row the same value. Each must be its own: the key is what
    # still guards the links should SECRET_KEY ever leak.
    Testimony = apps.get_model("people", "Testimony")
    for pk in Testimony.objects.values_list("pk", flat=True).iterator():
        Testimony.objects.filter(pk=pk).update(family_key=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0031_person_name_forms_recomputed"),
    ]

    operations = [
        migrations.AddField(
            model_name="testimony",
            name="deletion_requested_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="deletion requested by the family",
            ),
        ),
        migrations.AddField(
            model_name="testimony",
            name="family_key",
            field=models.CharField(
                default=people.models.testimony.new_family_key,
                editable=False,
                max_length=64,
                verbose_name="key of the family's private link",
            ),
        ),
        migrations.RunPython(give_each_testimony_its_own_key, migrations.RunPython.noop),
    ]
