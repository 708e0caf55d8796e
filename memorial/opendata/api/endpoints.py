"""The kinds of record the open data gives: one place for the API, its description and the
bulk downloads to agree on names, querysets and what each record looks like."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from people.models import Person

from . import filters, representations
from .people_data import people_data


@dataclass(frozen=True)
class Kind:
    name: str  # in addresses and file names: /api/v1/burial-sites/, burial-sites.csv
    model: type
    records: Callable  # published rows, with what their representation reads
    represent: Callable  # (records, absolute_url) -> one dict per record, in order
    filterset: type
    summary: Promise


def each(represent):
    """A page of records of a small kind: each on its own, from its prefetched rows."""
    return lambda records, absolute_url: [represent(record, absolute_url) for record in records]


def published_people():
    # Their related rows come with people_data(), a page at a time.
    return Person.objects.published().select_related("burial_site")


def published_camps():
    return (
        Camp.objects.published()
        .select_related("parent", "region")
        .prefetch_related("citations__source")
    )


def published_burial_sites():
    return (
        BurialSite.objects.published()
        .select_related("region")
        .prefetch_related("citations__source")
    )


def published_deportations():
    return Deportation.objects.published().prefetch_related(
        Prefetch("peoples", queryset=DeportedPeople.objects.published()),
        "destinations",
        "citations__source",
    )


def published_peoples():
    return DeportedPeople.objects.published().prefetch_related("citations__source")


KINDS = {
    kind.name: kind
    for kind in [
        Kind(
            "people",
            Person,
            published_people,
            people_data,
            filters.PersonApiFilter,
            _("People: victims of repression, with their arrests, camps and deportations"),
        ),
        Kind(
            "camps",
            Camp,
            published_camps,
            each(representations.camp_data),
            filters.CampFilter,
            _("Camps, their divisions and prisons"),
        ),
        Kind(
            "burial-sites",
            BurialSite,
            published_burial_sites,
            each(representations.burial_site_data),
            filters.BurialSiteFilter,
            _("Places of execution and burial"),
        ),
        Kind(
            "deportations",
            Deportation,
            published_deportations,
            each(representations.deportation_data),
            filters.DeportationFilter,
            _("Deportation operations"),
        ),
        Kind(
            "peoples",
            DeportedPeople,
            published_peoples,
            each(representations.deported_people_data),
            filters.DeportedPeopleFilter,
            _("Peoples deported to Kazakhstan"),
        ),
    ]
}
