"""Cite this record: plain text and CSL-JSON (being written)."""

from django.http import Http404


def citation_view(request, kind, pk):
    raise Http404
