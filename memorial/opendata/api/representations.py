"""What the API, the bulk downloads and the harvesters see of a published record.

Each function gives what the record's public page shows, as plain data (people, read a
page at a time, are in people_data.py). Nothing else: no notes of archivists (case, camp
term and settlement notes, sources' reliability notes), no staff accounts, no testimony. A
related record that is not published is null, never named: a page shows such a name
without a link, but data is copied on and harvested, and a draft's name must not travel
with it.
"""

from memorial.base.translation import LANGUAGE_CODES, column


def edtf(date):
    """Dates as the sources give them, in a subset of EDTF (ISO 8601-2): "1890", "1938-03",
    "1938-03-05", "1937-23" (autumn), "1890~" (circa), "1937/1938" (between)."""
    return str(date) if date else None


def timestamp(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def in_languages(record, field):
    """A narrative in each of the portal's languages; an untranslated one is null."""
    return {code: getattr(record, column(field, code)) or None for code in LANGUAGE_CODES}


def reference(record, absolute_url, name_field="name"):
    if record is None or not record.is_published:
        return None
    return {
        "id": record.pk,
        "name": getattr(record, name_field),
        "url": absolute_url(record.get_absolute_url()),
    }


def source_data(source):
    return {
        "kind": source.kind,
        "title": source.title,
        "author": source.author or None,
        "publisher": source.publisher or None,
        "date": edtf(source.date),
        "url": source.url or None,
        "archive": source.archive or None,
        "fond": source.fond or None,
        "opis": source.opis or None,
        "delo": source.delo or None,
        "sheets": source.sheets or None,
        "volume": source.volume or None,
        "page": source.page or None,
        "citation": source.citation(),
    }


def cited(citation):
    """A citation or an imported list's row: the source, and where in it."""
    return {
        **source_data(citation.source),
        "locator": getattr(citation, "locator", "") or None,
        "note": getattr(citation, "note", "") or None,
    }


def common(record, absolute_url):
    return {
        "id": record.pk,
        "url": absolute_url(record.get_absolute_url()),
        "published_at": timestamp(record.published_at),
        "updated_at": timestamp(record.updated_at),
    }


def coordinates(record):
    if record.latitude is None or record.longitude is None:
        return None
    return {"latitude": float(record.latitude), "longitude": float(record.longitude)}


def place_data(record, absolute_url):
    return {
        "place": record.place or None,
        "region": record.region.name if record.region else None,
        "coordinates": coordinates(record),
    }


def camp_data(camp, absolute_url):
    return {
        **common(camp, absolute_url),
        "name": camp.name,
        "slug": camp.slug,
        "full_name": camp.full_name or None,
        "abbreviation": camp.abbreviation or None,
        "kind": camp.kind,
        "part_of": reference(camp.parent, absolute_url),
        "opened": edtf(camp.opened),
        "closed": edtf(camp.closed),
        **place_data(camp, absolute_url),
        "description": in_languages(camp, "description"),
        "sources": [cited(citation) for citation in camp.citations.all()],
    }


def burial_site_data(site, absolute_url):
    return {
        **common(site, absolute_url),
        "name": site.name,
        "slug": site.slug,
        "kind": site.kind,
        **place_data(site, absolute_url),
        "description": in_languages(site, "description"),
        "sources": [cited(citation) for citation in site.citations.all()],
    }


def deportation_data(deportation, absolute_url):
    return {
        **common(deportation, absolute_url),
        "title": deportation.title,
        "slug": deportation.slug,
        # Prefetched published only: a draft people is never named here.
        "peoples": [reference(people, absolute_url) for people in deportation.peoples.all()],
        "legal_act": deportation.legal_act or None,
        "legal_act_date": edtf(deportation.legal_act_date),
        "start": edtf(deportation.start),
        "end": edtf(deportation.end),
        "origin": deportation.origin or None,
        "destinations": [region.name for region in deportation.destinations.all()],
        "description": in_languages(deportation, "description"),
        "sources": [cited(citation) for citation in deportation.citations.all()],
    }


def relationship_data(relationship, absolute_url):
    """Two published people as family, for the bulk downloads: never the archivists' notes."""
    return {
        "first": reference(relationship.first, absolute_url, "full_name"),
        "second": reference(relationship.second, absolute_url, "full_name"),
        "kind": relationship.kind,
        "first_is": relationship.first_is or None,
        "second_is": relationship.second_is or None,
        "start": edtf(relationship.start),
        "end": edtf(relationship.end),
        "source": source_data(relationship.source) if relationship.source else None,
        "locator": relationship.locator or None,
    }


def deported_people_data(people, absolute_url):
    return {
        **common(people, absolute_url),
        "name": people.name,
        "slug": people.slug,
        "self_designation": people.self_designation or None,
        "description": in_languages(people, "description"),
        "sources": [cited(citation) for citation in people.citations.all()],
    }
