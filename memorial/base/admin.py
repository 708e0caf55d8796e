"""Sources and regions in the admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .admin_classes import HistoryAdmin, TitledModelAdmin
from .models import Region, Source


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "source")
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
class RegionAdmin(TitledModelAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "region")
    search_fields = ["name"]
