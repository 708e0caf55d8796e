"""The links editors place in the menu and the footer of every public page.

Read once per content version in each worker (all three languages at once), so that a
page's query count does not grow by one for the links (page_cache.py changes the version on
every save)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from memorial.base.outage import DATABASE_DOWN
from memorial.base.page_cache import content_version
from memorial.base.translation import LANGUAGE_CODES, active_language

_links = {"version": None, "by_language": {}}


def _read():
    from memorial.pages.models import Page

    pages = list(Page.objects.published().exclude(place=Page.Place.NONE))
    by_language = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            by_language[code] = {
                place: [
                    (str(page.title), page.get_absolute_url(), page.title.language)
                    for page in pages
                    if page.place == place
                ]
                for place in (Page.Place.MENU, Page.Place.FOOTER)
            }
            # The statistics are the portal's own page, first among the menu's added links.
            statistics = (gettext("Statistics"), reverse("statistics:index"), code)
            by_language[code][Page.Place.MENU].insert(0, statistics)
    return by_language


def site_links():
    """The public pages' `menu` and `footer` links, as (title, address, language); asked
    for by base.html only, so the admin's pages never read them."""
    version = content_version()
    remembered = _links  # one read: another thread may replace it meanwhile
    if remembered["version"] != version:
        try:
            remembered = {"version": version, "by_language": _read()}
        except DATABASE_DOWN:
            # While the database is away the links last read serve (none in a new worker).
            return remembered["by_language"].get(active_language(), {})
        _links.update(remembered)
    links = remembered["by_language"][active_language()]
    return links
