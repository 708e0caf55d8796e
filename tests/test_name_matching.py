"""Finding a person whatever way the name is spelled, measured on the evaluation set."""

import pytest
from django.db import connection  # noqa: F401 - read by skipif

from memorial.bench.evaluation import create_people, evaluate
from people.matching import readings, skeleton, surname_stem
from people.models import NameVariant, Person
from people.search import find_people
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("spellings", "stem"),
    [
        (
            [
                "Байтұрсынұлы",
                "Байтурсынов",
                "Baitursynov",
                "Baiturssynov",
                "Bajtursynov",
                "Baitursynuly",
                "Baitursynow",
            ],
            "baitursin",
        ),
        (["Жұмабаев", "Жумабаев", "Zhumabayev", "Zhumabaev", "Žumabaev", "Jumabaev"], "zhumaba"),
        (["Дулатұлы", "Дулатов", "Dulatuly", "Dulatov", "Dulatow"], "dulat"),
        (["Цой", "Tsoi", "Tsoy", "Choi", "Coj"], "tso"),
        (["Шмидт", "Shmidt", "Schmidt", "Šmidt"], "shmidt"),
        (["Щербаков", "Shcherbakov", "Ščerbakov", "Schtscherbakow"], "sherbak"),
    ],
)
def test_every_spelling_of_a_surname_meets_at_one_stem(spellings, stem):
    for spelling in spellings:
        assert surname_stem(spelling) == stem, spelling


def test_ambiguous_latin_letters_are_read_every_way():
    assert skeleton("Jakowlew") != skeleton("Яковлев")
    assert skeleton("Яковлев") in readings("Jakowlew")
    assert skeleton("Хасан") in readings("Chassan")
    assert skeleton("Зелимхан") in readings("Selimchan")
    assert skeleton("Цокаев") in readings("Zokajew")
    assert skeleton("Жуков") in readings("Shukow")


def make_evaluation_set():
    return create_people()[0]


def test_the_evaluation_set_is_found_well_enough():
    ids = make_evaluation_set()
    people = Person.objects.all()
    figures = evaluate(lambda query: find_people(people, query, limit=10), ids, people.count())
    assert figures.cases >= 150 and figures.people >= 200
    kinds = set(figures.by_kind)
    for kind in [
        "kazakh",
        "russian",
        "kazakh_latin",
        "bgn",
        "iso9",
        "german",
        "korean",
        "english",
        "informal",
        "patronymic",
        "given_first",
        "initials",
        "ending",
        "letter_missing",
        "letter_wrong",
        "doubled",
    ]:
        assert kind in kinds
    assert figures.recall_at_10 >= 0.95, figures.misses
    assert figures.first >= 0.85


def test_the_exact_name_comes_first_then_variants_then_near_spellings():
    near = make_person(surname="Baitursunov", given_name="Akhmet")
    by_variant = make_person(surname="Байтурсынов", given_name="Ахмет")
    NameVariant.objects.create(
        person=by_variant, surname="Baitursynov", given_name="Akhmet", kind="latin", script="latn"
    )
    by_stem = make_person(surname="Байтұрсынұлы", given_name="Ахмет")
    exact = make_person(surname="Baitursynov", given_name="Akhmet")
    found = find_people(Person.objects.all(), "Baitursynov Akhmet")
    assert found == [exact.pk, by_variant.pk, by_stem.pk, near.pk]


def test_a_birth_year_filter_narrows_and_says_what_it_left_out(client):
    make_person(surname="Сейфуллин", given_name="Сакен", birth_date="1894")
    make_person(surname="Сейфуллин", given_name="Сакен", birth_date="1920")
    make_person(surname="Сейфуллин", given_name="Сакен")
    response = client.get("/en/people/", {"q": "Seifullin", "born_from": 1890, "born_to": 1900})
    page = response.content.decode()
    assert response.context["paginator"].count == 1
    assert "2 more people have this name but were born in other years" in page
    assert "Show them too" in page


def test_a_place_filter_narrows_and_says_what_it_left_out(client):
    make_person(surname="Сейфуллин", birth_place="Karaganda")
    make_person(surname="Сейфуллин", birth_place="Akmolinsk")
    response = client.get("/en/people/", {"q": "Seifullin", "place": "Karaganda"})
    assert response.context["paginator"].count == 1
    assert "1 more person has this name but was born in other years or another place" in (
        response.content.decode()
    )


def test_a_very_common_name_says_more_than_a_thousand(client, monkeypatch):
    monkeypatch.setattr("people.search.RESULT_LIMIT", 3)
    monkeypatch.setattr("people.search.find_people.__defaults__", (3,))
    for number in range(4):
        make_person(surname="Иванов", given_name=f"Иван{number}")
    page = client.get("/en/people/", {"q": "Ivanov"}).content.decode()
    assert "More than 1,000 names found" in page


def test_a_search_sorted_by_year_still_searches(client):
    make_person(surname="Иванов", birth_date="1900")
    make_person(surname="Иванов", birth_date="1890")
    make_person(surname="Петров", birth_date="1880")
    response = client.get("/en/people/", {"q": "Ivanov", "sort": "born"})
    years = [str(person.birth_date) for person in response.context["page_obj"].object_list]
    assert years == ["1890", "1900"]


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="compares PostgreSQL's index with Python"
)
def test_the_trigram_index_finds_the_same_near_spellings_as_python():
    from memorial.bench.evaluation import CASES
    from people.matching import Query
    from people.search import similar_stems

    make_evaluation_set()
    for query, _, _ in CASES:
        stems = Query.parse(query).all_stems
        assert set(similar_stems(stems, use_index=True)) == set(
            similar_stems(stems, use_index=False)
        ), query
