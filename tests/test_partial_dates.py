"""Partial and approximate dates: what archivists type, what is stored, what readers see."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from memorial.base.dates import PartialDate
from people.models import Person
from tests.factories import make_person


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1890", "1890"),
        ("c. 1890", "1890~"),
        ("ca 1890", "1890~"),
        ("около 1890", "1890~"),
        ("шамамен 1890", "1890~"),
        ("~1890", "1890~"),
        ("1938-03", "1938-03"),
        ("03.1938", "1938-03"),
        ("1938-03-05", "1938-03-05"),
        ("5.03.1938", "1938-03-05"),
        ("autumn 1937", "1937-23"),
        ("осень 1937", "1937-23"),
        ("1937/1938", "1937/1938"),
        ("1937-1938", "1937/1938"),
        ("1937 – 1938", "1937/1938"),
        ("between 1937 and 1938", "1937/1938"),
        ("1937 және 1938 аралығында", "1937/1938"),
        ("между 1937 и 1938", "1937/1938"),
        ("  1890  ", "1890"),
    ],
)
def test_typed_dates_are_stored_as_edtf(typed, stored):
    assert str(PartialDate.parse(typed)) == stored


@pytest.mark.parametrize(
    "typed",
    ["1938-13", "1938-02-30", "31.02.1938", "1700", "2200", "1938/1937", "yesterday", "19", "<b>"],
)
def test_unclear_or_impossible_dates_are_refused_with_a_message(typed):
    with pytest.raises(ValidationError) as error:
        PartialDate.parse(typed)
    assert error.value.messages[0]


def test_the_error_names_what_was_typed_and_gives_examples():
    with pytest.raises(ValidationError) as error:
        PartialDate.parse("yesterday")
    assert "yesterday" in error.value.messages[0]
    assert "c. 1890" in error.value.messages[0]


@pytest.mark.parametrize(
    ("stored", "english", "russian", "kazakh"),
    [
        ("1890", "1890", "1890", "1890"),
        ("1890~", "c. 1890", "ок. 1890", "шамамен 1890"),
        ("1938-03", "March 1938", "март 1938 г.", "1938 жылғы наурыз"),
        ("1937-09-05", "Sept. 5, 1937", "5 сентября 1937 г.", "1937 жылғы 5 қыркүйек"),
        ("1938-05~", "c. May 1938", "ок. мая 1938 г.", "шамамен 1938 жылғы мамыр"),
        ("1937-23", "autumn 1937", "осень 1937 г.", "1937 жылдың күзі"),
        ("1942-24", "winter 1942", "зима 1942 г.", "1942 жылдың қысы"),
        ("1937/1938", "between 1937 and 1938", "между 1937 и 1938", "1937 және 1938 аралығында"),
        ("1880/1889", "1880s", "1880-е годы", "1880 жылдары"),
        ("1880/1888", "between 1880 and 1888", "между 1880 и 1888", "1880 және 1888 аралығында"),
        (
            "1937-09/1938-03",
            "between September 1937 and March 1938",
            "между сентябрём 1937 г. и мартом 1938 г.",
            "1937 жылғы қыркүйек және 1938 жылғы наурыз аралығында",
        ),
        (
            "1937-23/1938-21",
            "between autumn 1937 and spring 1938",
            "между осенью 1937 г. и весной 1938 г.",
            "1937 жылдың күзі және 1938 жылдың көктемі аралығында",
        ),
        (
            "1937-09-05/1938-03-03",
            "between Sept. 5, 1937 and March 3, 1938",
            "между 5 сентября 1937 г. и 3 марта 1938 г.",
            "1937 жылғы 5 қыркүйек және 1938 жылғы 3 наурыз аралығында",
        ),
    ],
)
def test_dates_are_shown_honestly_never_as_a_made_up_first_of_january(
    stored, english, russian, kazakh
):
    date = PartialDate.parse(stored)
    for language, shown in (("en", english), ("ru", russian), ("kk", kazakh)):
        with translation.override(language):
            assert date.display() == shown


def test_a_full_date_uses_the_language_date_format():
    with translation.override("en"):
        assert "1938" in PartialDate.parse("1938-03-05").display()
        assert "March" in PartialDate.parse("1938-03-05").display()


@pytest.mark.django_db
def test_a_partial_date_survives_the_database_round_trip():
    person = make_person(birth_date=PartialDate.parse("c. 1890"))
    person.refresh_from_db()
    assert person.birth_date == PartialDate(1890, approximate=True)
    assert person.birth_date.display() == "c. 1890"


@pytest.mark.django_db
def test_people_sort_by_birth_year_and_filter_by_year_range():
    born = [("A", "1905"), ("B", "1890~"), ("C", "1899-12"), ("D", "1900/1902"), ("F", "1880-е")]
    for surname, birth_date in born:
        make_person(surname=surname, birth_date=birth_date)
    make_person(surname="E")  # born: unknown
    ordered = Person.objects.exclude(birth_date=None).order_by("birth_date")
    assert [person.surname for person in ordered] == ["F", "B", "C", "D", "A"]
    nineties = Person.objects.filter(birth_date__year_from=1890, birth_date__year_to=1899)
    assert sorted(person.surname for person in nineties) == ["B", "C"]
    assert [p.surname for p in Person.objects.filter(birth_date__in_year=1900)] == ["D"]
    eighties = Person.objects.filter(birth_date__year_from=1880, birth_date__year_to=1889)
    assert [person.surname for person in eighties] == ["F"]
    assert Person.objects.get(surname="F").birth_date.display() == "1880s"


@pytest.mark.django_db
def test_a_non_numeric_year_in_a_filter_is_a_validation_error_not_a_crash():
    with pytest.raises(ValidationError):
        list(Person.objects.filter(birth_date__year_from="abc"))


@pytest.mark.django_db
def test_the_database_refuses_a_death_before_birth():
    person = make_person(birth_date="1890")
    Person.objects.filter(pk=person.pk).update(death_date="1937")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(death_date="1880")


@pytest.mark.django_db
def test_the_database_refuses_a_year_out_of_range_whatever_writes_it():
    person = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(birth_date="1066")


@pytest.mark.django_db
def test_model_validation_explains_an_end_before_its_start():
    person = make_person(birth_date="1900")
    person.death_date = PartialDate.parse("1890")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "before" in str(error.value)
