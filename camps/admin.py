from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from memorial.base.admin_classes import (
    CitationInline,
    MediaItemInline,
    PublishableAdmin,
    WaitingForTranslationFilter,
)

from .models import BurialSite, Camp, PrisonerEstimate

LOCATION_FIELDSET = (
    _("Location"),
    {"fields": ["place", "region", ("latitude", "longitude")]},
)
PUBLICATION_FIELDSET = (
    _("Publication"),
    {
        "fields": [
            "status",
            ("created_at", "created_by"),
            ("updated_at", "updated_by"),
            "published_at",
        ]
    },
)


class PrisonerEstimateInline(admin.TabularInline):
    model = PrisonerEstimate
    extra = 0
    autocomplete_fields = ["source"]


@admin.register(Camp)
class CampAdmin(PublishableAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "camp")
    list_display = ["name", "kind", "parent", "opened", "closed", "status"]
    list_select_related = ["parent"]
    list_filter = ["status", "kind", WaitingForTranslationFilter]
    search_fields = ["name", "full_name", "abbreviation", "place"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "region"]
    inlines = [PrisonerEstimateInline, CitationInline, MediaItemInline]
    fieldsets = [
        (None, {"fields": [("name", "slug"), "full_name", ("abbreviation", "kind"), "parent"]}),
        (_("Dates"), {"fields": [("opened", "closed")]}),
        LOCATION_FIELDSET,
        (_("History"), {"fields": ["description_kk", "description_ru", "description_en"]}),
        PUBLICATION_FIELDSET,
    ]


@admin.register(BurialSite)
class BurialSiteAdmin(PublishableAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "burial site")
    list_display = ["name", "kind", "place", "status"]
    list_filter = ["status", "kind", WaitingForTranslationFilter]
    search_fields = ["name", "place"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region"]
    inlines = [CitationInline, MediaItemInline]
    fieldsets = [
        (None, {"fields": [("name", "slug"), "kind"]}),
        LOCATION_FIELDSET,
        (_("Description"), {"fields": ["description_kk", "description_ru", "description_en"]}),
        PUBLICATION_FIELDSET,
    ]
