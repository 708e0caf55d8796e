"""The camps map with its bearings, and a camp's own small map, in a real browser: they pass
axe in every language, fit a phone, and the regions and cities stay out of the way of the
camps, which remain the map's links."""

import pytest

from tests.browser.conftest import run_axe, save_screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("language", "region", "city"),
    [
        ("kk", "Қарағанды", "Астана"),
        ("ru", "Карагандинская", "Астана"),
        ("en", "Karaganda", "Astana"),
    ],
)
def test_the_camps_map_and_a_camps_own_map_pass_axe(page, demo, language, region, city):
    page.goto(page.base_url + f"/{language}/camps/")
    bearings = page.locator("figure.map > svg g.map-bearings")
    assert bearings.get_attribute("aria-hidden") == "true"
    assert bearings.locator("text", has_text=region).count() >= 1
    assert bearings.locator("text", has_text=city).count() == 1
    assert run_axe(page) == []
    page.goto(page.base_url + f"/{language}/camps/karlag/")
    small = page.locator("figure.map-small > svg")
    assert small.get_attribute("role") == "img"
    assert small.locator("path.map-region-here").count() == 1
    assert run_axe(page) == []


def test_a_camp_on_the_map_is_reached_by_keyboard_over_the_bearings(page, demo):
    page.goto(page.base_url + "/en/camps/")
    camp = page.locator("svg a.map-point", has_text="Karlag")
    camp.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/en/camps/karlag/"
    # The camp's symbol is the topmost thing at its own centre: no city or region covers it.
    box = camp.locator("circle").bounding_box()
    topmost = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a')?.getAttribute('href')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert topmost == "/en/camps/karlag/"


@pytest.mark.parametrize(("width", "label"), [(360, "phone"), (1280, "desktop")])
def test_the_maps_fit_the_screen(page, demo, width, label):
    page.set_viewport_size({"width": width, "height": 800})
    for name, path in [("camps-map", "/ru/camps/"), ("camp-map", "/kk/camps/karlag/")]:
        page.goto(page.base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is wider than a {width} px screen by {overflow} px"
        figure = page.locator("figure.map").bounding_box()
        assert figure["width"] >= min(width - 40, 600), "the map uses the column's width"
        save_screenshot(page, f"{name}-{label}")
