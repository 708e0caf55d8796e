"""A family writes the birth date as they know it ("ок. 1895 г.", "март 1901"), not only
a year: the year each testimony already has is carried over as that year."""

from django.db import migrations, models

import memorial.base.fields


def years_to_dates(apps, schema_editor):
    Testimony = apps.get_model("people", "Testimony")
    for testimony in Testimony.objects.exclude(subject_birth_year=None).only("subject_birth_year"):
        testimony.subject_birth_date = f"{testimony.subject_birth_year:04d}"
        testimony.save(update_fields=["subject_birth_date"])


def dates_to_years(apps, schema_editor):
    # Going back keeps the earliest year: every stored date starts with it.
    Testimony = apps.get_model("people", "Testimony")
    for testimony in Testimony.objects.exclude(subject_birth_date=None).only("subject_birth_date"):
        testimony.subject_birth_year = int(str(testimony.subject_birth_date)[:4])
        testimony.save(update_fields=["subject_birth_year"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0026_text_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="testimony",
            name="subject_birth_date",
            field=memorial.base.fields.PartialDateField(
                help_text=(
                    "As much as you know, as you would write it: 1898; about 1895; "
                    "March 1901; 5 September 1898; the 1890s."
                ),
                verbose_name="year or date of birth",
            ),
        ),
        migrations.RunPython(years_to_dates, dates_to_years, elidable=False),
        migrations.RemoveField(model_name="testimony", name="subject_birth_year"),
        migrations.AddConstraint(
            model_name="testimony",
            constraint=models.CheckConstraint(
                condition=models.Q(("subject_birth_date__isnull", True))
                | models.Q(("subject_birth_date__gte", "1800"), ("subject_birth_date__lt", "2100")),
                name="testimony_subject_birth_date_year_range",
                violation_error_message="The year is outside 1800–2099.",
            ),
        ),
    ]
