"""The admin site itself, and its page that spans all records: what waits for translation."""

import re
from functools import wraps

from django.apps import apps
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.base.admin_classes import TitledAdmin
from memorial.base.admin_login import ThrottledAdminAuthenticationForm
from memorial.base.translation import LANGUAGE_CODES, LANGUAGE_LABELS, waiting_for
from memorial.pages.models import Page, Story
from people.models import Person

# Django's yes/no icons say "True", "False", "None" to a screen reader in every language.
YES_NO_ICON = re.compile(
    r'(src="[^"]*/admin/img/icon-(?:yes|no|unknown)\.svg") alt="(True|False|None)"'
)
SPOKEN = {"True": _("Yes"), "False": _("No"), "None": _("Unknown")}


def speak_yes_no_icons(response):
    if "text/html" in response.get("Content-Type", ""):
        text = response.content.decode()
        spoken = YES_NO_ICON.sub(lambda m: f'{m[1]} alt="{SPOKEN[m[2]]}"', text)
        response.content = spoken.encode()


TRANSLATED_MODELS = (Person, Camp, BurialSite, DeportedPeople, Deportation, Page, Story)


class MemorialAdminSite(admin.AdminSite):
    site_header = _("Memorial: victims of political repression in Kazakhstan")
    site_title = _("Memorial archive")
    index_title = _("Records")
    login_form = ThrottledAdminAuthenticationForm

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def with_spoken_icons(request, *args, **kwargs):
            response = inner(request, *args, **kwargs)
            if hasattr(response, "add_post_render_callback"):
                response.add_post_render_callback(speak_yes_no_icons)
            return response

        return with_spoken_icons

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


# Permissions are stored with English names ("Can add person"); their choices are named
# from the content type (translated) and the action instead.
PERMISSION_ACTIONS = {
    "add": pgettext_lazy("permission", "add"),
    "change": pgettext_lazy("permission", "change"),
    "delete": pgettext_lazy("permission", "delete"),
    "view": pgettext_lazy("permission", "view"),
}


def permission_label(permission):
    action = PERMISSION_ACTIONS.get(permission.codename.split("_", 1)[0])
    return f"{permission.content_type} | {action if action else permission.name}"


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
        return formfield


def register_library_admins(site):
    """Django's and the task library's own admins again, with the portal's declined titles
    and permissions named in the reader's language. Called once every app's admin module
    has registered (MemorialAdminConfig.ready): importing auth's admin here, while the site
    is being made, would register its models on a site that does not exist yet."""
    from django.contrib.auth.admin import GroupAdmin, UserAdmin
    from django.contrib.auth.models import Group, User
    from django_tasks_db.admin import DBTaskResultAdmin
    from django_tasks_db.models import DBTaskResult

    class MemorialGroupAdmin(PermissionLabelsMixin, TitledAdmin, GroupAdmin):
        verbose_name_accusative = pgettext_lazy("accusative", "group")

    class MemorialUserAdmin(PermissionLabelsMixin, TitledAdmin, UserAdmin):
        verbose_name_accusative = pgettext_lazy("accusative", "user")

    class TaskResultAdmin(TitledAdmin, DBTaskResultAdmin):
        verbose_name_accusative = pgettext_lazy("accusative", "Task Result")

    for model, model_admin in [
        (Group, MemorialGroupAdmin),
        (User, MemorialUserAdmin),
        (DBTaskResult, TaskResultAdmin),
    ]:
        site.unregister(model)
        site.register(model, model_admin)
    # The task library names its app in English only.
    apps.get_app_config("django_tasks_database").verbose_name = _("Background tasks")
