"""While the database is unreachable (a restart, a failover): a page read once more on a
fresh connection, then a 503 that says to come back soon, in the visitor's language
(docs/database-outages.md). Cached pages need no database at all (page_cache.py)."""

import contextlib
import logging

import psycopg
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from psycopg_pool import PoolTimeout, TooManyRequests

# What a dropped or refused connection raises; a query's own mistakes (IntegrityError,
# ProgrammingError) are not an outage and still fail loudly. psycopg's own errors too:
# closing a server-side cursor (a queryset's iterator()) on a dead connection raises them
# past Django's wrapping.
DATABASE_DOWN = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
RETRY_AFTER_SECONDS = 30
SAFE_METHODS = ("GET", "HEAD")

logger = logging.getLogger(__name__)


def in_transaction():
    return any(db.in_atomic_block for db in connections.all(initialized_only=True))


def may_retry(request, exception):
    """A read outside a transaction that lost its connection; not one the pool already made
    wait for a connection in vain."""
    return (
        request.method in SAFE_METHODS
        and not isinstance(exception.__cause__, (PoolTimeout, TooManyRequests))
        and not in_transaction()
    )


def drop_connections():
    """Close every open connection outside a transaction, so that the next query opens a
    fresh one, and have each pool drop the broken connections it holds: otherwise the next
    request tries them one by one, pausing longer after each (psycopg-pool's backoff), and
    can time out on a server that is back."""
    for db in connections.all(initialized_only=True):
        # Closed inside a transaction, a connection could neither finish nor undo it.
        if not db.in_atomic_block:
            with contextlib.suppress(*DATABASE_DOWN):
                db.close()
        pool = getattr(db, "pool", None)
        if pool is not None:
            pool.check()


def unavailable(request):
    """The 503 answer: JSON for the API, otherwise a page that needs no database."""
    if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        message = _("The database is not answering just now. Please try again in a minute.")
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """A GET or HEAD whose view met a dropped connection is run once more on a fresh one
    (never inside a transaction, never for a write); what still fails answers 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        drop_connections()
        if may_retry(request, exception):
            match = request.resolver_match
            try:
                response = match.func(request, *match.args, **match.kwargs)
                if callable(getattr(response, "render", None)):
                    response.render()  # a template's queries fail here, not later
                return response
            except DATABASE_DOWN as error:
                exception = error
        logger.warning(
            "Database unavailable for %s %s: %s", request.method, request.path, exception
        )
        return unavailable(request)
