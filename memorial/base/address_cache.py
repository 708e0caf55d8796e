"""Whole cached pages answered by their address, before anything else looks at the request.

CachedForVisitorsMixin answers a cached biography from the view: by then the session, the
language, CSRF, the user, the second factor and the sign-in guard have all been through
the request, and the URL has been resolved, which made a cached biography slower than a
view that returns a few bytes. A page the mixin shared, asked for by its plain address (no
query string) by a visitor who may share it, is kept here as it left the middleware inside
(its headers included: language, CSP, framing) and the next such request is answered with
it at once. Keyed by the content version as the mixin's pages are, so a change to the
records makes every kept page unreachable; kept in this worker's memory only: the mixin's
shared copy fills it again on another worker.
"""

from django.http import HttpResponse

from .page_cache import content_version, kept_by_address, visitor_may_share


def address_key(request):
    """The key of the page at the request's address, or None if it may not be shared."""
    if request.META.get("QUERY_STRING") or not visitor_may_share(request):
        return None
    return key_for(request.path)


def key_for(path):
    return f"address:v1:{content_version()}:{path}"


def forget_address(path):
    """Drop the page kept for `path` in this worker (for measuring renders)."""
    kept_by_address.delete(key_for(path))


class AddressPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = address_key(request)
        kept = kept_by_address.get(key) if key else None
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        shared_for = getattr(response, "shared_for_seconds", None)
        if key and shared_for and request.method == "GET" and not response.cookies:
            if response.status_code == 200:
                kept_by_address.put(key, (response.content, dict(response.items())), shared_for)
        return response
