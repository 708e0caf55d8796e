"""The statistics page at scale: whole requests through Django, from the cache and recounted
(the figures' cache entry dropped before each request), unfiltered and filtered."""

import statistics
import time

from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation

from memorial.base.address_cache import forget_address
from memorial.base.page_cache import forget_page
from memorial.statistics.counting import cache_key, page_parts
from memorial.statistics.filtering import chosen, statistics_filter
from people.models import Person

from .benchmarking import percentile, server_client


def filtered_address():
    """The most frequent nationality with the death sentence: "Germans shot"-like charts."""
    nationality = (
        Person.objects.published()
        .exclude(nationality="")
        .values_list("nationality", flat=True)
        .order_by("pk")
        .first()
    )
    return f"/en/statistics/?nationality={nationality or 'a'}&sentence=death"


def forget_figures(address):
    """Drop the figures and the page of an address from the cache, so the next request
    recounts and renders them."""
    request = RequestFactory().get(address)
    filterset = statistics_filter(request.GET)
    forget_address(request.path)  # only a plain address is ever kept by it
    with translation.override("en"):
        forget_page(page_parts(request.path, filterset.form))
        cache.delete(cache_key(chosen(filterset.form)))


def measure(client, address, repeats, recount):
    times = []
    for _ in range(repeats):
        if recount:
            forget_figures(address)
        started = time.perf_counter()
        response = client.get(address)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{address} answered {response.status_code}")
    return statistics.median(times), percentile(times, 0.95)


def statistics_table(repeats=40, recounts=8):
    """Lines of a Markdown table: p50 and p95 of the statistics page in four ways."""
    client = server_client()
    lines = [
        "Statistics page (9 charts), server time through Django:",
        "",
        "| page | requests | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for label, address in (("unfiltered", "/en/statistics/"), ("filtered", filtered_address())):
        client.get(address)  # counted once, so the cached measure reads the cache
        for way, count, recount in (
            ("from the cache", repeats, False),
            ("recounted", recounts, True),
        ):
            p50, p95 = measure(client, address, count, recount)
            lines.append(f"| {label} ({address}), {way} | {count} | {p50:.1f} | {p95:.1f} |")
    return lines
