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
    make_story,
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
    with django_assert_num_queries(2) as captured:
        rows = [
            (person.full_name, person.burial_site.name, person.portrait.alt_text)
            for person in Person.objects.for_listing()
        ]
    assert len(rows) == 8
    # A list shows no biography, so it does not read the long texts either.
    assert not any("biography" in query["sql"] for query in captured.captured_queries)


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
            [imprisonment.camp.name for imprisonment in person.loaded("imprisonments")]
            [record.deportation.title for record in person.loaded("deportation_records")]
            [citation.source.title for citation in person.loaded("citations")]
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
        assert not person.loaded("imprisonments") and not person.loaded("deportation_records")
        assert not person.loaded("citations") and not person.loaded("media")
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
        assert [len(person.loaded("imprisonments")) for person in people] == [1, 0]
        assert [len(person.loaded("deportation_records")) for person in people] == [1, 0]
        assert [len(person.loaded("citations")) for person in people] == [1, 0]
        assert [len(person.loaded("media")) for person in people] == [1, 0]
        assert full.portrait is not None and plain.portrait is None
        assert plain.published_testimonies == [] and plain.sources_cited == []


def test_a_biography_of_someone_with_nothing_more_runs_no_prefetching(monkeypatch):
    """An empty prefetch costs about a millisecond of CPU each (docs/benchmarks.md): a
    person without camps, photos, sources or family is given empty lists directly."""
    from people.models import biography

    person = Person.objects.for_biography().get(pk=make_person().pk)
    calls = []
    monkeypatch.setattr(
        biography, "prefetch_related_objects", lambda people, *lookups: calls.extend(lookups)
    )
    load_sparse_relations([person])
    assert calls == []
    assert person.loaded("imprisonments") == [] and person.loaded("media") == []
    assert person.published_relationships_as_first == []
    assert person.published_family_member_cases == []


def test_a_biography_queryset_made_before_a_relation_was_added_still_fetches_it(monkeypatch):
    """The person's bits say how many relations were asked about: one added after the
    query set was made (stories, added from memorial.pages' ready()) is fetched, never
    taken as empty."""
    from people.models import biography

    person = make_person()
    story = make_story(people=[person])
    stories = biography.ADDED["stories"]
    monkeypatch.delitem(biography.ADDED, "stories")
    queryset = Person.objects.for_biography()  # as a view's class attribute is, early
    monkeypatch.setitem(biography.ADDED, "stories", stories)
    person = queryset.get(pk=person.pk)
    load_sparse_relations([person])
    assert person.published_stories == [story]


def test_any_finds_what_in_finds_with_one_parameter_for_any_number(
    django_assert_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, second, _third = make_person(surname="A"), make_person(surname="B"), make_person()
    wanted = [first.pk, second.pk, None]
    with CaptureQueriesContext(connection) as queries:
        found = set(Person.objects.filter(pk__any=wanted).values_list("surname", flat=True))
    assert found == {"A", "B"}
    assert set(Person.objects.filter(pk__any=wanted)) == set(Person.objects.filter(pk__in=wanted))
    if connection.vendor == "postgresql":
        assert "= ANY(" in queries.captured_queries[0]["sql"]
    with django_assert_num_queries(0):
        assert list(Person.objects.filter(pk__any=[])) == []
