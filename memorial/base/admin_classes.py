"""The admin's shared base classes: history and undo, publication, translations, and the
inlines for sources and media. The registrations are in each app's admin.py."""

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.admin import GenericStackedInline
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from . import history
from .admin_rows import QuickRowsMixin
from .models import Citation, MediaItem, Status
from .translation import (
    LANGUAGE_CODES,
    LANGUAGE_LABELS,
    column,
    missing_languages,
    translated_names,
    waiting_for,
)


class CitationInline(GenericStackedInline):
    """Stacked: as a table, a source's long title and the note ran past a 1366 px screen."""

    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = [("source", "locator"), "note"]
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


class TitledAdmin:
    """Titles that put the model's name in the form the sentence needs.

    Django builds "Select %s to change" from the verbose_name, which Russian and Kazakh
    must decline ("Выберите человека", "Адамды таңдаңыз"). Each admin gives its model's
    accusative as `verbose_name_accusative` (pgettext "accusative"), and every title is a
    message of the portal's own that takes it. Mixed in before ModelAdmin."""

    verbose_name_accusative = None

    def accusative(self):
        return self.verbose_name_accusative or self.opts.verbose_name

    def titled(self, message):
        return capfirst(str(message) % {"name": self.accusative()})

    def changelist_view(self, request, extra_context=None):
        if self.has_change_permission(request):
            title = self.titled(pgettext_lazy("admin title", "Select %(name)s to change"))
        else:
            title = self.titled(pgettext_lazy("admin title", "Select %(name)s to view"))
        # A popup's chooser keeps Django's own title ("Select %s").
        titles = {} if "_popup" in request.GET else {"title": title}
        titles["add_title"] = self.titled(pgettext_lazy("admin title", "Add %(name)s"))
        return super().changelist_view(request, {**titles, **(extra_context or {})})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None:
            title = self.titled(pgettext_lazy("admin title", "Add %(name)s"))
        elif self.has_change_permission(request):
            title = self.titled(pgettext_lazy("admin title", "Change %(name)s"))
        else:
            title = self.titled(pgettext_lazy("admin title", "View %(name)s"))
        extra_context = {"title": title, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        """What a deletion takes with it, without the rows that only linked two records
        (Django names them in English: "Story-person relationship: … object (1)")."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [
            model._meta
            for model in apps.get_models(include_auto_created=True)
            if model._meta.auto_created
        ]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        plurals = {str(opts.verbose_name_plural) for opts in links}
        counts = {name: count for name, count in counts.items() if str(name) not in plurals}
        return without_links(deleted, prefixes), counts, perms_needed, protected

    def delete_view(self, request, object_id, extra_context=None):
        # The confirmation's sentences ("Вы уверены, что хотите удалить …") take the
        # accusative; the project's catalogues word them so.
        extra_context = {"object_name": self.accusative(), **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context)


def without_links(items, prefixes):
    return [
        without_links(item, prefixes) if isinstance(item, list) else item
        for item in items
        if isinstance(item, list) or not str(item).startswith(prefixes)
    ]


class TitledModelAdmin(QuickRowsMixin, TitledAdmin, admin.ModelAdmin):
    """A plain ModelAdmin (without history) with the declined titles."""


class HistoryAdmin(QuickRowsMixin, TitledAdmin, VersionAdmin):
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

    def reversion_register(self, model, **options):
        history.register(model, **options)

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

    def own_version(self, version_id, **lookups):
        """The version, if it is one of this model's (not of another's, through its URL)."""
        content_type = ContentType.objects.get_for_model(self.model)
        return get_object_or_404(Version, pk=version_id, content_type=content_type, **lookups)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """An earlier version, shown from what was stored; sent back, it is brought back."""
        version = self.own_version(version_id, object_id=unquote(object_id))
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            return self.bring_back(request, version)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return self.stored_version_view(
            request, version, can_bring_back=self.has_change_permission(request)
        )

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted record as it was last kept; sent back, it is recovered with its rows."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = self.own_version(version_id)
        if request.method == "POST":
            return self.bring_back(request, version, recovering=True)
        return self.stored_version_view(request, version, can_bring_back=True, recovering=True)

    def stored_version_view(self, request, version, *, can_bring_back, recovering=False):
        opts = self.model._meta
        moment = localize(template_localtime(version.revision.date_created))
        if recovering:
            title = _("Recover %(name)s") % {"name": version.object_repr}
        else:
            title = _("%(name)s as it was on %(moment)s") % {
                "name": version.object_repr,
                "moment": moment,
            }
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": title,
            "recover": recovering,
            "version": version,
            "object_id": quote(version.object_id),
            "original": self.model._default_manager.filter(pk=version.object_id).first(),
            "stored": history.stored_version(self.model, version),
            "can_bring_back": can_bring_back,
        }
        request.current_app = self.admin_site.name
        template = self.recover_form_template if recovering else self.revision_form_template
        return TemplateResponse(request, template, context)

    def kept_on_bring_back(self):
        """{model: fields} that keep their present value when a version is brought back: what
        only its own procedure may change. Nothing by default."""
        return {}

    def bring_back_refusal(self, request, version):
        """Why this version may not be brought back now (a message), or None."""
        return None

    def bring_back(self, request, version, *, recovering=False):
        """Only this record and its rows come back, after the present state is written
        down, in one transaction: a row that cannot come back leaves everything as it was."""
        refusal = self.bring_back_refusal(request, version)
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            return redirect(
                f"{self.admin_site.name}:{self.model._meta.app_label}_"
                f"{self.model._meta.model_name}_history",
                quote(version.object_id),
            )
        moment = localize(template_localtime(version.revision.date_created))
        if recovering:
            message = _("Recovered as it was kept on %(moment)s") % {"moment": moment}
        else:
            message = _("Brought back the version of %(moment)s") % {"moment": moment}
        try:
            with transaction.atomic(), self.create_revision(request):
                present = self.model._default_manager.filter(pk=version.object_id).first()
                if present is not None:
                    history.snapshot(
                        present,
                        user=request.user,
                        comment=_("As it was before an earlier version was brought back."),
                    )
                left_out = history.revert_record(
                    version, self.model, keep=self.kept_on_bring_back()
                )
                record = self.model._default_manager.get(pk=version.object_id)
                # Brought back as stored, by this user; a save redoes what follows from the
                # fields (the name keys search uses, the address).
                if hasattr(record, "updated_by_id"):
                    record.updated_by = request.user
                record.save()
                self.log_change(request, record, str(message))
        except (RevertError, ProtectedError) as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(
                f"{self.admin_site.name}:{self.model._meta.app_label}_"
                f"{self.model._meta.model_name}_changelist"
            )
        self.message_user(request, message, messages.SUCCESS)
        for row in left_out:
            self.message_user(request, row, messages.WARNING)
        return redirect(
            f"{self.admin_site.name}:{self.model._meta.app_label}_"
            f"{self.model._meta.model_name}_change",
            quote(record.pk),
        )

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


class WaitingForTranslationFilter(admin.SimpleListFilter):
    """Records with a text in one language that another language still lacks."""

    title = _("waiting for translation into")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(code, LANGUAGE_LABELS[code]) for code in LANGUAGE_CODES]

    def queryset(self, request, queryset):
        if self.value() in LANGUAGE_CODES:
            return queryset.filter(waiting_for(queryset.model, self.value()))
        return queryset


class TranslationStatusMixin:
    """A read-only line on the change page: which languages still lack a text."""

    @admin.display(description=_("translations"))
    def translation_status(self, record):
        missing = missing_languages(record)
        if not any(
            getattr(record, column(name, code))
            for name in translated_names(type(record))
            for code in LANGUAGE_CODES
        ):
            return _("no text yet")
        if not missing:
            return _("complete in all three languages")
        return _("missing in: %(languages)s") % {
            "languages": ", ".join(str(LANGUAGE_LABELS[code]) for code in missing)
        }


def language_fieldsets(*names):
    """One fieldset per language with that language's version of each text."""
    return [
        (LANGUAGE_LABELS[code], {"fields": [column(name, code) for name in names]})
        for code in LANGUAGE_CODES
    ]


PUBLICATION_FIELDSET = (
    _("Publication"),
    {
        "fields": [
            ("status", "publish_at"),
            "translation_status",
            ("created_at", "created_by"),
            ("updated_at", "updated_by"),
            "published_at",
        ]
    },
)
