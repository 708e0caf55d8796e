from django.db import migrations, models


class Migration(migrations.Migration):
    """OAI-PMH harvests walk people by (updated_at, id), a page at a time."""

    dependencies = [
        ("people", "0021_imported_update_person_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["updated_at", "id"], name="person_updated"),
        ),
    ]
