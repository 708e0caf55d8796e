"""How long a browser or a shared cache (a CDN) may keep a public photo.

Photos an archivist put on a record change rarely and are kept for an hour. Photos that can
be taken back at once (a family withdrawing its testimony, people/family_link.py) are kept
no longer than the pages that show them (PUBLIC_CACHE_SECONDS), so that a withdrawal leaves
a CDN's copies of the page and of its photos within the same few minutes. The apps that
publish such photos say which they are here: this base layer knows none of them."""

from .page_cache import public_cache_seconds

PHOTO_CACHE_SECONDS = 3600

# Tests (item -> bool) that the apps register in their AppConfig.ready(), and the reverse
# one-to-one relations they read, which the media view joins to its one query.
withdrawable = []
joined = []


def public_media_seconds(item):
    seconds = PHOTO_CACHE_SECONDS
    if any(test(item) for test in withdrawable):
        seconds = min(seconds, public_cache_seconds())
    return seconds
