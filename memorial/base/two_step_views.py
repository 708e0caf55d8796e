"""The admin page where a staff member sets up two-step sign-in (memorial.base.two_step)."""

import django_otp
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .two_step import (
    ConfirmAppForm,
    confirmed_app,
    enrolment_app,
    needs_second_factor,
    new_recovery_codes,
    qr_svg,
    recovery_codes_left,
    secret_text,
)

TEMPLATE = "admin/two_step.html"


def two_step_page(request, *, context):
    """Not yet on: the QR code and the secret of the app this session sets up, and a form
    for the first code; once that code is right, the recovery codes, shown this once.
    Already on: how many recovery codes are left and a button for new ones, never the
    app's secret."""
    user = request.user
    context = {
        **context,
        "title": _("Two-step sign-in"),
        "required": needs_second_factor(user),
    }
    if confirmed_app(user) is None:
        device = enrolment_app(user=user, session=request.session)
        form = ConfirmAppForm(request.POST or None, device=device)
        if request.method == "POST" and form.is_valid():
            # The code just given verifies this session too.
            django_otp.login(request, device)
            return show_codes(request, context, form.recovery_codes)
        context.update(form=form, qr_code=qr_svg(device), secret=secret_text(device))
        return TemplateResponse(request, TEMPLATE, context)
    # New codes only in a session verified with the second factor, not by the password alone.
    may_renew = user.is_verified()
    if request.method == "POST" and may_renew:
        return show_codes(request, context, new_recovery_codes(user=user))
    context.update(enabled=True, may_renew=may_renew, codes_left=recovery_codes_left(user))
    return TemplateResponse(request, TEMPLATE, context)


def show_codes(request, context, codes):
    context = {**context, "enabled": True, "recovery_codes": codes, "required": False}
    return TemplateResponse(request, TEMPLATE, context)
