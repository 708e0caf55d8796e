"""Cite this record: a plain-text citation for the page and CSL-JSON for reference managers
(Zotero, Citavi, pandoc), for published records only."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from memorial.base.structured_data import SITE_NAME
from memorial.base.translation import LANGUAGE_CODES
from memorial.pages.models import Story
from people.models import Person

from .endpoints import KINDS as API_KINDS
from .filters import LARGEST_ID
from .views import ApiError, ApiView, merged_into

# The kinds in the API's addresses (/api/v1/<kind>/<id>/citation) and their records.
KINDS = {name: kind.model for name, kind in API_KINDS.items()} | {"stories": Story}
KIND_OF_MODEL = {model: kind for kind, model in KINDS.items()}
CSL_JSON = "application/vnd.citationstyles.csl+json"


def title_of(record):
    """A record's title in the active language; a person under the name its pages show."""
    if isinstance(record, Person):
        return record.display_name
    return str(record)


def kind_of(record):
    return KIND_OF_MODEL[type(record)]


def date_parts(date):
    return {"date-parts": [[date.year, date.month, date.day]]}


def csl_item(record, absolute_url, today):
    """The record as one CSL 1.0.2 item, in the active language."""
    # The date it became public: a story's set time, otherwise when it was first published.
    published = getattr(record, "publish_at", None) or record.published_at
    item = {
        "id": f"{kind_of(record)}-{record.pk}",
        # A story is an article in the portal's own dated series, which CSL calls a blog
        # post; every other record is a page of the site.
        "type": "post-weblog" if isinstance(record, Story) else "webpage",
        "title": title_of(record),
        "container-title": str(SITE_NAME),
        "publisher": str(SITE_NAME),
        "URL": absolute_url(record.get_absolute_url()),
        "accessed": date_parts(today),
        "language": translation.get_language(),
    }
    if published is not None:
        item["issued"] = date_parts(timezone.localdate(published))
    return item


def plain_citation(record, absolute_url, today):
    """Title. Site name. Address (accessed date). In the active language."""
    title = title_of(record)
    if not title.endswith((".", "!", "?")):
        title += "."
    accessed = _("accessed %(date)s") % {"date": date_format(today, "DATE_FORMAT")}
    return f"{title} {SITE_NAME}. {absolute_url(record.get_absolute_url())} ({accessed})."


def citation_url(record, language):
    address = reverse("api:citation", kwargs={"kind": kind_of(record), "pk": record.pk})
    return f"{address}?lang={language}"


class CitationView(ApiView):
    """CSL-JSON of a published record: a list with one item, as CSL processors read it.
    Rate limited, with errors as JSON, like the rest of the open-data API."""

    def get(self, request, kind, pk):
        language = request.GET.get("lang", "en")
        if language not in LANGUAGE_CODES:
            message = _("Choose one of: %(languages)s.") % {"languages": ", ".join(LANGUAGE_CODES)}
            raise ApiError(400, "invalid_parameter", message, {"lang": [message]})
        model = KINDS.get(kind)
        # An id larger than any row's would overflow the database's integer, not find nothing.
        if model is None or pk > LARGEST_ID:
            raise Http404
        record = model.objects.published().filter(pk=pk).first()
        if record is None:
            survivor = merged_into(pk) if kind == "people" else None
            if survivor is None:
                raise Http404
            # A record merged into another keeps its address, as its page and the API do.
            response = redirect(citation_url(survivor, language), permanent=True)
        else:
            with translation.override(language):
                item = csl_item(record, request.build_absolute_uri, timezone.localdate())
            response = JsonResponse([item], safe=False, content_type=CSL_JSON)
            # The language asked for, not the one the visitor's browser prefers.
            response["Content-Language"] = language
        # Open data: any site may read it from a visitor's browser.
        response["Access-Control-Allow-Origin"] = "*"
        return response


citation_view = CitationView.as_view()
