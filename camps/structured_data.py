"""schema.org JSON-LD for camps, burial sites and their list: places, with coordinates when
archivists entered them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from memorial.base.structured_data import (
    CONTEXT,
    geo,
    item_list,
    link,
    summary,
    web_page,
    without_empty,
)

from .models import BurialSite

# A mass grave is where the dead lie, as a cemetery is; a place of execution is not one.
GRAVES = {BurialSite.Kind.CEMETERY, BurialSite.Kind.MASS_GRAVE}


def address(record):
    return ", ".join(str(part) for part in (record.place, record.region) if part) or None


def place(kind, record, absolute_url, **extra):
    url = absolute_url(record.get_absolute_url())
    return without_empty(
        {
            "@context": CONTEXT,
            "@type": kind,
            "@id": url,
            "url": url,
            "name": record.name,
            "description": summary(record.description),
            "address": address(record),
            "geo": geo(record),
            **extra,
        }
    )


def camp_json_ld(camp, divisions, absolute_url):
    """A camp as a historical place; its parent only when published (the view passes the
    published divisions)."""
    parent = camp.parent if camp.parent is not None and camp.parent.is_published else None
    return place(
        "LandmarksOrHistoricalBuildings",
        camp,
        absolute_url,
        alternateName=[name for name in (camp.full_name, camp.abbreviation) if name],
        containedInPlace=parent and link("LandmarksOrHistoricalBuildings", parent, absolute_url),
        containsPlace=[
            link("LandmarksOrHistoricalBuildings", division, absolute_url) for division in divisions
        ],
    )


def burial_site_json_ld(site, absolute_url):
    return place("Cemetery" if site.kind in GRAVES else "Place", site, absolute_url)


def camp_list_json_ld(camps, burial_sites, absolute_url):
    """The published camps and burial sites the map and lists show."""
    places = [
        *(link("LandmarksOrHistoricalBuildings", camp, absolute_url) for camp in camps),
        *(
            link("Cemetery" if site.kind in GRAVES else "Place", site, absolute_url)
            for site in burial_sites
        ),
    ]
    url = absolute_url(reverse("camps:camp_list"))
    return web_page(
        "CollectionPage",
        _("Camps and places of burial"),
        url,
        absolute_url,
        mainEntity=item_list(places),
    )
