"""The mixin every public detail view shares, and media served only with their record."""

import mimetypes

from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .models import MediaItem


def is_staff(request):
    return request.user.is_authenticated and request.user.is_staff


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


def _owner_is_visible(item, request):
    owner = item.content_object
    return owner is not None and (getattr(owner, "is_published", False) or is_staff(request))


def media_file(request, path):
    """Serve a photo or scan only when the record it belongs to is published (or to staff)."""
    item = (
        MediaItem.objects.filter(image=path).first()
        or MediaItem.objects.filter(thumbnail=path).first()
    )
    if item is None or not _owner_is_visible(item, request):
        raise Http404
    field = item.image if item.image.name == path else item.thumbnail
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type, _ = mimetypes.guess_type(field.name)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    if is_staff(request):
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, public=True, max_age=3600)
    return response
