"""The map of Kazakhstan, drawn as SVG on the server: no tiles, no scripts, no other host.

The outline is Natural Earth's public-domain boundary, shipped in static/data (see
scripts/extract_kazakhstan_outline.py). Points are camps and burial sites with coordinates.
"""

import json
import math
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders

WIDTH = 1000
MARGIN = 20


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    label: str
    url: str
    kind: str  # "camp" or "burial"


@cache
def _outline():
    path = finders.find("data/kazakhstan-outline.json") or (
        settings.BASE_DIR / "static" / "data" / "kazakhstan-outline.json"
    )
    with open(path) as handle:
        rings = json.load(handle)["rings"]
    longitudes = [lon for ring in rings for lon, _ in ring]
    latitudes = [lat for ring in rings for _, lat in ring]
    west, east = min(longitudes), max(longitudes)
    south, north = min(latitudes), max(latitudes)
    # An equirectangular projection, its east-west scale true at the middle latitude.
    x_scale = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * x_scale)
    height = round((north - south) * scale + 2 * MARGIN)

    def project(lon, lat):
        return (
            round(MARGIN + (lon - west) * x_scale * scale, 1),
            round(MARGIN + (north - lat) * scale, 1),
        )

    outline_path = " ".join(
        "M" + " L".join(f"{x},{y}" for x, y in (project(lon, lat) for lon, lat in ring)) + " Z"
        for ring in rings
    )
    return outline_path, height, project


def kazakhstan_map(camps, burial_sites):
    """What the template needs to draw the map: size, outline and linked points."""
    outline_path, height, project = _outline()
    points = []
    for kind, records in (("camp", camps), ("burial", burial_sites)):
        for record in records:
            if record.latitude is None or record.longitude is None:
                continue
            x, y = project(float(record.longitude), float(record.latitude))
            points.append(MapPoint(x, y, record.name, record.get_absolute_url(), kind))
    return {"width": WIDTH, "height": height, "outline": outline_path, "points": points}
