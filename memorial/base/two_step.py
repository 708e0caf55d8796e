"""Two-step sign-in for staff: a code from an authenticator app (TOTP), or a single-use
recovery code, after the password. Who must use it is OTP_REQUIRED_GROUPS,
OTP_REQUIRED_PERMISSIONS and OTP_REQUIRED_FOR_SUPERUSERS (docs/staff-sign-in.md)."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6
# The app being set up in a session (enrolment_app).
ENROLMENT_SESSION_KEY = "two_step_enrolment_device"


def needs_second_factor(user):
    """Whether the admin refuses this user everything but enrolment until the session has
    been verified with a second factor."""
    if not (user.is_active and user.is_staff) or user.is_verified():
        return False
    if user.is_superuser and settings.OTP_REQUIRED_FOR_SUPERUSERS:
        return True
    # Whoever may read families' testimony and its files (their contact details), by
    # whatever group or grant: a role is not the only way to hold a permission.
    if any(user.has_perm(permission) for permission in settings.OTP_REQUIRED_PERMISSIONS):
        return True
    groups = settings.OTP_REQUIRED_GROUPS
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def verified_device(user, token):
    """The user's confirmed device that accepts `token`, or None. Six digits are tried on the
    authenticator apps, anything else on the recovery codes (which a match uses up), so that a
    recovery code does not count as a wrong app code and slow the next one down."""
    is_app_code = token.isdigit() and len(token) == TOTP_DIGITS
    token = token.lower()  # recovery codes are made in lower case; a printed sheet is read
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, TOTPDevice) != is_app_code:
                continue
            if device.verify_token(token):
                return device
    return None


def confirmed_app(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def enrolment_app(*, user, session):
    """The authenticator app being set up in this session: its secret stays the same while
    the session lasts, so reloading the page does not invalidate what the phone has scanned.
    Another session gets an app of its own, so a secret once shown to someone holding only
    the password is never the one the account's owner sets up later."""
    device_id = session.get(ENROLMENT_SESSION_KEY)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()
            if device_id
            else None
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
            session[ENROLMENT_SESSION_KEY] = device.pk
    return device


def secret_text(device):
    """The secret as an app's "enter a key" field takes it, in groups of four to copy."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def qr_svg(device):
    """The app's set-up address as an inline SVG picture: nothing is sent to another host.
    Dark squares on a white ground, so the admin's dark theme does not hide it."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 (made here, no input)


def confirm_app(*, device, token):
    """Count the app once it has produced a current code; then the user gets recovery codes.
    Returns them, or None if the code was wrong or the app is no longer being set up."""
    with transaction.atomic():
        # One confirmation at a time per user, so two sessions cannot both add an app.
        get_user_model().objects.select_for_update().filter(pk=device.user_id).first()
        device = TOTPDevice.objects.filter(pk=device.pk, confirmed=False).first()
        if device is None or not device.verify_token(token):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Apps being set up in other sessions never count now: their secrets were shown to
        # sessions that may not have been the owner's.
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        return new_recovery_codes(user=device.user)


def new_recovery_codes(*, user):
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones, each usable once."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name="recovery", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_second_factor(*, users):
    """An administrator's answer to a lost phone: the users sign in with the password alone
    (and, where it is required, set up a new app at once). Returns how many devices went."""
    removed = 0
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            _total, by_model = model.objects.filter(user__in=users).delete()
            removed += by_model.get(model._meta.label, 0)
    return removed


class ConfirmAppForm(forms.Form):
    code = forms.CharField(
        label=_("The 6-digit code the app shows"),
        max_length=TOTP_DIGITS + 2,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.recovery_codes = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        self.recovery_codes = confirm_app(device=self.device, token=code)
        if self.recovery_codes is None:
            raise forms.ValidationError(
                _(
                    "That code is not right. Check that the phone's clock is set "
                    "automatically, wait for the next code and enter it."
                ),
                code="wrong_code",
            )
        return code
