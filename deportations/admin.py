from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from camps.admin import PUBLICATION_FIELDSET
from memorial.base.admin_classes import (
    CitationInline,
    MediaItemInline,
    PublishableAdmin,
    WaitingForTranslationFilter,
)

from .models import Deportation, DeportationFigure, DeportedPeople


class DeportationFigureInline(admin.TabularInline):
    model = DeportationFigure
    extra = 0
    autocomplete_fields = ["source"]


@admin.register(DeportedPeople)
class DeportedPeopleAdmin(PublishableAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "deported people")
    list_display = ["name", "self_designation", "status"]
    search_fields = ["name", "self_designation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CitationInline, MediaItemInline]
    fieldsets = [
        (None, {"fields": [("name", "slug"), "self_designation"]}),
        (_("History"), {"fields": ["description_kk", "description_ru", "description_en"]}),
        PUBLICATION_FIELDSET,
    ]


@admin.register(Deportation)
class DeportationAdmin(PublishableAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "deportation")
    list_display = ["title", "start", "end", "status"]
    list_filter = ["status", "peoples", WaitingForTranslationFilter]
    search_fields = ["title", "legal_act", "origin"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["peoples", "destinations"]
    inlines = [DeportationFigureInline, CitationInline, MediaItemInline]
    fieldsets = [
        (None, {"fields": [("title", "slug"), "peoples"]}),
        (_("Legal act"), {"fields": ["legal_act", "legal_act_date"]}),
        (_("Dates and places"), {"fields": [("start", "end"), "origin", "destinations"]}),
        (_("History"), {"fields": ["description_kk", "description_ru", "description_en"]}),
        PUBLICATION_FIELDSET,
    ]
