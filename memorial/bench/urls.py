"""The site's URLs plus a minimal view, for the throughput benchmark only (settings/bench.py)."""

from django.http import HttpResponse
from django.urls import path

from memorial.urls import urlpatterns as site_urlpatterns


def minimal(request):
    """Django's own cost for a request: the whole middleware stack, no query, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *site_urlpatterns]
