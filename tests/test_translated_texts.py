"""Every narrative text exists in Kazakh, Russian and English; a missing one falls back to a
language that has it, with a visible note."""

import pytest
from django.utils import translation

from memorial.base.translation import detect_language, missing_languages, waiting_for
from people.models import Person
from tests.factories import make_camp, make_person

pytestmark = pytest.mark.django_db


def test_a_biography_only_in_russian_is_shown_on_the_english_page_with_a_note(client):
    person = make_person(biography_ru="<p>Учитель в Акмолинске.</p>")
    page = client.get(f"/en{person.get_absolute_url()[3:]}").content.decode()
    assert (
        "Not yet translated into English. Shown in the language it was written in: Russian." in page
    )
    assert '<div lang="ru"><p>Учитель в Акмолинске.</p></div>' in page


def test_each_language_shows_its_own_version_without_a_note(client):
    person = make_person(biography_ru="<p>Учитель.</p>", biography_kk="<p>Мұғалім.</p>")
    address = person.get_absolute_url()[3:]
    kazakh = client.get(f"/kk{address}").content.decode()
    assert "<p>Мұғалім.</p>" in kazakh and "translation-note" not in kazakh
    russian = client.get(f"/ru{address}").content.decode()
    assert "<p>Учитель.</p>" in russian and "translation-note" not in russian


def test_a_camp_history_falls_back_too(client):
    camp = make_camp(description_kk="<p>Қарағанды лагері.</p>")
    with translation.override("ru"):
        page = client.get(camp.get_absolute_url()).content.decode()
    assert 'lang="kk"' in page and "translation-note" in page


def test_the_records_waiting_for_a_translation_are_found():
    waiting = make_person(biography_ru="<p>Учитель.</p>")
    make_person(biography_ru="<p>Учитель.</p>", biography_en="<p>Teacher.</p>",
                biography_kk="<p>Мұғалім.</p>")  # fmt: skip
    make_person()  # no text at all: nothing to translate
    assert list(Person.objects.filter(waiting_for(Person, "en"))) == [waiting]
    assert missing_languages(waiting) == ["kk", "en"]


@pytest.mark.parametrize(
    "text, language",
    [
        ("<p>Мұғалім болған.</p>", "kk"),
        ("<p>Ақмола облысында дүниеге келген, мұғалім болған.</p>", "kk"),
        ("<p>Был учителем.</p>", "ru"),
        ("<p>Учился вместе с Ахметом Байтұрсынұлы в Оренбурге, затем преподавал.</p>", "ru"),
        ("<p>A teacher.</p>", "en"),
        ("<p>A teacher, recorded in the file as Учитель Иванов.</p>", "en"),
    ],
)
def test_texts_written_before_three_columns_go_to_their_language(text, language):
    assert detect_language(text) == language
