"""Staff preview drafts on the public site, but a session that still owes the second factor
its role requires (production: Moderators and superusers) is a visitor's there as well:
the password alone opens no more on the site than in the admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from memorial.base.models import Status
from memorial.base.roles import MODERATOR

from .factories import make_media, make_person

pytestmark = pytest.mark.django_db

PRODUCTION = {"OTP_REQUIRED_GROUPS": [MODERATOR], "OTP_REQUIRED_FOR_SUPERUSERS": True}
PASSWORD = "the-right-password"


@pytest.fixture
def moderator():
    user = User.objects.create_user("marat", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATOR))
    return user


@pytest.fixture
def administrator():
    return User.objects.create_superuser("aliya", "aliya@example.org", PASSWORD)


@pytest.fixture
def draft():
    """A draft biography with its photo: (the page's address, the photo's)."""
    item = make_media(make_person(surname="Черновик", status=Status.DRAFT))
    return item.content_object.get_absolute_url(), item.image.url


def signed_in(user, *, with_code):
    """A browser signed in at the admin's sign-in page: with the app's code, or with the
    password alone (before the app is set up)."""
    data = {"username": user.username, "password": PASSWORD}
    if with_code:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        data["otp_token"] = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
    client = Client()
    assert client.post("/admin/login/?next=/admin/", data).status_code == 302
    return client


@override_settings(**PRODUCTION)
@pytest.mark.parametrize("role", ["moderator", "administrator"])
def test_without_the_code_a_draft_and_its_photo_are_not_found(role, request, draft):
    staff = signed_in(request.getfixturevalue(role), with_code=False)
    page, photo = draft
    assert staff.get(page).status_code == 404
    assert staff.get(photo).status_code == 404


@override_settings(**PRODUCTION)
@pytest.mark.parametrize("role", ["moderator", "administrator"])
def test_with_the_code_staff_preview_the_draft_and_its_photo(role, request, draft):
    staff = signed_in(request.getfixturevalue(role), with_code=True)
    page, photo = draft
    response = staff.get(page)
    assert response.status_code == 200 and "Черновик" in response.content.decode()
    photo_response = staff.get(photo)
    assert photo_response.status_code == 200
    assert "no-cache" in photo_response["Cache-Control"]


def test_where_no_second_factor_is_required_the_password_is_enough(moderator, draft):
    staff = Client()
    staff.force_login(moderator)
    page, photo = draft
    assert staff.get(page).status_code == 200
    assert staff.get(photo).status_code == 200
