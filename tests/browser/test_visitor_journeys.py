"""What a visitor does in a real browser: find a name, filter, switch language, use the map,
and do it all by keyboard, on pages that pass axe and load nothing from other hosts."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser.conftest import run_axe, save_screenshot

pytestmark = pytest.mark.browser


def test_search_for_a_name_and_open_the_biography(page, demo):
    page.goto(page.base_url + "/en/")
    page.get_by_role("searchbox", name="Search for a name").fill("Байтурсынов")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/en/people/?q=*")
    assert page.get_by_role("status").inner_text() == "1 name found"
    page.get_by_role("link", name="Baiturssynov Akhmet").click()
    assert page.locator("h1").inner_text() == "Baiturssynov Akhmet"
    assert page.get_by_role("link", name="Zhanalyk").count() >= 1


def test_apply_a_filter(page, demo):
    page.goto(page.base_url + "/en/people/")
    page.locator("summary", has_text="More filters").click()
    page.get_by_label("Camp").select_option(label="Karlag")
    page.get_by_label("Fate").select_option(label="shot")
    page.get_by_role("button", name="Apply filters").click()
    assert "camp=" in page.url and "fate=shot" in page.url
    assert page.get_by_role("status").inner_text() == "1 name found"
    assert page.get_by_role("link", name="Testprisoner").is_visible()


def test_switch_language_on_a_biography(page, demo):
    page.goto(page.base_url + "/en/people/")
    page.get_by_role("link", name="Seifullin Saken").click()
    english_url = page.url
    page.get_by_role("link", name="Русский").click()
    assert page.url == english_url.replace("/en/", "/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    # Each language heads the biography with its own form of the name.
    assert page.locator("h1").inner_text() == "Сейфуллин Сакен"
    page.get_by_role("link", name="Қазақ").click()
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "Сейфуллин Сәкен"


def test_open_a_camp_from_the_map(page, demo):
    page.goto(page.base_url + "/en/camps/")
    page.locator("svg a.map-point", has_text="Karlag").click()
    page.wait_for_url("**/en/camps/karlag/")
    assert page.locator("h1").inner_text() == "Karlag"
    assert page.get_by_role("link", name="Testprisoner").is_visible()


def test_search_form_by_keyboard_alone(page, demo):
    page.goto(page.base_url + "/en/people/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    # From the main content, the next stop is the name field of the search form.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.type("Seifullin")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=Seifullin*")
    assert page.get_by_role("status").inner_text() == "1 name found"
    # Focus is visible: the focused element draws an outline.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


PAGES = [
    "/{lang}/",
    "/{lang}/people/",
    "/{lang}/people/?q=Seifullin",
    "/{lang}/people/?q=nobody-at-all",
    "/{lang}/people/1/baiturssynov-akhmet/",
    "/{lang}/camps/",
    "/{lang}/camps/karlag/",
    "/{lang}/burial-sites/zhanalyk/",
    "/{lang}/deportations/",
    "/{lang}/deportations/autumn-1937/",
    "/{lang}/deportations/peoples/koreans/",
    "/{lang}/search/?q=karlag",
    "/{lang}/open-data/",
    "/{lang}/no-such-page/",
]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_main_pages_pass_axe_and_load_nothing_from_other_hosts(page, demo, language):
    own_host = urlsplit(page.base_url).netloc
    problems = {}
    for path in PAGES:
        page.goto(page.base_url + path.format(lang=language))
        violations = run_axe(page)
        if violations:
            problems[path] = violations
    assert problems == {}
    foreign = {url for url in page.requested_urls if urlsplit(url).netloc not in ("", own_host)}
    assert foreign == set()
    assert page.csp_violations == []


@pytest.mark.parametrize(("width", "label"), [(360, "phone"), (1280, "desktop")])
def test_pages_fit_the_screen_and_are_saved_as_screenshots(
    page, demo, width, label, settings, tmp_path
):
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    call_command("export_open_data", stdout=StringIO())  # the table of downloads is shown
    page.set_viewport_size({"width": width, "height": 800})
    for name, path in [
        ("home", "/ru/"),
        ("names", "/kk/people/?q=Жұмабаев"),
        ("biography", "/en/people/1/baiturssynov-akhmet/"),
        ("camps", "/en/camps/"),
        ("deportations", "/ru/deportations/"),
        ("open-data", "/kk/open-data/"),
        ("search", "/en/search/?q=Karlag prisoners"),
    ]:
        page.goto(page.base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is wider than a {width} px screen by {overflow} px"
        save_screenshot(page, f"{label}-{name}")
