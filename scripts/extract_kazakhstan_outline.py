"""Write static/data/kazakhstan-outline.json from Natural Earth's country boundaries.

The outline is public-domain Natural Earth data (Admin 0, 1:50m, version 4.1.0), as
redistributed in TopoJSON by the npm package world-atlas 2.0.2. Run by hand, once:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/extract_kazakhstan_outline.py /tmp/package/countries-50m.json

The camps map (camps/map.py) draws this outline as SVG on the server, so no page ever
loads map tiles or scripts from another host.
"""

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "static" / "data" / "kazakhstan-outline.json"


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def main(path):
    topology = json.loads(Path(path).read_text())
    arcs = decode_arcs(topology)
    country = next(
        geometry
        for geometry in topology["objects"]["countries"]["geometries"]
        if geometry["properties"].get("name") == "Kazakhstan"
    )
    polygons = country["arcs"] if country["type"] == "MultiPolygon" else [country["arcs"]]
    rings = [
        [[round(lon, 3), round(lat, 3)] for lon, lat in ring_points(polygon[0], arcs)]
        for polygon in polygons
    ]
    OUTPUT.write_text(
        json.dumps(
            {
                "source": "Natural Earth Admin 0 countries 1:50m v4.1.0 (public domain), "
                "via world-atlas 2.0.2",
                "rings": rings,
            },
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"{OUTPUT}: {len(rings)} rings, {sum(len(ring) for ring in rings)} points")


if __name__ == "__main__":
    main(sys.argv[1])
