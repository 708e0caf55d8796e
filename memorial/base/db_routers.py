"""Anonymous visitors' public pages read from a replica of the database (docs/scaling.md).

With DATABASE_REPLICA_URL set (settings.REPLICA_READS), a GET or HEAD from a visitor with no
session reads from the "replica" alias, outside any transaction. Everything else reads and
writes the primary ("default"): staff and the admin, every other method, the background
worker, management commands and migrations (only a request served through the middleware
below ever reads from the replica).

A replica lags behind the primary, so a page read right after a save must not come from it:
a visitor who sent a form, or whose request wrote, reads from the primary for
REPLICA_PIN_SECONDS (a cookie), and so does everyone for that long after a public record
changed; else a page rendered from the lagging replica would be kept in the page cache under
the new content version.
"""

import contextvars
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from . import page_cache

REPLICA = "replica"
PIN_COOKIE = "memorial_primary"


@dataclass
class RequestReads:
    replica: bool  # may this request's reads go to the replica
    wrote: bool = False  # did it ask for the database to write to


# The request being served by this thread (or task): a context variable, not a thread-local,
# so that code run for the request elsewhere (asgiref's sync_to_async) sees the same.
current_request = contextvars.ContextVar("memorial_request_reads", default=None)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        reads = current_request.get()
        if reads and reads.replica and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        reads = current_request.get()
        if reads is not None:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # a replica takes its tables from the primary


def may_read_replica(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
        and not request.path.startswith(f"/{settings.ADMIN_URL}")
        and not page_cache.changed_within(settings.REPLICA_PIN_SECONDS)
    )


class ReplicaReadsMiddleware:
    """Says for each request whether its reads may go to the replica, and pins a visitor
    who sent a form, or whose request wrote, to the primary for REPLICA_PIN_SECONDS. Placed inside
    PublicCacheHeadersMiddleware, which keeps a response that sets the cookie private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.REPLICA_READS:
            return self.get_response(request)
        reads = RequestReads(replica=may_read_replica(request))
        token = current_request.set(reads)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        if reads.wrote or request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
