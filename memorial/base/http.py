"""Request helpers: the visitor's address behind proxies, and cache-based rate limits."""

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The visitor's address. Behind TRUSTED_PROXY_COUNT proxies, the address the nearest
    trusted proxy saw, taken from the right of X-Forwarded-For, which a visitor cannot forge."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_count(key, seconds=3600):
    """Count one event for `key` in a window that starts with its first event."""
    cache_key = f"rate:{key}"
    if not cache.add(cache_key, 1, seconds):
        try:
            cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, seconds)


def rate_limited(key, limit):
    return cache.get(f"rate:{key}", 0) >= limit
