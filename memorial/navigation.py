"""The links editors place in the menu and the footer, for every public page.

Read once per content version and language in each worker, so that a page's query count
does not grow by one for the links (page_cache.py changes the version on every save)."""

from .page_cache import content_version
from .translation import active_language

_links = {}


def site_links(request):
    """Context processor: `menu_pages` and `footer_pages`, as (title, address, language)."""
    from .content import Page

    key = (content_version(), active_language())
    if key not in _links:
        pages = list(Page.objects.published().exclude(place=Page.Place.NONE))
        _links.clear()  # only the current version is ever read again
        _links[key] = {
            place: [
                (str(page.title), page.get_absolute_url(), page.title.language)
                for page in pages
                if page.place == place
            ]
            for place in (Page.Place.MENU, Page.Place.FOOTER)
        }
    links = _links[key]
    return {"menu_pages": links["menu"], "footer_pages": links["footer"]}
