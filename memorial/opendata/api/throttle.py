"""The API's rate limit: so many requests a minute from one address, counted in the shared
cache so that every worker counts together. The bulk downloads are the way to take all."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from memorial.base.http import client_address

WINDOW_SECONDS = 60


@dataclass
class Limit:
    limit: int
    used: int
    reset: int  # seconds until the window starts again

    @property
    def exceeded(self):
        return bool(self.limit) and self.used > self.limit

    def add_headers(self, response):
        if not self.limit:
            return
        # The IETF's RateLimit header fields, which clients and proxies read.
        response["RateLimit-Limit"] = str(self.limit)
        response["RateLimit-Remaining"] = str(max(self.limit - self.used, 0))
        response["RateLimit-Reset"] = str(self.reset)
        if self.exceeded:
            response["Retry-After"] = str(self.reset)


def throttle(request):
    limit = settings.API_RATE_LIMIT
    now = time.time()
    reset = WINDOW_SECONDS - int(now % WINDOW_SECONDS)
    if not limit:
        return Limit(0, 0, reset)
    key = f"api-rate:{client_address(request)}:{int(now // WINDOW_SECONDS)}"
    if cache.add(key, 1, WINDOW_SECONDS * 2):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS * 2)
            used = 1
    return Limit(limit, used, reset)
