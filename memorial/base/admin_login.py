"""Signing in to the admin: django-axes counts failed attempts in the database, per account
and per address, and past either limit the form refuses to try the password at all until the
window has passed. A staff member who has set up two-step sign-in also gives a code."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db.models import Sum
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user

from .http import client_address
from .two_step import verified_device

LOCKED_OUT = _(
    "Too many failed sign-ins. Wait %(minutes)s minutes, then try again; if you "
    "have forgotten your password, ask an administrator to set a new one."
)


def locked_out_minutes():
    return max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)


class SignInLimits(AxesDatabaseHandler):
    """Two limits on one count: LOGIN_FAILURE_LIMIT failures for an account, or
    LOGIN_ADDRESS_FAILURE_LIMIT from an address (whatever accounts it tried). Axes compares
    one number with AXES_FAILURE_LIMIT (the account's limit), so an address past its own
    limit counts as the whole account limit."""

    def get_failures(self, request, credentials=None):
        by_account, by_address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, settings.LOGIN_FAILURE_LIMIT)
        return by_account

    def reset_user_attempts(self, request, credentials=None):
        """A success clears the account's count, not the address's: one staff member signing
        in must not wipe what someone at the same address tried on other accounts."""
        username = get_client_username(request, credentials)
        if not username:  # reset_attempts without a username would clear every count
            return 0
        return self.reset_attempts(username=username)


def sign_in_address(request):
    """The address axes counts: the one the rate limits use (client_address, behind
    TRUSTED_PROXY_COUNT proxies), or the connection's if a misconfigured proxy count lets a
    visitor's own text through, since the database keeps only real addresses."""
    address = client_address(request)
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return request.META.get("REMOTE_ADDR") or None
    return address


def locked_out_response(request, original_response=None, credentials=None):
    """Axes' answer to a refused sign-in: the sign-in page itself, its form re-shown with the
    username and the translated message the form gives, as 429 Too Many Requests."""
    if not isinstance(original_response, HttpResponse):
        message = gettext(LOCKED_OUT) % {"minutes": locked_out_minutes()}
        return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    original_response.status_code = 429
    return original_response


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Code for two-step sign-in"),
        required=False,
        max_length=16,
        help_text=_(
            "The 6-digit code your authenticator app shows, or one of your recovery codes. "
            "Leave it empty if you have not set up two-step sign-in."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        # One answer to a wrong password, a missing code and a wrong code: a sign-in page that
        # said "now the code" would tell a guesser that the password was right.
        "invalid_login": _(
            "Please enter the correct %(username)s and password for a staff account, and the "
            "code if you have set up two-step sign-in. Note that the fields may be "
            "case-sensitive, and that a code works only once."
        ),
        "throttled": LOCKED_OUT,
    }

    def clean(self):
        try:
            super().clean()
        except ValidationError:
            self.refuse_if_locked_out()
            raise
        self.check_second_factor()
        return self.cleaned_data

    def refuse_if_locked_out(self):
        # Axes marks the request when this attempt reached a limit or was refused for one.
        if getattr(self.request, "axes_locked_out", False):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": locked_out_minutes()},
            )

    def check_second_factor(self):
        user = self.user_cache
        if not any(devices_for_user(user, confirmed=True)):
            return
        token = "".join(self.cleaned_data.get("otp_token", "").split())
        device = verified_device(user, token) if token else None
        if device is None:
            # A missing or wrong code is a failed sign-in like a wrong password, counted
            # against the same limits and answered with the same words.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data["username"]},
                request=self.request,
            )
            self.user_cache = None
            self.refuse_if_locked_out()
            raise self.get_invalid_login_error()
        # django_otp marks the session verified when Django's login() sees this attribute.
        user.otp_device = device
