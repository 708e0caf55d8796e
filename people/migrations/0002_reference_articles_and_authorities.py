"""The articles and bodies every record refers to (from the project's domain notes).

Archivists add regional troikas and other bodies as they meet them in the files.
"""

from django.db import migrations

ARTICLES = [
    ("58-1a", "treason"),
    ("58-6", "espionage"),
    ("58-7", "wrecking"),
    ("58-8", "terrorism"),
    ("58-10", "anti-Soviet agitation"),
    ("58-11", "organisational activity"),
]

AUTHORITIES = [
    ("OGPU", "security"),
    ("NKVD", "security"),
    ("MGB", "security"),
    ("NKVD troika", "extrajudicial"),
    ("Special Council (OSO) of the NKVD of the USSR", "extrajudicial"),
    ("Military Collegium of the Supreme Court of the USSR", "court"),
]


def add_reference_data(apps, schema_editor):
    Article = apps.get_model("people", "Article")
    Authority = apps.get_model("people", "Authority")
    for code, title in ARTICLES:
        Article.objects.get_or_create(code=code, defaults={"title": title})
    for name, kind in AUTHORITIES:
        Authority.objects.get_or_create(name=name, defaults={"kind": kind})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
