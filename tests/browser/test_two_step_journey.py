"""A moderator, where production requires two-step sign-in, signs in with the password, sets
up an authenticator app by keyboard alone, and next time signs in with the app's code."""

import pytest
from django.contrib.auth.models import Group, User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from memorial.base.roles import MODERATOR
from tests.browser.conftest import run_axe, save_screenshot

pytestmark = pytest.mark.browser


def code_for(device, steps_ahead=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step):06d}"


def test_a_moderator_sets_up_two_step_sign_in_and_uses_it(page, transactional_db, settings):
    settings.OTP_REQUIRED_GROUPS = [MODERATOR]
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True
    moderator = User.objects.create_user(
        "moderator", password="a-long-password-1937", is_staff=True
    )
    moderator.groups.add(Group.objects.get_or_create(name=MODERATOR)[0])

    page.goto(page.base_url + "/admin/login/?next=/admin/people/testimony/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("a-long-password-1937")
    page.get_by_role("button", name="Log in").click()
    # Not the queue: the page that sets the second factor up.
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert run_axe(page) == []
    save_screenshot(page, "two-step-enrolment")

    device = TOTPDevice.objects.get(user=moderator)
    field = page.get_by_label("The 6-digit code the app shows")
    field.focus()
    page.keyboard.type(code_for(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert page.locator("#content-main li code").count() == 10
    assert run_axe(page) == []

    page.get_by_role("button", name="Log out").click()
    page.goto(page.base_url + "/admin/login/?next=/admin/people/testimony/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("a-long-password-1937")
    page.get_by_label("Code for two-step sign-in").fill(code_for(device, steps_ahead=1))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(page.base_url + "/admin/people/testimony/")
    assert page.csp_violations == []
    assert all(url.startswith(page.base_url) for url in page.requested_urls)
