"""Every page, public or admin, tells the browser to load only the portal's own files, not to
be framed, and to keep referrers and unused features to itself."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from .factories import make_camp, make_person

pytestmark = pytest.mark.django_db

# A script element that neither loads a file nor holds JSON-LD data.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)")
ADMIN_PAGES = ["/admin/", "/admin/people/person/", "/admin/people/importjob/add/"]


def public_pages():
    person, camp = make_person(), make_camp()
    return ["/en/", "/en/people/", person.get_absolute_url(), camp.get_absolute_url(),
            "/en/testimony/", "/en/no-such-page/", "/admin/login/"]  # fmt: skip


def assert_strict_headers(response):
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    # A nonce appears only on a page that used one (the import page's own style).
    assert re.fullmatch(r"'self'( 'nonce-[\w+/=-]+')?", directives["script-src"])
    assert re.fullmatch(r"'self'( 'nonce-[\w+/=-]+')?", directives["style-src"])
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_public_pages_send_a_strict_policy():
    client = Client()
    for url in public_pages():
        assert_strict_headers(client.get(url))


def test_admin_pages_send_a_strict_policy(admin_client):
    for url in ADMIN_PAGES:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_strict_headers(response)


def test_no_public_page_needs_an_inline_script_or_style():
    client = Client()
    for url in public_pages():
        html = client.get(url).content.decode()
        assert "<style" not in html and " style=" not in html, url
        assert not INLINE_SCRIPT.search(html), url


def test_https_requests_are_told_to_stay_on_https(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get("/en/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_settings_pass_the_deployment_check():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "memorial.settings.prod",
        "SECRET_KEY": "a-long-random-test-secret-" + "x" * 40,
        "DATABASE_URL": "sqlite:///:memory:",
        "ALLOWED_HOSTS": "memorial.example.kz",
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR), env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "no issues" in completed.stdout


def test_the_one_inline_style_carries_the_nonce_the_header_allows(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from people.models import ImportJob

    from .factories import make_source

    admin_client.post(
        "/admin/people/importjob/add/",
        {"file": SimpleUploadedFile("list.csv", "ФИО\nАбаев Болат\n".encode()),
         "source": make_source().pk},
    )  # fmt: skip
    response = admin_client.get(f"/admin/people/importjob/{ImportJob.objects.get().pk}/change/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    assert f'<style nonce="{nonce}">' in response.content.decode()
