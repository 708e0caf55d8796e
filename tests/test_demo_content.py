"""The demo content says what the seed article says, cites it, and loads once."""

from io import StringIO

import pytest
from django.core.management import call_command

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.base.models import Citation, Source
from people.models import Person

pytestmark = pytest.mark.django_db


def load(*args):
    output = StringIO()
    call_command("load_demo", *args, stdout=output)
    return output.getvalue()


def test_demo_content_holds_the_camps_the_site_the_peoples_and_the_people_of_the_seed():
    load()
    assert sorted(Camp.objects.published().values_list("name", flat=True)) == [
        "ALZHIR",
        "Karlag",
        "Steplag",
    ]
    assert BurialSite.objects.published().get().name == "Zhanalyk"
    assert DeportedPeople.objects.published().count() == 11
    assert Person.objects.published().count() == 9
    buried = Person.objects.filter(burial_site__name="Zhanalyk")
    assert sorted(buried.values_list("surname", flat=True)) == [
        "Asfendiyarov",
        "Baiturssynov",
        "Mailin",
        "Seifullin",
        "Zhansugurov",
        "Zhumabayev",
    ]


def test_every_demo_record_cites_the_seed_article():
    load()
    seed = Source.objects.get()
    assert seed.publisher == "Kazinform" and str(seed.date) == "2016-05-31"
    for model in [Camp, BurialSite, DeportedPeople, Deportation, Person]:
        for record in model.objects.all():
            assert Citation.objects.filter(
                source=seed, object_id=record.pk, content_type__model=model._meta.model_name
            ).exists(), record


def test_no_date_is_invented_where_the_seed_gives_none():
    load()
    for person in Person.objects.all():
        assert person.birth_date is None and person.death_date is None
        assert not person.cases.exists()
        assert person.fate == ""  # the article does not say how each one died
    for camp in Camp.objects.all():
        assert camp.opened is None and camp.closed is None
    autumn = Deportation.objects.get(slug="autumn-1937")
    assert autumn.start.display() == "autumn 1937"
    wartime = Deportation.objects.get(slug="great-patriotic-war")
    assert wartime.figures.get().value == 1_200_000


def test_the_seed_spelling_of_a_name_is_kept_as_a_variant():
    load()
    baitursynov = Person.objects.get(surname="Baiturssynov")
    forms = {str(variant) for variant in baitursynov.name_variants.all()}
    assert {"Baiturssynov A.", "Байтұрсынұлы Ахмет", "Байтурсынов Ахмет"} <= forms


def test_loading_twice_changes_nothing_and_dry_run_writes_nothing():
    assert "Dry run" in load("--dry-run")
    assert not Person.objects.exists()
    load()
    assert "already loaded" in load()
    assert Person.objects.count() == 9 and Source.objects.count() == 1
