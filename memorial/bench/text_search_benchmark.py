"""The text search's figures for `make bench`: the site search's texts part (every kind of
text, ranked, with excerpts) for words of every frequency, against the obvious way
measured in the same run: a case-blind containment scan of the biographies (ILIKE on
PostgreSQL), which no index helps."""

import random
import statistics
import time

from django.db import connection
from django.db.models import Q

from memorial.bench.benchmarking import percentile, server_client
from memorial.bench.synthetic_biography import VOCABULARY
from memorial.site.text_search import search_texts
from people.models import Person

# The naive scan reads every biography: a few queries are enough to know its cost.
NAIVE_QUERIES = 12


def text_queries(count, seed):
    """Words as visitors might look for them: one, two or three words of the synthetic
    biographies' vocabulary, of every frequency (the most frequent and the rarest)."""
    rng = random.Random(seed)
    languages = ["ru"] * 6 + ["kk"] * 2 + ["en"] * 2
    queries = []
    for index in range(count):
        words = VOCABULARY[rng.choice(languages)]
        size = [1, 1, 2, 3][index % 4]
        queries.append(" ".join(rng.choice(words) for _ in range(size)))
    return queries


def naive_texts(query):
    """Biographies containing every word, any letter case, the first ten and a count."""
    people = Person.objects.published()
    for word in query.split():
        people = people.filter(
            Q(biography_ru__icontains=word)
            | Q(biography_kk__icontains=word)
            | Q(biography_en__icontains=word)
        )
    return list(people.order_by("pk").values_list("pk", flat=True)[:10]), people[:1001].count()


def timings(function, queries):
    for query in queries[:3]:
        function(query)  # warm the caches
    times = []
    for query in queries:
        started = time.perf_counter()
        function(query)
        times.append((time.perf_counter() - started) * 1000)
    return times


def row(label, times):
    return (
        f"| {label} | {len(times)} | {statistics.median(times):.1f} | "
        f"{percentile(times, 0.95):.1f} | {max(times):.1f} |"
    )


def text_search_table(queries=200, seed=31):
    sample = text_queries(queries, seed)
    client = server_client()
    texts = Person.objects.exclude(biography_ru="").count()
    lines = [
        f"Text search, {Person.objects.count():,} people, {texts:,} with a biography of a "
        f"few paragraphs ({connection.vendor}; one, two and three words of the synthetic "
        "vocabulary, Zipf-distributed in the texts, drawn uniformly as queries):",
        "",
        "| measure | queries | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
        row("texts, all kinds, ranked, with excerpts", timings(search_texts, sample)),
        row(
            "search page, names and texts (server time through Django)",
            timings(lambda query: client.get("/ru/search/", {"q": query}), sample),
        ),
        row(
            "baseline: biographies by case-blind containment, no index",
            timings(naive_texts, sample[:NAIVE_QUERIES]),
        ),
    ]
    return lines
