"""The portal's icon: the tab shows it, and the browser's own request for /favicon.ico,
made on every visit whatever the page links to, finds it instead of a "not found"."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_every_page_links_the_icon(client):
    page = client.get("/kk/").content.decode()
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert link and link.group(1).endswith("favicon.svg")


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("/favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]


def test_the_icon_is_the_portals_own_drawing():
    svg = open(finders.find("favicon.svg"), encoding="utf-8").read()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    # Drawn here: nothing fetched from elsewhere, no script.
    assert "href" not in svg and "<script" not in svg and "<image" not in svg
