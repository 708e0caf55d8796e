"""Cache headers a reverse proxy can act on."""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from .outage import DATABASE_DOWN
from .page_cache import public_cache_seconds


class PublicCacheHeadersMiddleware:
    """Anonymous visitors' pages may be cached by a shared proxy for a few minutes; pages seen
    by a signed-in user (staff previews included) are private. A view that set its own
    Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response
        if request.path.startswith(f"/{settings.ADMIN_URL}"):
            return response
        signed_in = is_signed_in(request)
        if signed_in or response.cookies or response.status_code >= 500:
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code in (200, 301, 404):
            patch_cache_control(response, public=True, max_age=public_cache_seconds())
            patch_vary_headers(response, ["Cookie"])
        return response


def is_signed_in(request):
    user = getattr(request, "user", None)
    try:
        return user is not None and user.is_authenticated
    except DATABASE_DOWN:  # a session not readable now: taken for a signed-in one
        return True


class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
