"""schema.org JSON-LD for deportations and deported peoples."""

from django.urls import reverse
from django.utils.translation import gettext as _

from memorial.base.structured_data import (
    CONTEXT,
    item_list,
    link,
    schema_date,
    summary,
    web_page,
    without_empty,
)


def event_dates(deportation):
    """Dates only when exact: schema.org has no way to say "autumn 1937" or "c. 1944"."""
    return {
        "startDate": schema_date(deportation.start),
        "endDate": schema_date(deportation.end),
    }


def deportation_json_ld(deportation, absolute_url):
    """An operation as an Event: where people were sent, and the peoples it deported (the
    view prefetches the published ones only)."""
    url = absolute_url(deportation.get_absolute_url())
    return without_empty(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "@id": url,
            "url": url,
            "name": deportation.title,
            "description": summary(deportation.description),
            **event_dates(deportation),
            "location": [
                {"@type": "AdministrativeArea", "name": region.name}
                for region in deportation.destinations.all()
            ],
            "about": [link("Thing", people, absolute_url) for people in deportation.peoples.all()],
        }
    )


def deportation_list_json_ld(deportations, absolute_url):
    events = [
        link("Event", deportation, absolute_url, **event_dates(deportation))
        for deportation in deportations
    ]
    url = absolute_url(reverse("deportations:deportation_list"))
    return web_page(
        "CollectionPage", _("Deported peoples"), url, absolute_url, mainEntity=item_list(events)
    )


def deported_people_json_ld(people, deportations, absolute_url):
    """A people is no schema.org type of its own: the page is about a Thing of that name, and
    mentions the published deportations it lists."""
    url = absolute_url(people.get_absolute_url())
    return web_page(
        "WebPage",
        people.name,
        url,
        absolute_url,
        about=without_empty(
            {
                "@type": "Thing",
                "name": people.name,
                "alternateName": people.self_designation or None,
                "description": summary(people.description),
            }
        ),
        mentions=[link("Event", deportation, absolute_url) for deportation in deportations],
    )
