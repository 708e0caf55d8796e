"""The map of Kazakhstan, drawn as SVG on the server: no tiles, no scripts, no other host.

The outline is Natural Earth's public-domain boundary, the regions and reference cities are
Natural Earth's Admin 1 regions and a table of cities, all shipped in static/data (see
scripts/extract_kazakhstan_outline.py and extract_kazakhstan_regions.py). They are drawn
lightly for bearings; camps and burial sites with coordinates are the points above them.
The files are read once per process; drawing a map makes no database query.
"""

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import get_language

from .map_labels import Box, LabelPlacer, Placement

WIDTH = 1000
SMALL_WIDTH = 720  # a camp's own map, drawn at about its size on a desktop screen
MARGIN = 20
POINT_TEXT, CITY_TEXT, REGION_TEXT = 22, 17, 15  # font sizes in px, as in static/css/site.css
NEAREST_CITIES = 3


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    label: str
    url: str
    kind: str  # "camp" or "burial"
    text: object = None  # a map_labels.Placement, or None where the label did not fit


@dataclass(frozen=True)
class Bearing:
    """A city or a region's name: drawn for bearings, hidden from screen readers."""

    x: float
    y: float
    label: str
    text: object
    capital: bool = False


def _read(name):
    path = finders.find(f"data/{name}") or settings.BASE_DIR / "static" / "data" / name
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _data():
    outline = _read("kazakhstan-outline.json")["rings"]
    regions = _read("kazakhstan-regions.json")
    return outline, regions


class Projection:
    """Equirectangular, its east-west scale true at the middle latitude of its bounds."""

    def __init__(self, west, east, south, north, width=WIDTH):
        self.west, self.north = west, north
        self.x_scale = math.cos(math.radians((north + south) / 2))
        self.scale = (width - 2 * MARGIN) / ((east - west) * self.x_scale)
        self.height = round((north - south) * self.scale + 2 * MARGIN)

    def __call__(self, lon, lat):
        return (
            round(MARGIN + (lon - self.west) * self.x_scale * self.scale, 1),
            round(MARGIN + (self.north - lat) * self.scale, 1),
        )

    def path(self, lines, closed):
        end = " Z" if closed else ""
        return " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (self(lon, lat) for lon, lat in line)) + end
            for line in lines
        )


def _bounds(points):
    longitudes, latitudes = [lon for lon, _ in points], [lat for _, lat in points]
    return min(longitudes), max(longitudes), min(latitudes), max(latitudes)


@lru_cache(maxsize=64)  # a few dozen camps and sites: each drawing is some 40 KB
def _drawing(bounds, width=WIDTH):
    """The outline and the borders between regions, projected to fit the bounds."""
    outline, regions = _data()
    projection = Projection(*bounds, width=width)
    return projection, projection.path(outline, True), projection.path(regions["borders"], False)


def _language():
    return (get_language() or "en").split("-")[0]


def _name(names):
    return names.get(_language()) or names["en"]


def _symbols(placer, projection, points, city_dots):
    """The camps' and sites' symbols, then the cities' dots: a city beside a camp keeps its
    dot, under the camp's symbol, for it is the bearing."""
    projected = [(*projection(lon, lat), label, url, kind) for lon, lat, label, url, kind in points]
    for x, y, *_ in projected:
        placer.take(Box(x - 10, y - 10, x + 10, y + 10))
    for _city, x, y in city_dots:
        placer.take(_dot(x, y))
    return projected


def _place_points(placer, projected):
    """The camps' and sites' labels, which give way to the dots where they can.

    A label's position is relative to its point, which the template translates to."""
    placed = []
    for x, y, label, url, kind in projected:
        text = placer.beside(x, y, label, size=POINT_TEXT, gap=14, weight="bold")
        # Where there is no free room a camp is still named, over whatever lies there.
        text = text or Placement(x + 14, y + POINT_TEXT * 0.3, "start")
        text = Placement(round(text.x - x, 1), round(text.y - y, 1), text.anchor)
        placed.append(MapPoint(x, y, label, url, kind, text))
    return placed


def _dot(x, y):
    return Box(x - 5, y - 5, x + 5, y + 5)


def _place_cities(placer, dots):
    """The cities whose dots are drawn, each with its name, or left out where it has none."""
    placed = []
    for city, x, y in dots:
        label = _name(city["name"])
        text = placer.beside(x, y, label, size=CITY_TEXT, gap=8)
        if text:
            placed.append(Bearing(x, y, label, text, city["capital"]))
    return placed


def _place_region_names(placer, projection, regions):
    placed = []
    for region in regions:
        if "label" not in region:
            continue  # Almaty and Astana, cities of their own: the city's dot names them
        x, y = projection(*region["label_at"])
        label = _name(region["label"])
        text = placer.centred(x, y, label, size=REGION_TEXT)
        if text:
            placed.append(Bearing(x, y, label, text))
    return placed


def _map(bounds, points, width=WIDTH):
    projection, outline, borders = _drawing(bounds, width)
    placer = LabelPlacer(width, projection.height)
    city_dots = [(city, *projection(*city["at"])) for city in _data()[1]["cities"]]
    city_dots = [
        (city, x, y) for city, x, y in city_dots if 0 < x < width and 0 < y < projection.height
    ]
    projected = _symbols(placer, projection, points, city_dots)
    # The capital is named before the camps, the other cities after them.
    capital = _place_cities(placer, [dot for dot in city_dots if dot[0]["capital"]])
    placed = _place_points(placer, projected)
    cities = capital + _place_cities(placer, [dot for dot in city_dots if not dot[0]["capital"]])
    return {
        "width": width,
        "height": projection.height,
        "outline": outline,
        "borders": borders,
        "points": placed,
        # The legend explains only the symbols drawn: a camp's own map has no burial site.
        "kinds": {point.kind for point in placed},
        "cities": cities,
        "regions": _place_region_names(placer, projection, _data()[1]["regions"]),
        "highlight": None,  # the whole country: no region of its own
    }


def _located(records):
    for record in records:
        if record.latitude is not None and record.longitude is not None:
            yield float(record.longitude), float(record.latitude), record


def kazakhstan_map(camps, burial_sites):
    """What the template needs to draw the whole country: outline, bearings, linked points."""
    outline, regions = _data()
    points = [
        (lon, lat, record.name, record.get_absolute_url(), kind)
        for kind, records in (("camp", camps), ("burial", burial_sites))
        for lon, lat, record in _located(records)
    ]
    bounds = _bounds([point for ring in outline for point in ring])
    return _map(bounds, points)


def _inside(lon, lat, ring):
    """Ray casting: whether the point lies inside the ring."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def region_at(lon, lat):
    """The Natural Earth region the point lies in, or None (outside, or on the coast)."""
    return next(
        (
            region
            for region in _data()[1]["regions"]
            if any(_inside(lon, lat, ring) for ring in region["rings"])
        ),
        None,
    )


def _nearest_cities(lon, lat, count=NEAREST_CITIES):
    x_scale = math.cos(math.radians(lat))
    return sorted(
        _data()[1]["cities"],
        key=lambda city: math.hypot((city["at"][0] - lon) * x_scale, city["at"][1] - lat),
    )[:count]


def _window(points):
    """Bounds around the points, at least about 500 by 300 km, in the map's proportions."""
    west, east, south, north = _bounds(points)
    x_scale = math.cos(math.radians((north + south) / 2))
    width = max((east - west) * x_scale, 6.0) + 1.0  # in degrees of latitude
    height = max(north - south, 3.0) + 1.0
    width, height = max(width, height * 1.6), max(height, width / 1.6)
    centre_x, centre_y = (west + east) / 2, (south + north) / 2
    half_lon = width / x_scale / 2
    return tuple(
        round(value, 2)
        for value in (
            centre_x - half_lon,
            centre_x + half_lon,
            centre_y - height / 2,
            centre_y + height / 2,
        )
    )


def place_map(record, kind):
    """A small map of one camp or burial site, with its region shaded, or None without
    coordinates."""
    located = list(_located([record]))
    if not located:
        return None
    lon, lat, _ = located[0]
    region = region_at(lon, lat)
    nearest = _nearest_cities(lon, lat)
    points = [(lon, lat)] + [tuple(city["at"]) for city in nearest]
    if region:
        points += [tuple(point) for ring in region["rings"] for point in ring]
    bounds = _window(points)
    drawing = _map(bounds, [(lon, lat, record.name, "", kind)], SMALL_WIDTH)
    projection = _drawing(bounds, SMALL_WIDTH)[0]
    drawing["highlight"] = projection.path(region["rings"], True) if region else ""
    drawing["region"] = _name(region["name"]) if region else ""
    drawing["nearest"] = [_name(city["name"]) for city in nearest]
    return drawing
