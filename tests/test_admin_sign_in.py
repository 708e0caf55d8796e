"""Signing in to the admin: guessing passwords is cut short (and stays cut short when the
cache is emptied), a second factor for those who set it up or must, and sessions end."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from memorial.base.roles import ARCHIVIST, EDITOR, MODERATOR, VIEWER
from memorial.base.two_step import ENROLMENT_SESSION_KEY, secret_text

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
TWO_STEP = "/admin/two-step/"
QUEUE = "/admin/people/testimony/"
LOCKED = "Too many failed sign-ins. Wait 15 minutes"
PRODUCTION = {
    "OTP_REQUIRED_GROUPS": [MODERATOR],
    "OTP_REQUIRED_PERMISSIONS": [
        "people.view_testimony",
        "people.change_testimony",
        "people.view_attachment",
        "people.change_attachment",
    ],
    "OTP_REQUIRED_FOR_SUPERUSERS": True,
}
# What a wrong password, a missing code and a wrong code all answer.
WRONG = (
    "Please enter the correct username and password for a staff account, and the code if "
    "you have set up two-step sign-in."
)


@pytest.fixture
def archivist():
    return User.objects.create_user("aigerim", password="the-right-password", is_staff=True)


@pytest.fixture
def moderator():
    user = User.objects.create_user("marat", password="moderator-password", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATOR))
    return user


def sign_in(client, password, username="aigerim", address="203.0.113.7", code=None):
    data = {"username": username, "password": password}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def current_code(device, offset=0):
    """The code the phone would show now (or `offset` steps of 30 seconds later)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - offset * device.step):06d}"


def lock_out(client, username="aigerim"):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = sign_in(client, "guess", username=username)
    return response


def test_after_five_failures_even_the_right_password_waits(archivist):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        response = sign_in(client, "guess")
        assert "Please enter the correct username and password" in response.content.decode()
    response = sign_in(client, "guess")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    response = sign_in(client, "the-right-password")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert 'value="aigerim"' in page  # the form is shown again, with what was typed
    assert "_auth_user_id" not in client.session
    # Another account is not locked by someone guessing this one's password.
    User.objects.create_user("dana", password="dana-password", is_staff=True)
    assert sign_in(Client(), "dana-password", username="dana").status_code == 302


def test_the_lock_is_shown_in_the_admin_language(archivist):
    client = Client()
    lock_out(client)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "aigerim", "password": "the-right-password"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_emptying_the_cache_does_not_lift_the_lock(archivist):
    client = Client()
    lock_out(client)
    cache.clear()
    response = sign_in(Client(), "the-right-password", address="198.51.100.1")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_one_address_trying_many_accounts_is_stopped(archivist):
    client = Client()
    for number in range(settings.LOGIN_FAILURE_LIMIT * 4 - 1):
        response = sign_in(client, "guess", username=f"someone{number}")
        assert response.status_code == 200
    assert sign_in(client, "guess", username="someone-else").status_code == 429
    response = sign_in(client, "the-right-password", address="203.0.113.7")
    assert LOCKED in response.content.decode()
    assert sign_in(Client(), "the-right-password", address="198.51.100.1").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(archivist):
    client = Client()
    for number in range(settings.LOGIN_FAILURE_LIMIT * 4):
        client.post(
            LOGIN,
            {"username": f"someone{number}", "password": "guess"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    # Another visitor behind the same proxy is not stopped.
    response = client.post(
        LOGIN,
        {"username": "aigerim", "password": "the-right-password"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert response.status_code == 302


def test_a_success_clears_the_count(archivist):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "guess")
    assert sign_in(client, "the-right-password").status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "guess")
    assert sign_in(client, "the-right-password").status_code == 302


def test_the_unlock_command_lets_the_account_in_again(archivist):
    lock_out(Client())
    call_command("axes_reset_username", "aigerim")
    assert sign_in(Client(), "the-right-password").status_code == 302


def test_a_superuser_sees_the_failed_attempts_and_unlocks_by_deleting(
    archivist, admin_client, django_assert_max_num_queries
):
    lock_out(Client())
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/axes/accessattempt/")
    assert response.status_code == 200
    assert "aigerim" in response.content.decode()
    with django_assert_max_num_queries(12):
        assert admin_client.get("/admin/axes/accesslog/").status_code == 200
    attempt = AccessAttempt.objects.get(username="aigerim")
    response = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert sign_in(Client(), "the-right-password").status_code == 302


def test_the_admin_counts_an_account_over_all_its_rows_and_unlocks_it(
    archivist, admin_client, django_assert_max_num_queries
):
    """Axes keeps a row per account, address and browser: five guesses from five addresses
    lock the account, and every row says so; one action removes them all."""
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(Client(), "guess", address=f"198.51.100.{number}")
    assert AccessAttempt.objects.filter(username="aigerim").count() == 5
    assert sign_in(Client(), "the-right-password").status_code == 429
    with django_assert_max_num_queries(12):
        page = admin_client.get("/admin/axes/accessattempt/").content.decode()
    assert page.count('<td class="field-status">Locked</td>') == 5
    assert "left" not in page.split('id="result_list"')[1]
    attempt = AccessAttempt.objects.filter(username="aigerim").first()
    response = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "unlock_accounts", "_selected_action": [attempt.pk]},
        follow=True,
    )
    assert "Unlocked 1 account." in response.content.decode()
    assert not AccessAttempt.objects.filter(username="aigerim").exists()
    assert sign_in(Client(), "the-right-password").status_code == 302


def test_staff_without_the_superuser_flag_do_not_see_the_attempts(moderator):
    staff = Client()
    staff.force_login(moderator)
    assert staff.get("/admin/axes/accessattempt/").status_code == 403


def test_the_sign_in_page_has_a_labelled_field_for_the_code():
    page = Client().get(LOGIN).content.decode()
    assert '<label for="id_otp_token">Code for two-step sign-in:</label>' in page
    assert 'aria-describedby="id_otp_token_helptext"' in page
    assert 'id="id_otp_token_helptext"' in page


def test_a_staff_session_ends_after_a_working_day(archivist):
    client = Client()
    sign_in(client, "the-right-password")
    assert client.session.get_expiry_age() == 8 * 3600
    assert not client.session.get_expire_at_browser_close()


def enrol(client, user):
    """Set up the app as a staff member does; returns the device and the recovery codes."""
    page = client.get(TWO_STEP).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(TWO_STEP, {"code": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    codes = list(
        StaticToken.objects.filter(device__user=device.user).values_list("token", flat=True)
    )
    for code in codes:
        assert code in response.content.decode()
    return device, codes


def test_enrolment_shows_a_drawn_qr_code_and_the_secret_and_needs_a_right_code(archivist):
    client = Client()
    client.force_login(archivist)
    page = client.get(TWO_STEP).content.decode()
    device = TOTPDevice.objects.get(user=archivist)
    drawing = page.split('aria-label="QR code for your authenticator app"', 1)[1].split("</svg>")[0]
    assert "<path" in drawing and "href" not in drawing  # drawn here, nothing fetched
    assert device.config_url.split("secret=")[1][:4] in page.replace(" ", "")
    assert 'for="id_code"' in page
    response = client.post(
        TWO_STEP, {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    # The wrong code makes django-otp wait a moment before it takes the next.
    device.throttling_failure_count = 0
    device.save()
    enrol(client, archivist)
    assert "unused recovery codes left" in client.get(TWO_STEP).content.decode()


def error_note(response):
    return response.content.decode().split('<p class="errornote" role="alert">')[1].split("</p>")[0]


def test_each_session_sets_up_an_app_of_its_own(archivist):
    """Someone holding only the password who opened the page once cannot later share the
    app the owner sets up: each session has its own secret, and the owner's confirmation
    ends the others."""
    intruder, owner = Client(), Client()
    intruder.force_login(archivist)
    owner.force_login(archivist)
    seen_by_intruder = intruder.get(TWO_STEP).content.decode()
    owner.get(TWO_STEP)
    theirs = TOTPDevice.objects.get(pk=intruder.session[ENROLMENT_SESSION_KEY])
    mine = TOTPDevice.objects.get(pk=owner.session[ENROLMENT_SESSION_KEY])
    assert theirs != mine
    assert secret_text(mine) not in seen_by_intruder
    # Reloading keeps the session's secret: the phone has scanned it already.
    assert secret_text(mine) in owner.get(TWO_STEP).content.decode()
    owner.post(TWO_STEP, {"code": current_code(mine)})
    assert list(TOTPDevice.objects.filter(user=archivist)) == [mine]
    page = intruder.get(TWO_STEP).content.decode()
    assert secret_text(mine) not in page and secret_text(theirs) not in page
    assert "QR code for your authenticator app" not in page
    assert not TOTPDevice.objects.filter(user=archivist, confirmed=False).exists()
    response = sign_in(Client(), "the-right-password", code=current_code(theirs, offset=1))
    assert "_auth_user_id" not in response.wsgi_request.session


def test_after_enrolment_the_sign_in_asks_for_the_code(archivist):
    staff = Client()
    staff.force_login(archivist)
    device, _codes = enrol(staff, archivist)
    client = Client()
    response = sign_in(client, "the-right-password")
    # Not "now the code": the answer does not tell a guesser that the password was right.
    assert WRONG in error_note(response)
    assert error_note(response) == error_note(sign_in(Client(), "guess"))
    assert "_auth_user_id" not in client.session
    response = sign_in(client, "the-right-password", code=current_code(device, offset=1))
    assert response.status_code == 302
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_recovery_code_works_once(archivist):
    staff = Client()
    staff.force_login(archivist)
    _device, codes = enrol(staff, archivist)
    typed = f"{codes[0][:4].upper()} {codes[0][4:]}"  # as read out from a printed sheet
    assert sign_in(Client(), "the-right-password", code=typed).status_code == 302
    response = sign_in(Client(), "the-right-password", code=codes[0])
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session
    assert len(codes) == 10


def test_wrong_codes_count_as_failed_sign_ins(archivist):
    staff = Client()
    staff.force_login(archivist)
    device, _codes = enrol(staff, archivist)
    client = Client()
    wrong = "12345678"  # not a recovery code either
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        response = sign_in(client, "the-right-password", code=wrong)
        assert error_note(response) == error_note(sign_in(Client(), "guess", username="x"))
    assert sign_in(client, "the-right-password", code=wrong).status_code == 429
    # What was typed as a code is not kept with the attempt: it might be a good one.
    assert wrong not in AccessAttempt.objects.get(username="aigerim").post_data
    response = sign_in(client, "the-right-password", code=current_code(device, offset=1))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_right_password_without_the_code_counts_as_a_failure(archivist):
    staff = Client()
    staff.force_login(archivist)
    device, _codes = enrol(staff, archivist)
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert WRONG in sign_in(client, "the-right-password").content.decode()
    assert sign_in(client, "the-right-password").status_code == 429
    response = sign_in(client, "the-right-password", code=current_code(device, offset=1))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(**PRODUCTION)
def test_production_keeps_a_moderator_without_a_second_factor_from_the_queue(moderator):
    client = Client()
    assert sign_in(client, "moderator-password", username="marat").status_code == 302
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == TWO_STEP
    assert client.get("/admin/").status_code == 302
    page = client.get(TWO_STEP)
    assert page.status_code == 200
    assert "Your role requires two-step sign-in" in page.content.decode()
    enrol(client, moderator)
    assert client.get(QUEUE).status_code == 200
    assert client.post("/admin/logout/").status_code == 200


@override_settings(**PRODUCTION)
def test_production_lets_a_moderator_who_gave_the_code_reach_the_queue(moderator):
    staff = Client()
    staff.force_login(moderator)
    device, _codes = enrol(staff, moderator)
    client = Client()
    sign_in(client, "moderator-password", username="marat", code=current_code(device, offset=1))
    assert client.get(QUEUE).status_code == 200


def member_of(name, username):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=name))
    return user


@override_settings(**PRODUCTION)
def test_production_asks_it_of_superusers_but_not_of_archivists(superuser):
    staff = Client()
    staff.force_login(superuser)
    assert staff.get("/admin/").status_code == 302
    for role in (ARCHIVIST, VIEWER, EDITOR):
        staff.force_login(member_of(role, f"{role.lower()}-member"))
        assert staff.get("/admin/").status_code == 200, role
        assert staff.get("/admin/people/person/").status_code == 200, role
        assert staff.get(QUEUE).status_code == 403, role


@override_settings(**PRODUCTION)
@pytest.mark.parametrize("permission", ["view_testimony", "view_attachment", "change_testimony"])
def test_production_asks_it_of_whoever_may_read_testimony(permission):
    """However the permission came (a site that widened Archivists, a group of its own), a
    password alone does not open families' contact details."""
    archivists = Group.objects.get(name=ARCHIVIST)
    archivists.permissions.add(Permission.objects.get(codename=permission))
    staff = Client()
    staff.force_login(member_of(ARCHIVIST, "widened-archivist"))
    assert staff.get(QUEUE)["Location"] == TWO_STEP
    assert staff.get("/admin/people/person/")["Location"] == TWO_STEP


def test_an_administrator_removes_a_lost_phone(
    archivist, admin_client, django_assert_max_num_queries
):
    staff = Client()
    staff.force_login(archivist)
    enrol(staff, archivist)
    with django_assert_max_num_queries(12):
        page = admin_client.get("/admin/auth/user/")
    assert page.status_code == 200
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "remove_two_step_sign_in", "_selected_action": [archivist.pk]},
        follow=True,
    )
    assert "Removed 2 two-step sign-in devices." in response.content.decode()
    assert sign_in(Client(), "the-right-password").status_code == 302


def test_new_recovery_codes_replace_the_old(archivist):
    client = Client()
    client.force_login(archivist)
    device, old = enrol(client, archivist)
    response = client.post(TWO_STEP, {})
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)
    for code in new:
        assert code in response.content.decode()
