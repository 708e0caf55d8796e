"""Finding a name: across scripts, with filters, by letter, sorted, and helped when empty."""

import pytest

from memorial.base.models import Status
from people.models import NameVariant, Person
from people.search import find_people
from tests.factories import (
    make_camp,
    make_case,
    make_deportation,
    make_deportation_record,
    make_imprisonment,
    make_media,
    make_person,
)

pytestmark = pytest.mark.django_db


def names_on(client, **params):
    response = client.get("/en/people/", params)
    assert response.status_code == 200
    return [person.surname for person in response.context["page_obj"].object_list]


@pytest.fixture
def baitursynov():
    person = make_person(surname="Байтурсынов", given_name="Ахмет", birth_date="1872")
    for surname, kind, script in [
        ("Байтұрсынұлы", "kazakh", "cyrl"),
        ("Baiturssynov", "spelling", "latn"),
    ]:
        NameVariant.objects.create(
            person=person, surname=surname, given_name="Ахмет", kind=kind, script=script
        )
    return person


@pytest.mark.parametrize(
    "query",
    [
        "Байтурсынов",
        "байтұрсынұлы",
        "Baitursynov",
        "Baiturssynov",
        "Bajtursynov",
        "BAITURSYNULY",
        "A. Baitursynov",
        "Ахмет Байтурсынов",
        "Akhmet Baitursynov",
        "Ahmet Baitursynov",
    ],
)
def test_a_name_is_found_in_either_script_and_in_plain_transliterations(client, baitursynov, query):
    make_person(surname="Сейфуллин", given_name="Сакен")
    assert names_on(client, q=query) == ["Байтурсынов"]


def test_name_keys_follow_changes_to_the_variants(baitursynov):
    variant = baitursynov.name_variants.get(surname="Baiturssynov")
    variant.surname = "Kenesary"
    variant.save()
    assert find_people(Person.objects.all(), "Kenesary") == [baitursynov.pk]
    variant.delete()
    assert find_people(Person.objects.all(), "Kenesary") == []


def test_filters_narrow_the_list(client):
    karlag, steplag = make_camp(name="Karlag"), make_camp(name="Steplag")
    koreans = make_deportation(title="Koreans")
    make_deportation(title="Germans")
    shot = make_person(
        surname="Shot", birth_date="1890", fate="shot", nationality="Kazakh", birth_place="Turgai"
    )
    make_case(shot, sentence_kind="death", is_rehabilitated=True, rehabilitation_date="1958")
    make_imprisonment(shot, karlag)
    camp = make_person(
        surname="Camp",
        birth_date="1905",
        fate="released",
        nationality="Russian",
        residence="Karaganda",
    )
    make_case(camp, sentence_kind="camp")
    make_imprisonment(camp, steplag)
    make_media(camp, kind="photo")
    deported = make_person(surname="Deported", birth_date="c. 1920", nationality="Korean")
    make_deportation_record(deported, koreans)

    assert names_on(client, born_from=1900) == ["Camp", "Deported"]
    assert names_on(client, born_to=1899) == ["Shot"]
    assert names_on(client, born_from=1900, born_to=1910) == ["Camp"]
    assert names_on(client, nationality="kazakh") == ["Shot"]
    assert names_on(client, place="Karaganda") == ["Camp"]
    assert names_on(client, place="Turgai") == ["Shot"]
    assert names_on(client, camp=karlag.pk) == ["Shot"]
    assert names_on(client, deportation=koreans.pk) == ["Deported"]
    assert names_on(client, fate="released") == ["Camp"]
    assert names_on(client, sentence="death") == ["Shot"]
    assert names_on(client, rehabilitated="yes") == ["Shot"]
    assert names_on(client, rehabilitated="no") == ["Camp", "Deported"]
    assert names_on(client, has_photo="on") == ["Camp"]
    assert names_on(client, fate="shot", camp=steplag.pk) == []


def test_sentencing_body_filter(client):
    from people.models import Authority

    troika = Authority.objects.get(name="NKVD troika")
    make_case(make_person(surname="ByTroika"), sentencing_body=troika)
    make_case(make_person(surname="Other"))
    assert names_on(client, sentenced_by=troika.pk) == ["ByTroika"]


def test_alphabetical_index_in_cyrillic_and_latin(client):
    for surname in ["Әбенов", "Абаев", "Baker", "Жансүгіров"]:
        make_person(surname=surname)
    assert names_on(client, letter="Ә") == ["Әбенов"]
    assert names_on(client, letter="А") == ["Абаев"]
    assert names_on(client, letter="B") == ["Baker"]
    page = client.get("/en/people/").content.decode()
    for letter in ["Ә", "Ғ", "Қ", "Ң", "Ө", "Ұ", "Ү", "Һ", "І", "Щ", "Z"]:
        assert f">{letter}</a>" in page


def test_a_letter_keeps_the_filters_chosen_and_starts_at_the_first_page(client):
    make_person(surname="Абаев", fate="shot")
    page = client.get("/en/people/", {"fate": "shot", "letter": "Б", "page": "1"})
    bar = page.content.decode().split('<nav class="alphabet"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="?fate=shot&amp;letter=%D0%90">А</a>' in bar
    assert '<a href="?fate=shot&amp;letter=%D0%91" aria-current="true">Б</a>' in bar
    assert "page=" not in bar


def test_the_filters_show_what_was_chosen(client):
    shot = client.get("/en/people/", {"fate": "shot", "sort": "born"}).content.decode()
    assert '<option value="shot" selected>shot</option>' in shot
    assert '<option value="born" selected>year of birth, earliest first</option>' in shot
    assert '<select name="fate" id="id_fate">' in shot
    unknown = client.get("/en/people/", {"camp": "12345"}).content.decode()
    # The field points at its error, which a screen reader then reads with it.
    assert '<select name="camp" aria-describedby="id_camp_error" aria-invalid="true"' in unknown
    assert '<p class="error" id="id_camp_error">Select a valid choice.' in unknown


def test_the_letter_bar_says_it_indexes_the_surname_as_recorded(client):
    # Recorded in Latin letters, shown on /ru/ in its Russian form: under Z, not Д.
    person = make_person(surname="Zhansugurov", given_name="Ilyas")
    person.name_variants.create(
        surname="Джансугуров", given_name="Ильяс", kind="russian", script="cyrl"
    )
    page = client.get("/ru/people/", {"letter": "Z"}).content.decode()
    assert "Джансугуров" in page
    assert not client.get("/ru/people/", {"letter": "Д"}).context["page_obj"].object_list
    bar = page.split('<nav class="alphabet"', 1)[1]
    assert 'id="alphabet-label">Фамилии как в записи, по первой букве</p>' in bar
    # The sentence on the order follows the bar at once.
    after = bar.split("</nav>", 1)[1].lstrip()
    assert after.startswith('<p class="sort-note">')
    kazakh = client.get("/kk/people/").content.decode()
    assert "Жазбадағы тегі, бірінші әрпі бойынша" in kazakh


def test_sort_options(client):
    make_person(surname="B", birth_date="1900")
    make_person(surname="A", birth_date="1910")
    make_person(surname="C")
    assert names_on(client) == ["A", "B", "C"]
    assert names_on(client, sort="-name") == ["C", "B", "A"]
    assert names_on(client, sort="born") == ["B", "A", "C"]
    assert names_on(client, sort="-born") == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"born_from": "abc"}, "Enter a whole number."),
        ({"born_from": "1066"}, "greater than or equal to 1800"),
        ({"born_to": "99999"}, "less than or equal to 2099"),
        ({"camp": "999999"}, "Select a valid choice."),
        ({"fate": "drowned"}, "Select a valid choice."),
        ({"sort": "surname; DROP TABLE"}, "Select a valid choice."),
    ],
)
def test_bad_filter_values_are_explained_and_kept(client, params, message):
    make_person()
    response = client.get("/en/people/", params)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Please correct the filters marked below." in page
    assert response.context["page_obj"].paginator.count == 0


def test_every_filter_combination_has_a_shareable_address(client):
    make_person(surname="Shot", fate="shot")
    for number in range(30):
        make_person(surname=f"Other{number:02d}", fate="shot")
    page = client.get("/en/people/", {"fate": "shot", "sort": "-name"}).content.decode()
    assert 'href="?fate=shot&amp;sort=-name&amp;page=2"' in page


def test_an_empty_result_suggests_other_spellings(client):
    make_person()
    page = client.get("/en/people/", {"q": "Байтурсынов Ахмет"}).content.decode()
    assert "0 names found" in page
    assert "Baitursynov Akhmet" in page  # the Latin spelling to try
    assert "Байтурсынов</a>" in page  # the surname alone


def test_drafts_are_never_found(client, baitursynov):
    baitursynov.status = Status.DRAFT
    baitursynov.save()
    assert names_on(client, q="Baitursynov") == []
