"""The benchmark command runs end to end on a small database and prints its tables."""

from io import StringIO

import pytest
from django.core.management import call_command

from people.models import Person

pytestmark = pytest.mark.django_db


def test_synthetic_people_are_marked_and_deleted_in_one_command():
    call_command("generate_synthetic_people", "--count", "30", stdout=StringIO(), verbosity=0)
    assert Person.objects.filter(is_synthetic=True).count() == 30
    assert Person.objects.filter(is_synthetic=True, name_variants__isnull=False).exists()
    call_command("generate_synthetic_people", "--total", "30", stdout=StringIO(), verbosity=0)
    assert Person.objects.count() == 30
    call_command("generate_synthetic_people", "--delete", stdout=StringIO(), verbosity=0)
    assert not Person.objects.exists()


def test_the_benchmark_prints_search_and_page_figures():
    call_command("generate_synthetic_people", "--count", "40", stdout=StringIO(), verbosity=0)
    output = StringIO()
    call_command("benchmark", "--queries", "8", stdout=output)
    text = output.getvalue()
    assert "| name search (matcher) |" in text
    assert "| name search (naive icontains) |" in text
    assert "| biography page (rendered, not from the cache) |" in text
    assert "| admin person changelist, searched |" in text


def test_the_import_benchmark_refuses_a_database_that_holds_people():
    from django.core.management import CommandError

    call_command("generate_synthetic_people", "--count", "1", stdout=StringIO(), verbosity=0)
    with pytest.raises(CommandError, match="empty database of its own"):
        call_command("benchmark_import", "--rows", "5", stdout=StringIO())


def synthetic_families(count, *options):
    from people.models import Relationship

    call_command(
        "generate_synthetic_people", "--count", str(count), *options, stdout=StringIO(), verbosity=0
    )
    return list(Relationship.objects.select_related("first", "second"))


def birth_year(person):
    return int(str(person.birth_date)[:4])


def test_synthetic_people_come_in_families_of_synthetic_people_only():
    relationships = synthetic_families(600)
    linked = {person.pk for row in relationships for person in (row.first, row.second)}
    # About a fifth of the people are in families, as --families 0.2 (the default) asks.
    assert 0.15 * 600 <= len(linked) <= 0.25 * 600
    assert all(row.first.is_synthetic and row.second.is_synthetic for row in relationships)
    assert {row.kind for row in relationships} == {"spouse", "parent", "sibling"}
    assert all(row.first_id != row.second_id for row in relationships)
    pairs = [(*sorted((row.first_id, row.second_id)), row.kind) for row in relationships]
    assert len(pairs) == len(set(pairs))
    for row in relationships:
        row.full_clean()  # the model's checks and constraints


def test_synthetic_families_are_possible_families():
    relationships = synthetic_families(600)
    for row in relationships:
        if row.kind == "spouse":
            assert {row.first.sex, row.second.sex} == {"m", "f"}
        if row.kind == "parent":
            assert birth_year(row.first) + 18 <= birth_year(row.second)
            assert row.first.surname[:3] == row.second.surname[:3]  # the family's surname
    parents = {}
    for row in relationships:
        if row.kind == "parent":
            parents.setdefault(row.second_id, set()).add(row.first_id)
    assert all(len(both) == 2 for both in parents.values())  # a father and a mother
    for row in relationships:
        if row.kind == "sibling":
            assert parents[row.first_id] == parents[row.second_id]
            assert birth_year(row.first) <= birth_year(row.second)  # the elder first


def test_some_synthetic_wives_were_sentenced_as_their_husbands_family_members():
    from people.models import RepressionCase

    relationships = synthetic_families(600)
    spouses = {(row.first_id, row.second_id) for row in relationships if row.kind == "spouse"}
    cases = list(RepressionCase.objects.filter(family_member_of__isnull=False))
    assert cases
    for case in cases:
        assert case.sentence_kind == "chsir"
        assert (case.family_member_of_id, case.person_id) in spouses
        case.full_clean()


def test_synthetic_families_can_be_left_out_and_are_deleted_with_the_people():
    from people.models import Relationship

    assert synthetic_families(100, "--families", "0") == []
    assert synthetic_families(100)
    call_command("generate_synthetic_people", "--delete", stdout=StringIO(), verbosity=0)
    assert not Relationship.objects.exists()
    assert not Person.objects.exists()


def test_the_benchmark_measures_biographies_with_a_family_apart():
    synthetic_families(60)
    output = StringIO()
    call_command("benchmark", "--queries", "4", "--repeats", "5", stdout=output)
    assert "| biography page with family (rendered) |" in output.getvalue()
