"""Pages on paper: what a printout says must stand without the screen around it; and the
icon every visit fetches."""

import pytest
from django.utils import translation

from people.models import Person
from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser


def test_filtered_statistics_say_on_paper_whom_they_count(page, demo):
    page.goto(page.base_url + "/en/statistics/?fate=shot")
    page.emulate_media(media="print")
    chosen = page.locator(".active-filters")
    assert chosen.is_visible()
    assert "Fate: shot" in " ".join(chosen.inner_text().split())
    # One short line, without the form's controls and links.
    assert chosen.bounding_box()["height"] < 60
    assert not page.locator(".statistics-filters details").is_visible()
    assert not page.get_by_role("link", name="Clear the filters").is_visible()
    assert not page.get_by_role("button", name="Count").is_visible()
    save_screenshot(page, "print-statistics-filtered")


def test_a_printed_biography_has_no_buttons_and_no_footer_menu(page, demo):
    person = Person.objects.filter(status="published").first()
    with translation.override("en"):
        page.goto(page.base_url + person.get_absolute_url())
    link = page.get_by_role("link", name="Send information about this person")
    assert link.is_visible()
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()
    assert not link.is_visible()
    assert not page.locator(".site-footer nav").is_visible()
    assert not page.get_by_role("link", name="Open data: downloads, API, harvesting").is_visible()
    assert page.locator(".site-footer").get_by_text("Day of Remembrance").is_visible()
    save_screenshot(page, "print-biography")


def test_the_browser_finds_the_icon(page, demo):
    # Not about paper, but about what every visit fetches: no "not found" for the icon.
    response = page.request.get(page.base_url + "/favicon.ico")
    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
