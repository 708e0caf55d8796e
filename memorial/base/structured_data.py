"""schema.org JSON-LD for public pages, written so no text can close the script element.

Built only from what the page itself shows: a view passes the published records it already
chose, so nothing unpublished can reach the data search engines read."""

import html
import json

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .text import strip_html
from .translation import active_language

SITE_NAME = _("Memorial: victims of political repression in Kazakhstan")
CONTEXT = "https://schema.org"

# What would let a text close the script element or open a comment, written as JSON escapes
# (the characters Django's json_script escapes, for a script of another type).
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json_script(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_SAFE)),  # noqa: S308 - escaped for <script>
    )


def schema_date(date):
    """schema.org accepts ISO years and months; an approximate or ranged date is left out."""
    if date is None or date.approximate or date.end is not None or date.season:
        return None
    return str(date)


def without_empty(data):
    """Leave out what a record does not say rather than publish empty values."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def summary(text, length=500, *, paragraphs=True):
    """The plain text of formatted text, unescaped (JSON and templates escape it once),
    its paragraphs kept apart by an empty line (or, without `paragraphs`, a space, for a
    one-line meta description), at most `length` characters cut at a word."""
    plain = html.unescape(strip_html(text, paragraphs=paragraphs))
    if len(plain) > length:
        cut = plain[: length - 1]
        if not plain[length - 1].isspace() and len(cut.split()) > 1:
            cut = cut.rsplit(None, 1)[0]  # not half a word
        plain = cut.rstrip().rstrip(",;:") + "…"
    return plain or None


def portal(absolute_url):
    """The portal as the organisation that publishes (and writes) its pages."""
    return {
        "@type": "Organization",
        "@id": absolute_url("/#organization"),
        "name": str(SITE_NAME),
        "url": absolute_url(reverse("home")),
    }


def website(absolute_url):
    return {
        "@type": "WebSite",
        "@id": absolute_url("/#website"),
        "name": str(SITE_NAME),
        "url": absolute_url(reverse("home")),
    }


def link(kind, record, absolute_url, **extra):
    """A published record mentioned on a page: its type, name and address."""
    url = absolute_url(record.get_absolute_url())
    return without_empty({"@type": kind, "@id": url, "name": str(record), "url": url, **extra})


def web_page(kind, name, url, absolute_url, **extra):
    """A page of the portal: WebPage or one of its kinds (CollectionPage, ContactPage…)."""
    return without_empty(
        {
            "@context": CONTEXT,
            "@type": kind,
            "@id": url,
            "url": url,
            "name": str(name),
            "inLanguage": active_language(),
            "isPartOf": website(absolute_url),
            "publisher": portal(absolute_url),
            **extra,
        }
    )


def item_list(items):
    return {
        "@type": "ItemList",
        "numberOfItems": len(items),
        "itemListElement": [
            {"@type": "ListItem", "position": number, "item": item}
            for number, item in enumerate(items, start=1)
        ],
    }


def geo(record):
    """Coordinates when the archivists entered both."""
    if record.latitude is None or record.longitude is None:
        return None
    return {
        "@type": "GeoCoordinates",
        "latitude": float(record.latitude),
        "longitude": float(record.longitude),
    }
