"""The editors' section of the admin: pages, stories and the home page's choices."""

from django.contrib import admin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from memorial.base.admin_classes import (
    PUBLICATION_FIELDSET,
    HistoryAdmin,
    MediaItemInline,
    PublishableAdmin,
    TranslationStatusMixin,
    WaitingForTranslationFilter,
    language_fieldsets,
)

from .models import HomePage, Page, Story


@admin.register(Page)
class PageAdmin(TranslationStatusMixin, PublishableAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "site page")
    list_display = ["__str__", "slug", "place", "position", "status", "publish_at"]
    list_editable = ["place", "position"]
    list_filter = ["status", "place", WaitingForTranslationFilter]
    search_fields = ["slug", "title_kk", "title_ru", "title_en"]
    readonly_fields = [*PublishableAdmin.readonly_fields, "translation_status"]
    fieldsets = [
        (None, {"fields": [("slug", "place", "position")]}),
        *language_fieldsets("title", "body"),
        PUBLICATION_FIELDSET,
    ]


@admin.register(Story)
class StoryAdmin(TranslationStatusMixin, PublishableAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "story")
    list_display = ["__str__", "kind", "status", "publish_at", "updated_at"]
    list_filter = ["status", "kind", WaitingForTranslationFilter]
    search_fields = ["slug", "title_kk", "title_ru", "title_en"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title_ru"]}
    autocomplete_fields = ["featured_people", "featured_camps", "featured_deportations"]
    readonly_fields = [*PublishableAdmin.readonly_fields, "translation_status"]
    inlines = [MediaItemInline]
    fieldsets = [
        (None, {"fields": [("kind", "slug")]}),
        *language_fieldsets("title", "summary", "body"),
        (
            _("Featured on their pages"),
            {"fields": ["featured_people", "featured_camps", "featured_deportations"]},
        ),
        PUBLICATION_FIELDSET,
    ]


@admin.register(HomePage)
class HomePageAdmin(HistoryAdmin):
    """One home page: its list leads straight to it."""

    verbose_name_accusative = pgettext_lazy("accusative", "home page")

    autocomplete_fields = ["featured_story", "featured_people"]
    fieldsets = [
        *language_fieldsets("intro"),
        (_("Featured"), {"fields": ["featured_story", "featured_people"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        home = HomePage.load()
        return redirect("admin:pages_homepage_change", home.pk)
