"""What pointed at pages, stories and the home page as memorial's now points at them as pages'.

Their content types are renamed in place, so photos, citations, admin log entries and
permissions (and the groups holding them) follow without a row being touched. Their history
(django-reversion's versions) names the model inside each stored copy as well: those names
are rewritten, so that an old version can still be shown and brought back.
"""

import json

from django.db import migrations

MOVED = ["page", "story", "homepage"]
# Generic rows that point at a record through its content type.
GENERIC_RECORDS = [("memorial", "Citation"), ("memorial", "MediaItem")]
GENERIC_MODELS = [*GENERIC_RECORDS, ("reversion", "Version")]


def rename_in_versions(versions, old_label, new_label):
    for version in versions.filter(format="json").iterator():
        records = json.loads(version.serialized_data)
        changed = False
        for record in records:
            if record.get("model") == f"{old_label}.{version.content_type.model}":
                record["model"] = f"{new_label}.{version.content_type.model}"
                changed = True
        if changed:
            version.serialized_data = json.dumps(records)
            version.save(update_fields=["serialized_data"])


def repoint_stored_rows(apps, database, old, new):
    """Stored versions of photos and citations name their record's content type by id:
    those that named the old one name the new one, so that bringing back a version still
    finds the story's own photos."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for app_label, name in GENERIC_RECORDS:
        kind = ContentType.objects.using(database).filter(
            app_label=app_label, model=name.lower()
        )
        for version in Version.objects.using(database).filter(
            content_type__in=kind, format="json"
        ):
            records = json.loads(version.serialized_data)
            for record in records:
                if record.get("fields", {}).get("content_type") == old.pk:
                    record["fields"]["content_type"] = new.pk
            version.serialized_data = json.dumps(records)
            version.save(update_fields=["serialized_data"])


def merge_content_type(apps, database, old, new):
    """Both names have a content type (a site ran `migrate` for pages' state alone): move
    everything to the new one and keep the old one's permissions' holders."""
    repoint_stored_rows(apps, database, old, new)
    for app_label, name in GENERIC_MODELS:
        apps.get_model(app_label, name).objects.using(database).filter(
            content_type=old
        ).update(content_type=new)
    apps.get_model("admin", "LogEntry").objects.using(database).filter(content_type=old).update(
        content_type=new
    )
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.using(database).filter(content_type=old):
        kept = Permission.objects.using(database).filter(
            content_type=new, codename=permission.codename
        ).first()
        if kept is None:
            permission.content_type = new
            permission.save(update_fields=["content_type"])
            continue
        kept.group_set.add(*permission.group_set.all())
        kept.user_set.add(*permission.user_set.all())
    old.delete()


def move(apps, schema_editor, old_label, new_label):
    database = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for model in MOVED:
        old = ContentType.objects.using(database).filter(app_label=old_label, model=model).first()
        if old is None:
            continue  # a new database: its content types are made after the migrations
        new = ContentType.objects.using(database).filter(app_label=new_label, model=model).first()
        if new is None:
            old.app_label = new_label
            old.save(update_fields=["app_label"])
            new = old
        else:
            merge_content_type(apps, database, old, new)
        versions = Version.objects.using(database).filter(content_type=new)
        rename_in_versions(versions.select_related("content_type"), old_label, new_label)


def forwards(apps, schema_editor):
    move(apps, schema_editor, "memorial", "pages")


def backwards(apps, schema_editor):
    move(apps, schema_editor, "pages", "memorial")


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
