"""Names in the reader's script: each page shows a person under the form of the name that
fits its language, with the recorded name beside it, and every list tells namesakes apart by
their years, birthplace, sentence and fate, for no query more."""

import html
import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from memorial.base import page_cache
from memorial.base.romanization import romanize
from people.merging import people_merge
from people.models import NameVariant, Person
from people.reading_names import shown_name
from tests.factories import make_camp, make_case, make_imprisonment, make_person

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def baitursynov(**fields):
    """A man recorded in Russian, with a Kazakh and a Latin form of his name."""
    person = make_person(surname="Байтурсынов", given_name="Ахмет", sex="m", **fields)
    person.name_variants.create(
        surname="Байтұрсынұлы", given_name="Ахмет", kind="kazakh", script="cyrl"
    )
    person.name_variants.create(
        surname="Baitursynuly", given_name="Akhmet", kind="latin", script="latn"
    )
    person.refresh_from_db()
    return person


def page(client, person, language):
    with translation.override(language):
        address = person.get_absolute_url()
    response = client.get(address)
    assert response.status_code == 200, address
    return html.unescape(response.content.decode())


def names_list(client, language, query=""):
    response = client.get(f"/{language}/people/{query}")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def heading(text):
    return re.search(r"<h1>(.*?)</h1>", text)[1]


# Which form each language shows


def test_each_language_shows_its_own_form_of_the_name():
    person = baitursynov()
    assert shown_name(person, "kk").text == "Байтұрсынұлы Ахмет"
    assert shown_name(person, "ru").text == "Байтурсынов Ахмет"
    assert shown_name(person, "ru").is_recorded
    assert shown_name(person, "en").text == "Baitursynuly Akhmet"
    assert shown_name(person, "en").form == "latin"
    with translation.override("kk"):
        assert person.display_name == "Байтұрсынұлы Ахмет"


def test_english_romanizes_a_cyrillic_name_and_says_so():
    person = make_person(surname="Жұмабаев", given_name="Мағжан")
    shown = shown_name(person, "en")
    assert (shown.text, shown.is_romanized) == ("Zhumabayev Maghzhan", True)
    # Without a form of their own, the Kazakh and Russian pages show the recorded name.
    assert shown_name(person, "kk").is_recorded and shown_name(person, "ru").is_recorded


def test_a_sources_own_latin_spelling_comes_before_a_transliteration():
    person = make_person(surname="Абаев", given_name="Искак")
    person.name_variants.create(surname="Абаіұлы", given_name="Ысқақ", kind="kazakh", script="cyrl")
    person.name_variants.create(
        surname="Abaiov", given_name="Iskak", kind="spelling", script="latn"
    )
    person.refresh_from_db()
    assert (shown_name(person, "en").text, shown_name(person, "en").form) == (
        "Abaiov Iskak",
        "latin",
    )
    # A transliteration recorded as such, entered later, still heads the English page.
    person.name_variants.create(surname="Abayev", given_name="Iskak", kind="latin", script="latn")
    person.refresh_from_db()
    assert shown_name(person, "en").text == "Abayev Iskak"


def test_a_latin_recorded_name_gives_way_to_a_cyrillic_form_on_cyrillic_pages():
    person = make_person(surname="Seifullin", given_name="Saken")
    person.name_variants.create(
        surname="Сейфуллин", given_name="Сакен", kind="russian", script="cyrl"
    )
    person.refresh_from_db()
    assert shown_name(person, "ru").text == "Сейфуллин Сакен"
    assert shown_name(person, "kk").text == "Сейфуллин Сакен"  # no Kazakh form recorded
    assert shown_name(person, "en").is_recorded  # Latin already: nothing to romanize


def test_a_name_recorded_in_latin_letters_heads_the_english_page_as_recorded():
    person = make_person(surname="Baiturssynov", given_name="Akhmet")
    person.name_variants.create(
        surname="Baitursynuly", given_name="Akhmet", kind="latin", script="latn"
    )
    person.refresh_from_db()
    assert person.latin_name == "Baitursynuly Akhmet"
    shown = shown_name(person, "en")  # the source's own spelling, not the variant's
    assert (shown.text, shown.form) == ("Baiturssynov Akhmet", "recorded")


def test_a_variant_of_the_surname_alone_is_no_heading():
    person = make_person(surname="Байтурсынов", given_name="Ахмет")
    person.name_variants.create(surname="Baitursynuly", kind="latin", script="latn")
    person.refresh_from_db()
    assert person.latin_name == ""
    assert shown_name(person, "en").text == "Baytursynov Akhmet"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Сейфуллин Сәкен", "Seyfullin Saken"),
        ("Ержанов", "Yerzhanov"),
        ("Щербаков", "Shcherbakov"),
        ("Қонаев", "Qonayev"),
        ("Хрущёв", "Khrushchov"),
        ("ЦОЙ Виктор", "TSOY Viktor"),
        ("Smith", "Smith"),
    ],
)
def test_romanization_follows_bgn_pcgn_without_diacritics(cyrillic, latin):
    assert romanize(cyrillic) == latin


# The forms follow the variants


def test_the_forms_follow_a_variant_saved_changed_and_deleted():
    person = make_person(surname="Бокейханов", given_name="Алихан")
    variant = NameVariant.objects.create(
        person=person, surname="Бөкейханов", given_name="Әлихан", kind="kazakh", script="cyrl"
    )
    person.refresh_from_db()
    assert person.kazakh_name == "Бөкейханов Әлихан"
    variant.given_name = "Әлихан Нұрмұхамедұлы"
    variant.save()
    person.refresh_from_db()
    assert person.kazakh_name == "Бөкейханов Әлихан Нұрмұхамедұлы"
    variant.delete()
    person.refresh_from_db()
    assert person.kazakh_name == "" and shown_name(person, "kk").is_recorded
    person.save()  # saving the person keeps them too
    assert Person.objects.get(pk=person.pk).kazakh_name == ""


def test_a_merge_keeps_the_forms_of_both_records():
    keep = make_person(surname="Дулатов", given_name="Миржакып")
    remove = make_person(surname="Дулатов", given_name="Мир-Якуб")
    remove.name_variants.create(
        surname="Дулатұлы", given_name="Міржақып", kind="kazakh", script="cyrl"
    )
    people_merge(keep=keep, remove=remove, user=User.objects.create_user("archivist"))
    keep.refresh_from_db()
    assert shown_name(keep, "kk").text == "Дулатұлы Міржақып"


def test_the_demo_biographies_are_headed_in_each_languages_form(client):
    call_command("load_demo", verbosity=0)
    saken = Person.objects.get(surname="Seifullin")
    assert heading(page(client, saken, "ru")) == "Сейфуллин Сакен"
    assert heading(page(client, saken, "kk")) == "Сейфуллин Сәкен"
    for person in Person.objects.exclude(kazakh_name=""):
        text = page(client, person, "kk")
        assert heading(text) == person.kazakh_name
        assert f"Жазбадағы түрі:</span> <span>{person.full_name}</span>" in text


# The biography


def test_the_biography_shows_the_recorded_name_under_another_form(client):
    person = baitursynov()
    text = page(client, person, "kk")
    assert heading(text) == "Байтұрсынұлы Ахмет"
    assert "<title>Байтұрсынұлы Ахмет" in text
    assert '<meta property="og:title" content="Байтұрсынұлы Ахмет">' in text
    assert "Жазбадағы түрі:</span> <span>Байтурсынов Ахмет</span>" in text
    text = page(client, person, "ru")
    assert heading(text) == "Байтурсынов Ахмет" and 'class="recorded-name"' not in text
    # The heading's form is not listed again among the other forms of the name.
    variants = text.split('class="name-variants"')[1].split("</p>")[0]
    assert "Байтұрсынұлы Ахмет" in variants and "Baitursynuly Akhmet" in variants
    assert "Байтурсынов" not in variants
    variants = page(client, person, "kk").split('class="name-variants"')[1].split("</p>")[0]
    assert "Байтұрсынұлы" not in variants


def test_a_romanized_heading_is_marked_as_a_transliteration(client):
    person = make_person(surname="Жұмабаев", given_name="Мағжан")
    text = page(client, person, "en")
    assert heading(text) == "Zhumabayev Maghzhan"
    assert "Transliterated from Cyrillic." in text
    assert "As recorded:</span> <span>Жұмабаев Мағжан</span>" in text


def test_structured_data_names_the_page_form_and_the_others_once(client):
    person = baitursynov()
    data = json.loads(LD_JSON.search(page(client, person, "kk"))[1])
    assert data["name"] == "Байтұрсынұлы Ахмет"
    assert data["alternateName"] == ["Байтурсынов Ахмет", "Baitursynuly Akhmet"]


def test_the_citation_names_the_person_in_its_language(client):
    person = baitursynov()
    assert "Байтұрсынұлы Ахмет. " in page(client, person, "kk")
    [item] = client.get(f"/api/v1/people/{person.pk}/citation?lang=en").json()
    assert item["title"] == "Baitursynuly Akhmet"


def test_the_api_gives_the_display_names_beside_the_recorded_fields(client):
    person = make_person(surname="Жұмабаев", given_name="Мағжан")
    person.name_variants.create(
        surname="Жумабаев", given_name="Магжан", kind="russian", script="cyrl"
    )
    record = client.get(f"/api/v1/people/{person.pk}").json()
    assert record["full_name"] == "Жұмабаев Мағжан"
    assert record["display_names"] == {
        "kk": {"name": "Жұмабаев Мағжан", "form": "recorded"},
        "ru": {"name": "Жумабаев Магжан", "form": "russian"},
        "en": {"name": "Zhumabayev Maghzhan", "form": "romanized"},
    }


# Lists that tell namesakes apart


def shot_man():
    person = make_person(
        surname="Сейфуллин", given_name="Сакен", sex="m", birth_date="1894",
        death_date="1938-02-25", birth_place="Karkaraly uyezd", fate="shot",
    )  # fmt: skip
    make_case(person, arrest_date="1937-09-24", sentence_date="1938-02-25", sentence_kind="death")
    return person


def camp_woman():
    person = make_person(
        surname="Сейфуллина", given_name="Гульбахрам", sex="f", birth_date="1906",
        fate="released",
    )  # fmt: skip
    make_case(person, sentence_date="1938", sentence_kind="camp", sentence_term_years=8)
    return person


@pytest.mark.parametrize(
    ("language", "his", "hers"),
    [
        (
            "en",
            "1894–1938 · born Karkaraly uyezd · shot in 1938",
            "1906–? · sentenced in 1938: corrective labour camp (ITL), 8 years · released",
        ),
        (
            "ru",
            "1894–1938 · место рождения: Karkaraly uyezd · расстрелян в 1938 г.",
            "1906–? · осуждена в 1938 г.: исправительно-трудовой лагерь (ИТЛ), 8 лет · освобождена",
        ),
        (
            "kk",
            "1894–1938 · туған жері: Karkaraly uyezd · 1938 жылы атылды",
            "1906–? · 1938 жылы сотталды:",
        ),
    ],
)
def test_each_card_tells_years_birthplace_sentence_and_fate(client, language, his, hers):
    shot_man(), camp_woman()
    text = re.sub(r"</?span>", "", names_list(client, language))
    assert his in text and hers in text


def test_an_uncertain_year_follows_a_comma_and_an_unknown_one_is_left_out():
    person = make_person(sex="f", fate="shot", death_date="1938~")
    with translation.override("ru"):
        assert Person.objects.for_listing().get(pk=person.pk).card_facts == [
            "?–ок. 1938",
            "расстреляна, ок. 1938",
        ]
    person = make_person(sex="", fate="died_in_custody")
    with translation.override("ru"):
        assert Person.objects.for_listing().get(pk=person.pk).card_facts == [
            "умер(ла) в заключении"
        ]


def test_an_acquittal_and_an_other_sentence_are_said_plainly():
    acquitted = make_person(sex="m")
    make_case(acquitted, sentence_date="1939", sentence_kind="acquitted")
    other = make_person(sex="m")
    make_case(other, sentence_date="1940", sentence_kind="other")
    with translation.override("en"):
        people = Person.objects.for_listing().in_bulk([acquitted.pk, other.pk])
        assert people[acquitted.pk].card_facts == ["acquitted or case dropped, 1939"]
        assert people[other.pk].card_facts == ["sentenced in 1940"]


def test_the_names_list_says_how_it_is_sorted(client):
    make_person()
    assert "Names are listed by the name as recorded" in names_list(client, "en")
    assert (
        "Есімдер беттегі түріне қарамастан жазбадағы түрі бойынша, тегінен бастап реттеледі."
        in names_list(client, "kk")
    )


def test_a_card_shows_the_recorded_name_beside_another_form(client):
    baitursynov()
    text = names_list(client, "kk")
    assert 'Байтұрсынұлы Ахмет</a> <span class="recorded-name">жазбадағы түрі: ' in text


def listing_queries(client, url):
    cache.clear()
    page_cache.reset()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_people(camp, count, start=0):
    for number in range(start, start + count):
        person = make_person(
            surname=f"Сейфуллин{number:02}", sex="m", birth_date="1894", fate="shot",
            death_date="1938", birth_place="Karkaraly uyezd",
        )  # fmt: skip
        person.name_variants.create(surname=f"Seifullin{number:02}", kind="latin", script="latn")
        make_case(person, arrest_date="1937", sentence_kind="camp", sentence_term_years=10)
        make_case(person, arrest_date="1938", sentence_kind="death")
        make_imprisonment(person, camp)


def test_a_page_of_thirty_people_with_cases_costs_the_queries_of_three(client):
    camp = make_camp(slug="karlag")
    add_people(camp, 3)
    urls = ["/en/people/", "/ru/people/?q=Сейфуллин", f"/en/camps/{camp.slug}/", "/en/"]
    for url in urls:
        listing_queries(client, url)  # the first request fills caches every later one reads
    with_three = {url: listing_queries(client, url) for url in urls}
    add_people(camp, 27, start=3)
    for url in urls:
        assert listing_queries(client, url) == with_three[url], url
    text = names_list(client, "en")
    # The first sentence, undated: the year of the arrest is not the year of the sentence.
    facts = "sentenced: corrective labour camp (ITL), 10 years</span> · <span>shot in 1938"
    assert text.count(facts) == 25
