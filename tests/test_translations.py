"""The portal and its admin speak Kazakh, Russian and English."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.factories import make_person

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalog = read_po(handle, locale=language)
    missing = [
        message.id
        for message in catalog
        if message.id
        and (
            "fuzzy" in message.flags
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("kk", ["Есімдер", "Жер аударылған халықтар"]),
        ("ru", ["Имена", "Депортированные народы"]),
        ("en", ["Names", "Deported peoples"]),
    ],
)
def test_public_pages_are_in_the_language_of_their_address(client, language, words):
    make_person()
    page = client.get(f"/{language}/people/").content.decode()
    for word in words:
        assert word in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "word"), [("kk", "Адамдар"), ("ru", "Люди"), ("en", "People")]
)
def test_the_admin_speaks_the_archivists_language(admin_client, language, word):
    page = admin_client.get("/admin/", headers={"accept-language": language}).content.decode()
    assert word in page


@pytest.mark.django_db
def test_the_language_switcher_keeps_the_visitor_on_the_same_page(client):
    person = make_person()
    response = client.post("/i18n/setlang/", {"language": "ru", "next": person.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url().replace("/en/", "/ru/", 1)
