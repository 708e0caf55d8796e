"""The statistics page in a real browser: in kk, ru and en, on a phone and a desktop, charts
visible, no violations axe can find, nothing wider than the screen, sensible on paper."""

import pytest

from people.models import Person
from tests.browser.conftest import run_axe, save_screenshot
from tests.factories import make_case

pytestmark = pytest.mark.browser


@pytest.fixture
def counted(demo):
    """The demo people, and a few more so that the year charts have a shape."""
    for number, year in enumerate((1930, 1933, 1937, 1937, 1937, 1938, 1938, 1941)):
        person = Person.objects.create(
            surname=f"Counted{number}",
            nationality=("German", "Korean", "Kazakh")[number % 3],
            fate=("shot", "released", "unknown")[number % 3],
            status="published",
        )
        make_case(
            person,
            arrest_date=str(year),
            sentence_date=str(year),
            sentence_kind=("death", "camp")[number % 2],
            is_rehabilitated=number % 2 == 0,
            rehabilitation_date=f"{1956 + number * 4}" if number % 2 == 0 else None,
        )
    return demo


@pytest.mark.parametrize(("width", "label"), [(390, "phone"), (1280, "desktop")])
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_statistics_page_reads_well(page, counted, width, label, language):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.base_url}/{language}/statistics/")
    assert page.locator("html").get_attribute("lang") == language
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 7
    assert charts.first.is_visible()
    box = charts.first.bounding_box()
    assert box["width"] > min(width, 900) * 0.6 and box["height"] > 100
    assert page.locator("table.statistics-table").count() == charts.count()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"wider than a {width} px screen by {overflow} px"
    assert run_axe(page) == []
    assert page.csp_violations == []
    save_screenshot(page, f"{label}-statistics-{language}")


def test_filtered_statistics_and_back_to_the_names(page, counted):
    page.goto(page.base_url + "/en/statistics/?nationality=German")
    assert "German" in page.locator(".active-filters").inner_text()
    page.get_by_role("link", name="The same people in the list of names").click()
    assert "/en/people/?nationality=German" in page.url
    page.get_by_role("link", name="These names as statistics").click()
    assert "/en/statistics/?nationality=German" in page.url
    assert run_axe(page) == []


def test_statistics_on_paper(page, counted):
    page.goto(page.base_url + "/en/statistics/")
    page.emulate_media(media="print")
    assert not page.locator(".statistics-filters").is_visible()
    assert not page.locator(".chart-download").first.is_visible()
    assert page.locator("svg[role=img]").first.is_visible()
    assert page.locator("table.statistics-table").first.is_visible()
    save_screenshot(page, "print-statistics")
