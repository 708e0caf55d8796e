"""The card each list of people draws per person, as a visitor reads it."""

import re

import pytest
from django.utils import translation

from people.models import Person
from people.templatetags.person_cards import person_cards
from tests.factories import make_media, make_person

pytestmark = pytest.mark.django_db


def cards(*people):
    with translation.override("en"):
        return str(person_cards(people))


def test_card_links_the_name_and_lists_the_facts_in_order():
    person = make_person(
        surname="Schmidt", given_name="Ivan", birth_date="1899", birth_place="Saratov", fate="shot"
    )
    person.refresh_from_db()
    html = cards(person)
    assert html.count('<li class="person-card">') == 1
    assert f'<a href="{person.get_absolute_url()}">Schmidt Ivan</a>' in html
    facts = re.search(r'<span class="person-facts">(.*?)</span></li>', html).group(1)
    assert facts.startswith("<span>1899") and "<span>born Saratov</span>" in facts
    assert facts.count("</span> · <span>") == facts.count("<span>") - 1
    assert "recorded-name" not in html


def test_card_says_how_the_name_was_recorded_when_it_shows_another_form():
    person = make_person(surname="Байтурсынов", given_name="Ахмет")
    html = cards(person)
    assert (
        '>Baytursynov Akhmet</a> <span class="recorded-name">as recorded: Байтурсынов Ахмет</span>'
        in html
    )


def test_card_shows_the_portrait_with_its_text_alternative(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = make_person(surname="Schmidt")
    make_media(person, is_portrait=True, alt_text_en='Ivan "Vanya" Schmidt, 1937')
    person = Person.objects.for_listing().get(pk=person.pk)
    html = cards(person)
    assert re.search(
        r'<img src="/media/thumbnails/[^"]+" alt="Ivan &quot;Vanya&quot; Schmidt, 1937" '
        r'width="64" loading="lazy">\n<a href=',
        html,
    )


def test_card_escapes_what_the_record_says():
    person = make_person(surname="<script>alert(1)</script>", given_name="Ivan", fate="")
    html = cards(person, make_person(surname="Second"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count('<li class="person-card">') == 2
