"""The home page's JSON-LD: the site, its search box and its publisher."""

from django.urls import reverse

from memorial.base.structured_data import CONTEXT, portal, website
from memorial.base.translation import active_language


def home_json_ld(absolute_url):
    """The site, its search box (the portal-wide search) and its publisher."""
    search = absolute_url(reverse("search"))
    return {
        "@context": CONTEXT,
        **website(absolute_url),
        "inLanguage": active_language(),
        "publisher": portal(absolute_url),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
