"""Admin pieces every app uses: sources, media, publication actions and the audit trail."""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.admin import GenericStackedInline, GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from . import history
from .models import Citation, MediaItem, Region, Source, Status


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = _("source cited")
    verbose_name_plural = _("sources cited")


class MediaItemInline(GenericStackedInline):
    model = MediaItem
    extra = 0
    fields = [
        ("image", "preview"),
        ("kind", "is_portrait", "position"),
        ("alt_text_kk", "alt_text_ru", "alt_text_en"),
        ("caption_kk", "caption_ru", "caption_en"),
        ("credit", "date"),
    ]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, item):
        if not item.thumbnail:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" height="120">', item.thumbnail.url, item.alt_text
        )


class HistoryAdmin(VersionAdmin):
    """Every save, action and deletion is kept as a version: the history page shows what
    changed, any version can be brought back, and deleted records can be recovered with
    their rows."""

    object_history_template = "admin/history/object_history.html"
    change_list_template = "admin/history/change_list.html"
    recover_list_template = "admin/history/recover_list.html"
    revision_form_template = "admin/history/revision_form.html"
    recover_form_template = "admin/history/revision_form.html"
    history_latest_first = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        history.SNAPSHOT_ON_DELETE.add(self.model._meta.concrete_model)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            record = self.get_object(request, unquote(object_id))
            if record is not None and self.has_change_permission(request, record):
                history.keep_first_version(record)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        # Inside a revision, the snapshot taken before the deletion knows who deleted.
        with self.create_revision(request):
            return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        opts = self.model._meta
        entries = history.history_entries(self.model, object_id)
        for entry in entries:
            entry["url"] = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                args=(quote(object_id), entry["version"].pk),
            )
        context = {"entries": entries, **(extra_context or {})}
        return admin.ModelAdmin.history_view(self, request, object_id, context)


AUDIT_FIELDS = ["status", "published_at", "created_at", "created_by", "updated_at", "updated_by"]


class PublishableAdmin(HistoryAdmin):
    """Records the public sees only once published; who created and changed them is kept."""

    readonly_fields = ["published_at", "created_at", "created_by", "updated_at", "updated_by"]
    actions = ["publish", "unpublish"]
    list_filter = ["status"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status):
        changed = 0
        # One save per record keeps published_at, updated_by and the admin log correct.
        for record in queryset.exclude(status=status):
            history.keep_first_version(record)
            record.status = status
            record.updated_by = request.user
            record.save()
            self.log_change(request, record, [{"changed": {"fields": ["status"]}}])
            changed += 1
        return changed

    @admin.action(description=_("Publish the selected records"), permissions=["change"])
    def publish(self, request, queryset):
        count = self._set_status(request, queryset, Status.PUBLISHED)
        message = ngettext("%(count)d record published.", "%(count)d records published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(
        description=_("Unpublish the selected records (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = self._set_status(request, queryset, Status.DRAFT)
        message = ngettext(
            "%(count)d record returned to draft.", "%(count)d records returned to draft.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["title", "kind", "archive", "fond", "opis", "delo"]
    list_filter = ["kind"]
    search_fields = ["title", "author", "publisher", "archive", "fond", "delo"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "author", "publisher", "date", "url"]}),
        (
            _("Archive reference"),
            {"fields": ["archive", ("fond", "opis", "delo", "sheets")]},
        ),
        (_("Book of Memory or publication"), {"fields": [("volume", "page")]}),
        (None, {"fields": ["reliability_note"]}),
    ]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]
