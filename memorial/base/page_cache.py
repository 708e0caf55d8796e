"""Rendered public pages kept in the cache for visitors who are not signed in.

A biography is read far more often than it changes, and rendering one costs a dozen
queries; from the cache it costs two lookups. Every cached page is keyed by a content
version that any save or delete of a public record bumps (see memorial.apps), so a
correction shows at once (within a second on other workers); PUBLIC_CACHE_SECONDS bounds
anything a signal cannot see.
With several workers the cache must be shared (REDIS_URL), or each keeps its own copy.

Signed-in users (staff previews of drafts above all) are never served or stored a cached
page, nor are requests with a query string, unless the view says which of its parameters
make another page (`page_cache_key_parts`)."""

import threading
import time
from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.utils.translation import get_language

from .outage import DATABASE_DOWN

VERSION_KEY = "pages:version"
# Each app says whether its records appear on public pages (its AppConfig's
# `shown_on_public_pages`), and which of its models, written often and shown nowhere, change
# no page when saved (`never_on_public_pages`, model names): a save of any other may.


# Each worker remembers the version for a second, saving a cache round trip per page;
# a change made through another worker shows within that second.
VERSION_MEMORY_SECONDS = 1.0
# While the database cannot say when the next story appears, how long before asking again.
OUTAGE_MEMORY_SECONDS = 10.0
_remembered = {"version": None, "until": 0.0, "due": None, "changed": None}


# The time (epoch seconds) at which the next scheduled page or story appears, if any.
DUE_KEY = "pages:next-publication"
# The last time (epoch seconds) something public may have been withdrawn: kept copies of
# pages older than that are never served (CachedForVisitorsMixin).
WITHDRAWN_KEY = "pages:withdrawn-at"
# When a public record last changed (epoch seconds), kept only with a read replica
# (memorial.base.db_routers): pages are read from the primary until the replica has it too.
CHANGED_KEY = "pages:changed-at"


def content_version():
    now = time.monotonic()
    if _remembered["version"] is not None and now < _remembered["until"]:
        return _remembered["version"]
    found = cache.get_many([VERSION_KEY, DUE_KEY, CHANGED_KEY])
    version, due = found.get(VERSION_KEY), found.get(DUE_KEY)
    if due is not None and time.time() >= due:
        # A scheduled story's time has come: every page that lists stories is out of date.
        try:
            due = remember_next_publication()
        except DATABASE_DOWN:
            # Cached pages are still served while the database is away; asked again later.
            version = _remembered["version"] or version or 1
            _remembered.update(version=version, until=now + OUTAGE_MEMORY_SECONDS)
            return version
        forget_pages()
        version = cache.get(VERSION_KEY)
    if version is None:
        # Started from the clock, so that a flushed cache never brings back an old number
        # (and with it pages a worker still holds under that number).
        cache.add(VERSION_KEY, time.time_ns() // 1_000_000, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    _remembered.update(
        version=version, until=now + VERSION_MEMORY_SECONDS, due=due, changed=found.get(CHANGED_KEY)
    )
    return version


def changed_within(seconds):
    """Whether a public record changed in the last `seconds` (known only with a replica)."""
    content_version()  # reads the time of the last change along with the version
    changed = _remembered["changed"]
    return changed is not None and time.time() - changed < seconds


def public_cache_seconds():
    """How long a browser or proxy may keep a public page: PUBLIC_CACHE_SECONDS, or less when
    a scheduled story or page is due sooner, so that no one is shown the page without it."""
    content_version()  # reads the next publication time along with the version
    due = _remembered["due"]
    seconds = settings.PUBLIC_CACHE_SECONDS
    if due is not None:
        seconds = min(seconds, max(0, int(due - time.time())))
    return seconds


# Models whose records appear at a set time (pages and stories), named by their app.
SCHEDULED_MODELS = []


def schedule_publications_of(model):
    """Have pages forgotten when a record of `model` (with `status` and `publish_at`) comes
    due, as when it is saved."""
    if model not in SCHEDULED_MODELS:
        SCHEDULED_MODELS.append(model)


def remember_next_publication(**kwargs):
    """Note when the next scheduled page or story appears (also a receiver of their saves
    and deletions)."""
    from django.db.models import Min
    from django.utils import timezone

    from .models import Status

    now = timezone.now()
    times = [
        model.objects.filter(status=Status.PUBLISHED, publish_at__gt=now).aggregate(
            next=Min("publish_at")
        )["next"]
        for model in SCHEDULED_MODELS
    ]
    times = [moment for moment in times if moment is not None]
    due = min(times).timestamp() if times else None
    if due is not None:
        cache.set(DUE_KEY, due, timeout=None)
    else:
        cache.delete(DUE_KEY)
    _remembered["due"] = due
    return due


def forget_pages(sender=None, **kwargs):
    """Signal receiver: a public record changed, so every cached page is out of date."""
    if sender is None or may_withdraw(**kwargs):
        # Kept copies (served while the database is away) may show what is no longer public.
        cache.set(WITHDRAWN_KEY, time.time(), timeout=None)
    if sender is not None:
        meta = sender._meta
        try:
            config = apps.get_app_config(meta.app_label)
        except LookupError:  # a migration's model of an app no longer installed
            return
        if not getattr(config, "shown_on_public_pages", False):
            return
        if meta.model_name in getattr(config, "never_on_public_pages", ()):
            return
    bump_version()
    # Again once the change is committed: until then another worker reads the old rows, and
    # may have stored them under the version just taken.
    transaction.on_commit(bump_version)


def bump_version():
    """A new content version: every page cached under an older one is out of date."""
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted: start again above any page's version
        version = max(time.time_ns() // 1_000_000, (_remembered["version"] or 0) + 1)
        cache.set(VERSION_KEY, version, timeout=None)
    _remembered.update(version=version, until=time.monotonic() + VERSION_MEMORY_SECONDS)
    if settings.REPLICA_READS:
        _remembered["changed"] = time.time()
        cache.set(CHANGED_KEY, _remembered["changed"], timeout=settings.REPLICA_PIN_SECONDS + 1)


def may_withdraw(signal=None, instance=None, action=None, **kwargs):
    """Whether a change may take something off the public pages: a record once published
    that is deleted or no longer published, one moved to the future, a removal from a
    relation. (The rows a record's save rewrites, such as its name keys, are not.)"""
    if action in ("post_remove", "post_clear"):
        return True
    if getattr(instance, "published_at", None) and (
        signal is post_delete or not getattr(instance, "is_published", True)
    ):
        return True
    publish_at = getattr(instance, "publish_at", None)
    return publish_at is not None and publish_at.timestamp() > time.time()


def visitor_may_share(request):
    """A request whose answer is the same for every visitor with the same address: no
    session (so not signed in) and no pending messages."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def page_key(parts):
    """The cache key of a visitor's page: the records' version, the language and what the
    view says the page depends on. "v2" names the stored format: after a deploy that changes
    it, old entries go unread."""
    return ":".join(("page:v2", str(content_version()), get_language(), *parts))


def forget_page(parts):
    """Drop one page from the shared cache and this worker's memory (for measuring renders)."""
    key = page_key(parts)
    cache.delete(key)
    recent_pages.delete(key)


class RecentPages:
    """The pages this worker served last, kept in its own memory in front of the shared
    cache: a popular biography costs neither a render nor a round trip to Redis. Entries
    are keyed by content version like the shared ones, so a change makes them unreachable."""

    def __init__(self, size):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()  # runserver and threaded servers share one process

    def get(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            page, until = entry
            if until < time.monotonic():
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key, page, timeout):
        with self.lock:
            self.pages[key] = (page, time.monotonic() + timeout)
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def delete(self, key):
        with self.lock:
            self.pages.pop(key, None)

    def clear(self):
        with self.lock:
            self.pages.clear()


recent_pages = RecentPages(settings.PAGE_CACHE_WORKER_ENTRIES)
# Whole responses by address, headers included, for address_cache.AddressPageCacheMiddleware.
kept_by_address = RecentPages(settings.PAGE_CACHE_WORKER_ENTRIES)


def reset():
    """Forget what this process holds (the tests start each from nothing)."""
    recent_pages.clear()
    kept_by_address.clear()
    _remembered.update(version=None, until=0.0, due=None, changed=None)


class CachedForVisitorsMixin:
    """For a view whose GET answer depends only on its address and language: the page is
    stored when it is a 200 that sets no cookie, for `page_cache_seconds`."""

    page_cache_seconds = None  # None: PUBLIC_CACHE_SECONDS

    def page_cache_key_parts(self, request):
        """What the page depends on beside the language and the records, as strings, or None
        where it is not to be shared. A view whose parameters a form reads says here which
        choices they make (one entry for any spelling of them, none for junk)."""
        return None if request.GET else (request.path,)

    def dispatch(self, request, *args, **kwargs):
        parts = self.page_cache_key_parts(request) if visitor_may_share(request) else None
        if parts is None:
            return super().dispatch(request, *args, **kwargs)
        key = page_key(parts)
        timeout = self.page_cache_seconds or settings.PUBLIC_CACHE_SECONDS
        stored = recent_pages.get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is not None:
                recent_pages.put(key, stored, timeout)
        if stored is not None:
            content, content_type = stored
            return shared(HttpResponse(content, content_type=content_type), timeout)
        try:
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response.render()  # the template's queries, while a kept copy can still help
        except DATABASE_DOWN:
            kept = kept_page(parts)
            if kept is None:
                raise
            return kept
        if response.status_code == 200 and not response.cookies:
            # The page and its type only: a whole response object costs more to unpickle.
            page = (response.content, response["Content-Type"])
            cache.set(key, page, timeout)
            recent_pages.put(key, page, timeout)
            cache.set(kept_key(parts), (*page, time.time()), settings.PAGE_CACHE_KEPT_SECONDS)
            shared(response, timeout)
        return response


def shared(response, seconds):
    """Mark a page every visitor may be given for `seconds`: the address cache keeps it."""
    response.shared_for_seconds = seconds
    return response


def kept_key(parts):
    """The last good copy of a page, whatever the records' version: served only while the
    database cannot be read."""
    return ":".join(("page-kept:v1", get_language(), *parts))


def kept_page(parts):
    """The kept copy of a page, marked stale, unless something public was withdrawn since."""
    found = cache.get_many([kept_key(parts), WITHDRAWN_KEY])
    kept, withdrawn = found.get(kept_key(parts)), found.get(WITHDRAWN_KEY)
    if kept is None or (withdrawn is not None and kept[2] <= withdrawn):
        return None
    content, content_type, stored_at = kept
    response = HttpResponse(content, content_type=content_type)
    response["X-Memorial-Stale"] = "1"
    response["Age"] = str(max(0, int(time.time() - stored_at)))
    # Not to be kept by a proxy: the next visitor may get the page as it is now.
    response["Cache-Control"] = "no-cache"
    return response
