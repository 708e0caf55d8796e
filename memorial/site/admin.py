"""The admin site itself, and its page that spans all records: what waits for translation."""

import re
from datetime import timedelta
from functools import wraps

from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.base.admin_classes import TitledAdmin
from memorial.base.admin_login import ThrottledAdminAuthenticationForm
from memorial.base.translation import LANGUAGE_CODES, LANGUAGE_LABELS, waiting_for
from memorial.base.two_step import needs_second_factor, remove_second_factor
from memorial.base.two_step_views import two_step_page
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
        # What a user who must but has not yet given a second factor may still open.
        open_before_second_factor = view in (self.logout, self.i18n_javascript, self.two_step)

        @wraps(view)
        def with_spoken_icons(request, *args, **kwargs):
            if not open_before_second_factor and needs_second_factor(request.user):
                return redirect(f"{self.name}:two_step")
            response = inner(request, *args, **kwargs)
            if hasattr(response, "add_post_render_callback"):
                response.add_post_render_callback(speak_yes_no_icons)
            return response

        return with_spoken_icons

    def get_urls(self):
        overview = path(
            "translations/", self.admin_view(self.translation_overview), name="translation_overview"
        )
        two_step = path("two-step/", self.admin_view(self.two_step), name="two_step")
        return [overview, two_step, *super().get_urls()]

    def two_step(self, request):
        """Admin page: set up two-step sign-in (an authenticator app, then recovery codes
        shown once), or, once it is on, get new recovery codes."""
        return two_step_page(request, context=self.each_context(request))

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


UNGRANTED_APPS = ["otp_totp", "otp_static"]


def permission_label(permission):
    action = PERMISSION_ACTIONS.get(permission.codename.split("_", 1)[0])
    return f"{permission.content_type} | {action if action else permission.name}"


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
            # Two-step devices have no admin here (and English-only names): nothing to grant.
            formfield.queryset = formfield.queryset.exclude(
                content_type__app_label__in=UNGRANTED_APPS
            )
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

    class MemorialUserAdmin(TwoStepUserAdminMixin, PermissionLabelsMixin, TitledAdmin, UserAdmin):
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
    register_sign_in_admins(site)
    # The task library names its app in English only.
    apps.get_app_config("django_tasks_database").verbose_name = _("Background tasks")


class TwoStepUserAdminMixin:
    """The user list says who signs in in two steps; an administrator removes the app and
    recovery codes of someone who lost the phone, who then sets up a new one."""

    actions = ["remove_two_step_sign_in"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "signs_in_in_two_steps"]

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_step=Exists(confirmed))

    @admin.display(description=_("two-step sign-in"), boolean=True, ordering="two_step")
    def signs_in_in_two_steps(self, user):
        return user.two_step

    @admin.action(description=_("Remove two-step sign-in (a lost phone)"), permissions=["change"])
    def remove_two_step_sign_in(self, request, queryset):
        removed = remove_second_factor(users=queryset)
        self.message_user(
            request,
            ngettext(
                "Removed %(count)d two-step sign-in device.",
                "Removed %(count)d two-step sign-in devices.",
                removed,
            )
            % {"count": removed},
            messages.SUCCESS,
        )


def recent_failures(field):
    """The failures counted now (within the window) for the attempt's account or address,
    over all its rows: axes keeps one row per account, address and browser."""
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    total = (
        AccessAttempt.objects.filter(**{field: OuterRef(field)}, attempt_time__gte=since)
        .order_by()
        .values(field)
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    return Coalesce(Subquery(total), 0)


class AccountTotalsMixin:
    """For axes' AccessAttemptAdmin: each row says how the whole account (and address) stands,
    not the row alone, and an action unlocks accounts by removing all their attempts."""

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        columns.insert(columns.index("status"), "account_failures")
        return columns

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                account_total=recent_failures("username"),
                address_total=recent_failures("ip_address"),
            )
        )

    @admin.display(description=_("failures for the account"), ordering="account_total")
    def account_failures(self, attempt):
        return attempt.account_total

    # Axes' own column glues a number to an untranslatable phrase, and counts one row.
    @admin.display(description=_("account locked"))
    def status(self, attempt):
        if attempt.address_total >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return _("Locked (too many from the address)")
        left = settings.LOGIN_FAILURE_LIMIT - attempt.account_total
        if left <= 0:
            return _("Locked")
        return ngettext("%(count)d attempt left", "%(count)d attempts left", left) % {"count": left}

    @admin.action(
        description=_("Unlock these accounts (remove all their failed attempts)"),
        permissions=["delete"],
    )
    def unlock_accounts(self, request, queryset):
        usernames = set(queryset.exclude(username=None).values_list("username", flat=True))
        AccessAttempt.objects.filter(username__in=usernames).delete()
        self.message_user(
            request,
            ngettext("Unlocked %(count)d account.", "Unlocked %(count)d accounts.", len(usernames))
            % {"count": len(usernames)},
            messages.SUCCESS,
        )


def register_sign_in_admins(site):
    """Failed sign-ins (django-axes' own lists, for superusers: no role is granted them) stay;
    an account is unlocked by removing all its attempts. The failure log is not kept
    (AXES_ENABLE_ACCESS_FAILURE_LOG), and devices are removed from the user list, not edited
    in django-otp's lists, which show secrets."""
    from axes.admin import AccessAttemptAdmin  # registers axes' admins as it is imported

    class SignInAttemptAdmin(AccountTotalsMixin, TitledAdmin, AccessAttemptAdmin):
        verbose_name_accusative = pgettext_lazy("accusative", "access attempt")
        # Axes' own "locked out" filter reads one row, not the account.
        list_filter = ["attempt_time", "path_info"]
        actions = [*AccessAttemptAdmin.actions, "unlock_accounts"]

    for model in (AccessFailureLog, TOTPDevice, StaticDevice, AccessAttempt):
        site.unregister(model)
    site.register(AccessAttempt, SignInAttemptAdmin)
    apps.get_app_config("axes").verbose_name = _("Staff sign-ins")
