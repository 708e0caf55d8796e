"""Signing in to the admin: failed attempts are counted per account and per address, and
past the limit the form refuses to try the password at all until the window has passed."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .http import client_address, rate_count, rate_limited


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed sign-ins. Wait %(minutes)s minutes, then try again; if you "
            "have forgotten your password, ask an administrator to set a new one."
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").casefold()
        keys = [
            (f"login:account:{username}", settings.LOGIN_FAILURE_LIMIT),
            (f"login:address:{client_address(self.request)}", settings.LOGIN_FAILURE_LIMIT * 4),
        ]
        if any(rate_limited(key, limit) for key, limit in keys):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)},
            )
        try:
            return super().clean()
        except ValidationError:
            for key, _limit in keys:
                rate_count(key, settings.LOGIN_FAILURE_WINDOW_SECONDS)
            raise
        finally:
            if self.user_cache is not None:
                cache.delete(f"rate:login:account:{username}")
