"""Biographies are served from the cache to visitors, and never out of date or private."""

import pytest

from memorial.base.models import Status
from memorial.base.page_cache import content_version
from people.models import RepressionCase

from .factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return make_person(surname="Байтурсынов", given_name="Ахмет")


def test_a_second_visit_is_served_without_a_query(client, person, django_assert_num_queries):
    url = person.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200 and second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]


def test_a_correction_shows_at_once(client, person):
    url = person.get_absolute_url()
    client.get(url)
    person.biography = "<p>Poet and teacher.</p>"
    person.save()
    assert "Poet and teacher." in client.get(url).content.decode()
    RepressionCase.objects.create(person=person, arrest_place="Кзыл-Орда")
    assert "Кзыл-Орда" in client.get(url).content.decode()


def test_unpublishing_removes_the_page_for_visitors(client, person):
    url = person.get_absolute_url()
    assert client.get(url).status_code == 200
    person.status = Status.DRAFT
    person.save()
    assert client.get(url).status_code == 404


def test_staff_previews_are_never_cached_or_served_from_the_cache(client, admin_client, person):
    draft = make_person(surname="Дулатов", status=Status.DRAFT)
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    url = person.get_absolute_url()
    client.get(url)  # cached for visitors
    staff_page = admin_client.get(url)
    assert staff_page["Cache-Control"].startswith("private")


def test_a_query_string_is_never_served_from_the_cache(
    client, person, django_assert_max_num_queries
):
    url = person.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(10) as queries:
        client.get(url, {"utm_source": "newsletter"})
    assert len(queries.captured_queries) > 0


def test_an_import_makes_every_cached_page_new(tmp_path, person):
    from people.importing import people_import

    before = content_version()
    path = tmp_path / "list.csv"
    path.write_text("ФИО;Год рождения\nДулатов Миржакып;1885\n", encoding="utf-8")
    people_import(path=path, source=person_source(), columns={"full_name": "ФИО"})
    assert content_version() > before


def person_source():
    from .factories import make_source

    return make_source()


def test_a_worker_keeps_recent_pages_in_its_own_memory(client, person, django_assert_num_queries):
    from django.core.cache import cache

    url = person.get_absolute_url()
    first = client.get(url)
    cache.clear()  # nothing in the shared cache: the page comes from the worker's memory
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content


def test_a_flushed_shared_cache_never_brings_back_an_old_page(
    version_reread_on_every_request, client, person
):
    from django.core.cache import cache

    url = person.get_absolute_url()
    client.get(url)
    type(person).objects.filter(pk=person.pk).update(biography_en="<p>Corrected in bulk.</p>")
    cache.clear()  # Redis restarted or flushed: the version is gone with the pages
    assert "Corrected in bulk." in client.get(url).content.decode()


def test_a_page_cached_while_a_correction_was_uncommitted_is_not_served_after_it(
    client, person, django_capture_on_commit_callbacks
):
    """Another worker may render the old text between the save and the commit, and store
    it under the version the save took: the commit takes another."""
    url = person.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        person.surname = "Байтұрсынұлы"
        person.save()
        during = content_version()
    after = content_version()
    assert after != during
    assert "Байтұрсынұлы" in client.get(url, follow=True).content.decode()


def test_a_cached_page_is_answered_by_its_address_with_the_headers_it_had(
    client, person, superuser, monkeypatch
):
    from people.views import PersonDetailView

    url = person.get_absolute_url()
    first = client.get(url)
    client.get(url)  # stored by its address, as it left the middleware inside

    def never(*args, **kwargs):
        raise AssertionError("the view was asked")

    monkeypatch.setattr(PersonDetailView, "dispatch", never)
    again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    for header in ("Content-Type", "Content-Language", "Content-Security-Policy",
                   "X-Frame-Options", "Permissions-Policy", "Cache-Control", "Vary"):  # fmt: skip
        assert again[header] == first[header], header
    # A query string, and a signed-in user, reach the view.
    with pytest.raises(AssertionError, match="the view was asked"):
        client.get(url, {"n": "1"})
    client.force_login(superuser)
    with pytest.raises(AssertionError, match="the view was asked"):
        client.get(url)


def test_a_page_kept_by_its_address_gives_way_to_a_correction(client, person):
    url = person.get_absolute_url()
    client.get(url), client.get(url)
    person.birth_place = "Торгайский уезд"
    person.save()
    assert "Торгайский уезд" in client.get(url).content.decode()
