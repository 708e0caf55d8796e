"""Rendered public pages kept in the cache for visitors who are not signed in.

A biography is read far more often than it changes, and rendering one costs a dozen
queries; from the cache it costs two lookups. Every cached page is keyed by a content
version that any save or delete of a public record bumps (see memorial.apps), so a
correction shows at once; PUBLIC_CACHE_SECONDS bounds anything a signal cannot see.
With several workers the cache must be shared (REDIS_URL), or each keeps its own copy.

Signed-in users (staff previews of drafts above all) are never served or stored a cached
page, nor are requests with a query string."""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.utils.translation import get_language

VERSION_KEY = "pages:version"
# Apps whose records appear on public pages; a save in any of them may change a page.
PUBLIC_APPS = {"people", "camps", "deportations", "memorial"}
# Written often and shown nowhere: saving them changes no page.
PRIVATE_MODELS = {"namekey", "surnamestem", "givenname", "pendingupload", "importjob"}


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def forget_pages(sender=None, **kwargs):
    """Signal receiver: a public record changed, so every cached page is out of date."""
    if sender is not None:
        meta = sender._meta
        if meta.app_label not in PUBLIC_APPS or meta.model_name in PRIVATE_MODELS:
            return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted: any new value is a new version
        cache.set(VERSION_KEY, 1, timeout=None)


def visitor_may_share(request):
    """A request whose answer is the same for every visitor: no session (so not signed in),
    no pending messages, and no query string."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


class CachedForVisitorsMixin:
    """For a view whose GET answer depends only on its address and language."""

    def dispatch(self, request, *args, **kwargs):
        if not visitor_may_share(request):
            return super().dispatch(request, *args, **kwargs)
        key = f"page:{content_version()}:{get_language()}:{request.path}"
        response = cache.get(key)
        if response is not None:
            return response
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            timeout = settings.PUBLIC_CACHE_SECONDS

            def store(rendered):
                cache.set(key, rendered, timeout)

            if hasattr(response, "add_post_render_callback"):
                response.add_post_render_callback(store)
            else:
                store(response)
        return response
