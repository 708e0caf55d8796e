"""Named query sets load what their pages show in a fixed number of queries."""

import pytest

from people.models import Person, load_sparse_relations
from tests.factories import (
    make_burial_site,
    make_camp,
    make_case,
    make_citation,
    make_deportation,
    make_deportation_record,
    make_imprisonment,
    make_media,
    make_person,
)

pytestmark = pytest.mark.django_db


def make_people_with_everything(count):
    camp, site, deportation = make_camp(), make_burial_site(), make_deportation()
    for number in range(count):
        person = make_person(surname=f"P{number}", burial_site=site)
        person.name_variants.create(surname=f"V{number}", kind="latin", script="latn")
        make_case(person, arrest_date="1937").articles.set([1, 2])
        make_imprisonment(person, camp)
        make_deportation_record(person, deportation)
        make_citation(person)
        make_media(person, is_portrait=True)


def test_for_listing_loads_names_burial_sites_and_portraits_in_two_queries(
    django_assert_num_queries,
):
    make_people_with_everything(8)
    with django_assert_num_queries(2):
        rows = [
            (person.full_name, person.burial_site.name, person.portrait.alt_text)
            for person in Person.objects.for_listing()
        ]
    assert len(rows) == 8


def test_for_biography_loads_a_whole_life_in_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    make_people_with_everything(8)
    with django_assert_max_num_queries(10):
        people = list(Person.objects.for_biography())
        load_sparse_relations(people)
        for person in people:
            [str(variant) for variant in person.name_variants.all()]
            for case in person.cases.all():
                [article.code for article in case.articles.all()]
                str(case.sentencing_body)
            [imprisonment.camp.name for imprisonment in person.imprisonments.all()]
            [record.deportation.title for record in person.deportation_records.all()]
            [citation.source.title for citation in person.citations.all()]
            assert person.portrait is not None
            assert person.burial_site is not None


def test_a_biography_asks_only_for_the_relations_a_person_has(django_assert_num_queries):
    make_people_with_everything(1)
    plain = make_person(surname="Plain")
    plain.name_variants.create(surname="Plein", kind="latin", script="latn")
    # The person with their variants and (no) arrests; nothing is asked of camps, photos,
    # sources, deportations or testimony, which the person has none of.
    with django_assert_num_queries(3):
        person = Person.objects.for_biography().get(pk=plain.pk)
        load_sparse_relations([person])
        assert [variant.surname for variant in person.name_variants.all()] == ["Plein"]
        assert not person.imprisonments.all() and not person.deportation_records.all()
        assert not person.citations.all() and not person.media.all()
        assert person.published_testimonies == [] and person.portrait is None
        assert person.sources_cited == []


def test_a_list_of_people_reads_every_sparse_relation_without_asking_again(
    django_assert_num_queries,
):
    make_people_with_everything(1)
    make_person(surname="Plain")
    people = list(Person.objects.for_biography().order_by("surname"))
    load_sparse_relations(people)
    full, plain = people
    with django_assert_num_queries(0):
        assert [len(person.imprisonments.all()) for person in people] == [1, 0]
        assert [len(person.deportation_records.all()) for person in people] == [1, 0]
        assert [len(person.citations.all()) for person in people] == [1, 0]
        assert [len(person.media.all()) for person in people] == [1, 0]
        assert full.portrait is not None and plain.portrait is None
        assert plain.published_testimonies == [] and plain.sources_cited == []


def test_a_biography_without_family_sets_its_empty_family_without_a_prefetch(monkeypatch):
    """An empty prefetch costs about a millisecond of CPU each (docs/benchmarks.md): the
    relations kept as lists of their own are set empty directly."""
    from people.models import biography

    person = Person.objects.for_biography().get(pk=make_person().pk)
    calls = []
    monkeypatch.setattr(
        biography, "prefetch_related_objects", lambda people, *lookups: calls.extend(lookups)
    )
    load_sparse_relations([person])
    kept_as_lists = [
        lookup for lookup, _sql in biography.sparse_relations().values() if lookup.to_attr
    ]
    assert len(kept_as_lists) >= 4
    assert len(calls) == len(biography.sparse_relations()) - len(kept_as_lists)
    assert person.published_relationships_as_first == []
    assert person.published_family_member_cases == []
