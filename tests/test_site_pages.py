"""Site-wide search, the map, the timeline chart, the sitemap, robots.txt, error pages and
cache headers."""

import json
import re

import pytest
from django.test import override_settings

from memorial.base.models import Status
from tests.factories import (
    make_burial_site,
    make_camp,
    make_deportation,
    make_imprisonment,
    make_people,
    make_person,
)

pytestmark = pytest.mark.django_db


def test_site_wide_search_finds_people_camps_sites_and_deportations(client):
    make_person(surname="Карлагов")  # a name containing the camp's name is found too
    make_camp(name="Karlag", full_name="Karaganda corrective labour camp")
    make_camp(name="Steplag")
    make_burial_site(name="Zhanalyk")
    make_deportation(title="Deportation of Koreans")
    make_people(name="Koreans")
    page = client.get("/en/search/", {"q": "карлаг"}).content.decode()
    assert "Karlag" in page and "Карлагов" in page and "Steplag" not in page
    page = client.get("/en/search/", {"q": "Koreans"}).content.decode()
    assert "Deportation of Koreans" in page and "No camp matches." in page
    assert "Zhanalyk" in client.get("/en/search/", {"q": "zhanalyk"}).content.decode()


def test_site_wide_search_hides_drafts(client):
    make_camp(name="Secretlag", status=Status.DRAFT)
    make_person(surname="Secretov", status=Status.DRAFT)
    page = client.get("/en/search/", {"q": "secret"}).content.decode()
    assert "Secretlag</a>" not in page and "Secretov</a>" not in page


def test_the_map_links_each_camp_and_site_with_coordinates(client):
    karlag = make_camp(name="Karlag", latitude=49.6, longitude=72.7)
    site = make_burial_site(name="Zhanalyk", latitude=43.2, longitude=76.9)
    make_camp(name="Unplaced")
    page = client.get("/en/camps/").content.decode()
    svg = page[page.index("<svg viewBox") : page.index("</svg>")]
    assert f'href="{karlag.get_absolute_url()}"' in svg
    assert f'href="{site.get_absolute_url()}"' in svg
    assert "Unplaced" not in svg
    assert "1 record has no coordinates yet" in page
    # Almaty lies south-east of Karaganda: lower and further right on the map.
    points = dict(
        re.findall(r'translate\(([\d.]+ [\d.]+)\)">\s*<\w+[^>]*>\s*<text[^>]*>(\w+)', svg)
    )
    (karlag_x, karlag_y), (site_x, site_y) = (
        map(float, point.split()) for point in sorted(points, key=lambda p: points[p])
    )
    assert site_x > karlag_x and site_y > karlag_y


def test_the_deportation_timeline_shows_each_dated_deportation(client):
    koreans = make_people(name="Koreans")
    make_deportation(title="Koreans 1937", start="1937-23", peoples=[koreans])
    make_deportation(title="Wartime", start="1941", end="1945")
    make_deportation(title="Undated")
    page = client.get("/en/deportations/").content.decode()
    svg = page[page.index("<svg viewBox") : page.index("</svg>")]
    assert "1937</tspan> Koreans" in svg
    assert "1941–1945</tspan> Wartime" in svg
    assert "Undated" not in svg


def test_camp_page_lists_its_known_prisoners_in_pages(client):
    camp = make_camp(slug="karlag")
    for number in range(30):
        make_imprisonment(make_person(surname=f"Prisoner{number:02d}"), camp)
    make_imprisonment(make_person(surname="DraftPrisoner", status=Status.DRAFT), camp)
    first = client.get("/en/camps/karlag/").content.decode()
    assert "30 people recorded in this camp." in first
    assert "Prisoner00" in first and "Prisoner29" not in first and "DraftPrisoner" not in first
    assert "Prisoner29" in client.get("/en/camps/karlag/", {"page": 2}).content.decode()


def test_sitemap_lists_published_records_only_in_every_language(client):
    published = make_person(surname="Published")
    draft = make_person(surname="Draft", status=Status.DRAFT)
    make_camp(slug="open-camp")
    make_camp(slug="draft-camp", status=Status.DRAFT)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-people.xml" in index
    people = client.get("/sitemap-people.xml").content.decode()
    for language in ["kk", "ru", "en"]:
        assert f"/{language}/people/{published.pk}/" in people
    assert f"/people/{draft.pk}/" not in people
    camps = client.get("/sitemap-camps.xml").content.decode()
    assert "open-camp" in camps and "draft-camp" not in camps


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /*?" in text
    # Crawlers read the open-data page, not the API's pages or the bulk files.
    assert "Disallow: /api/" in text and "Disallow: /open-data/" in text
    assert "Disallow: /kk/open-data/" not in text


@pytest.mark.parametrize(
    ("language", "text"),
    [("kk", "Бет табылмады"), ("ru", "Страница не найдена"), ("en", "Page not found")],
)
def test_not_found_page_in_every_language(client, language, text):
    response = client.get(f"/{language}/people/999999/nobody/")
    assert response.status_code == 404
    assert text in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page_in_the_visitors_language(client, monkeypatch):
    from people import views

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(views.PersonListView, "get_queryset", broken)
    client.raise_request_exception = False
    response = client.get("/ru/people/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Что-то пошло не так" in page and "database on fire" not in page


def test_anonymous_pages_may_be_cached_by_a_proxy_signed_in_pages_may_not(client):
    person = make_person(status=Status.DRAFT)
    response = client.get("/en/camps/")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("staff", is_staff=True))
    assert "private" in client.get("/en/camps/")["Cache-Control"]
    assert "private" in client.get(person.get_absolute_url())["Cache-Control"]


def test_biography_carries_structured_data_open_graph_canonical_and_a_citation(client):
    person = make_person(
        surname="Байтурсынов",
        given_name="Ахмет",
        birth_date="1872",
        biography="<p>Scholar and poet.</p>",
    )
    person.name_variants.create(surname="Baitursynuly", kind="latin", script="latn")
    page = client.get(person.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])
    # The English page's name in Latin letters; the recorded one and the variant beside it.
    assert data["@type"] == "Person" and data["name"] == "Baytursynov Akhmet"
    assert data["alternateName"] == ["Байтурсынов Ахмет", "Baitursynuly"]
    assert data["birthDate"] == "1872"
    url = f"http://testserver{person.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:title" content="Baytursynov Akhmet">' in page
    assert '<meta property="og:description" content="Scholar and poet.">' in page
    assert "How to cite this page" in page and f"{url} (accessed" in page
    for language in ["kk", "ru", "en"]:
        assert f'hreflang="{language}" href="http://testserver/{language}/people/' in page


def test_structured_data_cannot_be_broken_out_of(client):
    person = make_person(surname="</script><script>alert(1)</script>")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_a_page_that_sets_a_cookie_is_never_kept_by_a_shared_cache(client):
    """The testimony form hands each visitor a CSRF cookie of their own: a proxy that kept
    the response would hand one visitor's cookie to the next."""
    response = client.get("/en/testimony/")
    assert "csrftoken" in response.cookies
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # A page without a form sets no cookie and may still be kept.
    assert "public" in client.get("/en/camps/")["Cache-Control"]
