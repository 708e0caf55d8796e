# The forms of the name copied onto each person by 0029 took the first Kazakh, Russian or
# Latin variant even where it gave a surname alone; Person.save() refuses such a variant
# where the record has a given name. Recomputed here with the rule Person.save() uses.

from itertools import groupby

from django.db import migrations

# forms_of reads nothing but the attributes a historical model has (pk, kind and the parts
# of the name; the person's given name): the one rule, not a copy that could drift from it.
from people.reading_names import FORM_COLUMNS, forms_of

CHUNK = 2000


def recompute_chunk(Person, variants_by_person):
    people = Person.objects.filter(pk__in=variants_by_person).only(
        "given_name", *FORM_COLUMNS.values()
    )
    changed = []
    for person in people:
        forms = forms_of(variants_by_person[person.pk], person)
        if any(getattr(person, column) != form for column, form in forms.items()):
            for column, form in forms.items():
                setattr(person, column, form)
            changed.append(person)
    Person.objects.bulk_update(changed, list(FORM_COLUMNS.values()))


def recompute_name_forms(apps, schema_editor):
    """Only people with Kazakh, Russian or Latin variants are read: most have none, and the
    forms of those are empty already."""
    Person = apps.get_model("people", "Person")
    NameVariant = apps.get_model("people", "NameVariant")
    variants = (
        NameVariant.objects.filter(kind__in=FORM_COLUMNS)
        .only("pk", "person_id", "kind", "surname", "given_name", "patronymic")
        .order_by("person_id", "pk")
    )
    chunk = {}
    for person_id, own in groupby(variants.iterator(chunk_size=5000), lambda v: v.person_id):
        chunk[person_id] = list(own)
        if len(chunk) >= CHUNK:
            recompute_chunk(Person, chunk)
            chunk = {}
    if chunk:
        recompute_chunk(Person, chunk)


class Migration(migrations.Migration):
    dependencies = [("people", "0030_text_search")]

    operations = [migrations.RunPython(recompute_name_forms, migrations.RunPython.noop)]
