"""The admin site itself, and its page that spans all records: what waits for translation."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.base.admin_login import ThrottledAdminAuthenticationForm
from memorial.base.translation import LANGUAGE_CODES, LANGUAGE_LABELS, waiting_for
from memorial.pages.models import Page, Story
from people.models import Person

TRANSLATED_MODELS = (Person, Camp, BurialSite, DeportedPeople, Deportation, Page, Story)


class MemorialAdminSite(admin.AdminSite):
    site_header = _("Memorial: victims of political repression in Kazakhstan")
    site_title = _("Memorial archive")
    index_title = _("Records")
    login_form = ThrottledAdminAuthenticationForm

    def get_urls(self):
        overview = path(
            "translations/", self.admin_view(self.translation_overview), name="translation_overview"
        )
        return [overview, *super().get_urls()]

    def translation_overview(self, request):
        """Admin page: how many records of each kind wait for a translation, per language, with
        a link to each list."""
        rows = []
        for model in TRANSLATED_MODELS:
            if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
                continue
            opts = model._meta
            address = reverse(f"{self.name}:{opts.app_label}_{opts.model_name}_changelist")
            rows.append(
                {
                    "name": model._meta.verbose_name_plural,
                    "languages": [
                        (
                            LANGUAGE_LABELS[code],
                            model._base_manager.filter(waiting_for(model, code)).count(),
                            f"{address}?missing={code}",
                        )
                        for code in LANGUAGE_CODES
                    ],
                }
            )
        context = {
            **self.each_context(request),
            "title": _("Waiting for translation"),
            "rows": rows,
            "languages": [LANGUAGE_LABELS[code] for code in LANGUAGE_CODES],
        }
        return TemplateResponse(request, "admin/translation_overview.html", context)
