"""The charts counted once per change of the records, per filters and language.

Recounting a million people takes the database a second or two; the charts are kept in the
cache under the content version that every save of a public record changes
(memorial.base.page_cache), so a correction shows at once and a visit costs a cache read."""

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language

from memorial.base.page_cache import content_version

from .charts import CHARTS, draw
from .filtering import query_string

# Long enough that the statistics are recounted rarely; the content version changes the key
# whenever a public record changes.
CACHE_SECONDS = 24 * 60 * 60


def cache_key(items):
    # "v1" names the stored format; the filters are hashed so any length makes a valid key.
    filters = hashlib.sha256(query_string(items).encode()).hexdigest()[:32]
    return f"statistics:v1:{content_version()}:{get_language()}:{filters}"


def count_charts(people):
    """Every chart of the people chosen: one grouped query each."""
    return [draw(kind, kind.count(people)) for kind in CHARTS]


def charts_for(people, items):
    """The charts of the filters given, from the cache when counted since the last change."""
    return cache.get_or_set(cache_key(items), lambda: count_charts(people), CACHE_SECONDS)


def chart_for(people, items, slug):
    return next(chart for chart in charts_for(people, items) if chart["slug"] == slug)
