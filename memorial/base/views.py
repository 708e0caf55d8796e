"""The mixin every public detail view shares, and media served only with their record."""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from . import media_cache
from .models import MediaItem
from .two_step import needs_second_factor


def is_staff(request):
    """Whether the request may see drafts. A staff session that still owes the second
    factor its role requires is a visitor's here too: the password alone must not open on
    the public site what it cannot open in the admin."""
    user = request.user
    return user.is_authenticated and user.is_staff and not needs_second_factor(user)


class PublishedOnlyMixin:
    """The public sees published records only; staff may preview a draft, never cached."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if is_staff(self.request):
            return queryset
        return queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_preview"):
            add_never_cache_headers(response)
        return response


def _owner_is_visible(item, staff):
    owner = item.content_object
    return owner is not None and (getattr(owner, "is_published", False) or staff)


def media_by_file_name(path):
    """The items whose image or thumbnail is stored under `path` (one at most): a query on
    the two file-name indexes (mediaitem_image_idx, mediaitem_thumbnail_idx)."""
    items = MediaItem.objects.filter(Q(image=path) | Q(thumbnail=path)).order_by("pk")
    return items.select_related(*media_cache.joined)


def _file_response(field, content_type):
    """The file itself, read through its storage (the filesystem, an object store, memory),
    or, behind nginx, an empty answer that tells nginx which file to send."""
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        # nginx unescapes the header; the stored name may hold Cyrillic or spaces.
        response["X-Accel-Redirect"] = prefix + quote(field.name)
        return response
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type=content_type)


def media_file(request, path):
    """Serve a photo or scan only when the record it belongs to is published (or to staff)."""
    item = media_by_file_name(path).first()
    staff = is_staff(request)
    if item is None or not _owner_is_visible(item, staff):
        raise Http404
    field = item.image if item.image.name == path else item.thumbnail
    content_type, _ = mimetypes.guess_type(field.name)
    response = _file_response(field, content_type or "application/octet-stream")
    if staff:
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, public=True, max_age=media_cache.public_media_seconds(item))
    return response
