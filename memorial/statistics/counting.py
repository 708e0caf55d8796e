"""The charts counted once per change of the records, per filters and language.

Recounting a million people takes the database a second or two; the charts are kept in the
cache under the content version that every save of a public record changes
(memorial.base.page_cache), so a correction shows at once and a visit costs a cache read."""

import hashlib

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import get_language

from memorial.base.page_cache import content_version

from .charts import CHARTS, draw
from .figures import count_all
from .filtering import chosen, query_string

# Long enough that the statistics are recounted rarely; the content version changes the key
# whenever a public record changes.
CACHE_SECONDS = 24 * 60 * 60


def filters_digest(items):
    # Hashed so that filters of any length make a valid key.
    return hashlib.sha256(query_string(items).encode()).hexdigest()[:32]


def cache_key(items):
    # "v1" names the stored format.
    return f"statistics:v1:{content_version()}:{get_language()}:{filters_digest(items)}"


# Memory for each PostgreSQL sort or hash of a count: with the default 4 MB a million cases
# are grouped on disk, and a recount takes seconds more.
COUNTING_MEMORY = "64MB"


def count_charts(people, *, filtered=True):
    """Every chart of the people chosen, from a few grouped queries (figures.py)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # LOCAL: for this transaction only, never for the connection's next request.
                # set_config() rather than SET: a parameter of SET cannot be bound on the
                # server (the connections bind parameters there; settings/base.py).
                cursor.execute("SELECT set_config('work_mem', %s, true)", [COUNTING_MEMORY])
                # Compiling the grouped queries costs a tenth of a second each, for no gain.
                cursor.execute("SET LOCAL jit = off")
        counted = count_all(people, filtered=filtered)
    return [draw(kind, counted[kind.slug]) for kind in CHARTS]


def charts_for(people, items):
    """The charts of the filters given, from the cache when counted since the last change."""
    return cache.get_or_set(
        cache_key(items), lambda: count_charts(people, filtered=bool(items)), CACHE_SECONDS
    )


def page_parts(path, form):
    """What the rendered page depends on beside its language and the records (the page
    cache's key): the filters as the form reads them, so that parameters it ignores and
    other spellings of one choice share one entry. None for filters with errors: such a
    page is not kept (every wrong value would be an entry)."""
    if not form.is_valid():
        return None
    return (path, filters_digest(chosen(form)))


def chart_for(people, items, slug):
    return next(chart for chart in charts_for(people, items) if chart["slug"] == slug)
