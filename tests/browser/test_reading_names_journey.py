"""Names in the reader's script, in a real browser: the list of names and a biography in kk,
ru and en, on a phone and a desktop, show the page's form of each name with the recorded one
beside it, tell namesakes apart by years, birthplace, sentence and fate, and pass axe."""

import pytest

from people.models import Person
from tests.browser.conftest import run_axe, save_screenshot
from tests.factories import make_case

pytestmark = pytest.mark.browser

WIDTHS = [(390, "phone"), (1280, "desktop")]
LANGUAGES = ["kk", "ru", "en"]

# What the list says of the test namesake, in each language.
FACTS = {
    "kk": ("1901–1938", "туған жері: Testaul", "1938 жылы атылды"),
    "ru": ("1901–1938", "место рождения: Testaul", "расстреляна в 1938 г."),
    "en": ("1901–1938", "born Testaul", "shot in 1938"),
}
# The demo's Seifullin, headed by each language's form; the English record is in Latin.
HEADINGS = {"kk": "Сейфуллин Сәкен", "ru": "Сейфуллин Сакен", "en": "Seifullin Saken"}
AS_RECORDED = {"kk": "Жазбадағы түрі:", "ru": "Как в записи:", "en": "As recorded:"}
# The demo's Karlag prisoner, whose sex is not recorded, was shot.
SHOT = {"kk": "атылды", "ru": "расстрелян(а)", "en": "shot"}


@pytest.fixture
def namesakes(demo):
    """Two made-up namesakes recorded in Cyrillic (test records only), one with a sentence
    and a fate, so that the list has something to tell them apart by."""
    first = Person.objects.create(
        surname="Тестова", given_name="Айгуль", sex="f", birth_date="1901",
        death_date="1938", birth_place="Testaul", fate="shot", status="published",
    )  # fmt: skip
    make_case(first, arrest_date="1937", sentence_kind="camp", sentence_term_years=10)
    Person.objects.create(
        surname="Тестова", given_name="Айгуль", sex="f", birth_date="1915", status="published"
    )
    return first


@pytest.mark.parametrize(("width", "label"), WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_names_list_shows_each_languages_form_and_tells_namesakes_apart(
    page, namesakes, width, label, language
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.base_url}/{language}/people/?q=Тестова")
    cards = page.locator(".person-card")
    assert cards.count() == 2
    first = cards.filter(has_text="1901")
    facts = first.locator(".person-facts")
    assert facts.is_visible()
    for fact in FACTS[language]:
        assert fact in facts.inner_text()
    assert "1915" in cards.filter(has_not_text="1901").inner_text()
    if language == "en":
        assert first.get_by_role("link").inner_text() == "Testova Aygul"
        assert first.locator(".recorded-name").inner_text() == "as recorded: Тестова Айгуль"
    page.goto(f"{page.base_url}/{language}/people/")
    card = page.locator(".person-card", has_text=HEADINGS[language])
    assert card.get_by_role("link").inner_text() == HEADINGS[language]
    assert page.locator(".sort-note").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"wider than a {width} px screen by {overflow} px"
    assert run_axe(page) == []
    assert page.csp_violations == []
    save_screenshot(page, f"{label}-names-forms-{language}")


@pytest.mark.parametrize(("width", "label"), WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_camps_people_and_the_search_results_tell_namesakes_apart(
    page, namesakes, width, label, language
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.base_url}/{language}/camps/karlag/")
    card = page.locator(".person-card", has_text="Testprisoner")
    assert card.locator(".person-facts").inner_text() == SHOT[language]
    assert run_axe(page) == []
    page.goto(f"{page.base_url}/{language}/search/?q=Тестова")
    card = page.locator(".person-card", has_text="1901")
    assert card.locator(".person-facts").is_visible()
    assert FACTS[language][2] in card.locator(".person-facts").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"wider than a {width} px screen by {overflow} px"
    assert run_axe(page) == []
    assert page.csp_violations == []
    save_screenshot(page, f"{label}-search-forms-{language}")


@pytest.mark.parametrize(("width", "label"), WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_biography_is_headed_by_its_languages_form_with_the_recorded_name(
    page, namesakes, width, label, language
):
    page.set_viewport_size({"width": width, "height": 900})
    saken = Person.objects.get(surname="Seifullin")
    page.goto(f"{page.base_url}/{language}/people/{saken.pk}/{saken.slug}/")
    assert page.locator("h1").inner_text() == HEADINGS[language]
    recorded = page.locator(".biography-header .recorded-name")
    if language == "en":
        assert recorded.count() == 0  # the record is in Latin letters already
    else:
        assert recorded.inner_text() == f"{AS_RECORDED[language]} Seifullin Saken"
        assert recorded.is_visible()
    assert run_axe(page) == []
    save_screenshot(page, f"{label}-biography-forms-{language}")
    page.goto(f"{page.base_url}/{language}/people/{namesakes.pk}/{namesakes.slug}/")
    if language == "en":
        assert page.locator("h1").inner_text() == "Testova Aygul"
        assert page.locator(".recorded-name").inner_text() == (
            "Transliterated from Cyrillic. As recorded: Тестова Айгуль"
        )
    else:
        assert page.locator("h1").inner_text() == "Тестова Айгуль"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"wider than a {width} px screen by {overflow} px"
    assert run_axe(page) == []
    assert page.csp_violations == []
