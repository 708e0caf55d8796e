"""`{% cite_this record %}`: the "How to cite this page" block of a record's page."""

from django import template
from django.utils import timezone, translation

from memorial.opendata.api.citations import citation_url, kind_of, plain_citation

register = template.Library()


@register.inclusion_tag("includes/cite.html", takes_context=True)
def cite_this(context, record):
    # The access date is the day the page was drawn; a cached page keeps it for at most
    # PUBLIC_CACHE_SECONDS, as the biography always has.
    today = timezone.localdate()
    return {
        "citation": plain_citation(record, context["request"].build_absolute_uri, today),
        # A draft staff preview has no citation to download: the API serves published ones.
        "download_url": citation_url(record, translation.get_language())
        if record.is_published
        else None,
        "download_name": f"{kind_of(record)}-{record.pk}.json",
    }
