"""Changelists: search, filters, bulk actions, and a query count that does not grow with rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from memorial.base.models import Region, Status
from people.models import ImportBatch, Person
from tests.factories import (
    make_burial_site,
    make_camp,
    make_deportation,
    make_deportation_record,
    make_imprisonment,
    make_people,
    make_person,
    make_site_page,
    make_source,
    make_story,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = {
    "/admin/people/person/": lambda n: make_person(surname=f"Person {n}", birth_date="1890"),
    "/admin/camps/camp/": lambda n: make_camp(
        parent=make_camp(), region=Region.objects.create(name=f"R{n}")
    ),
    "/admin/camps/burialsite/": lambda n: make_burial_site(),
    "/admin/deportations/deportation/": lambda n: make_deportation(peoples=[make_people()]),
    "/admin/deportations/deportedpeople/": lambda n: make_people(),
    "/admin/memorial/source/": lambda n: make_source(),
    "/admin/memorial/region/": lambda n: Region.objects.create(name=f"Region {n}"),
    "/admin/people/article/": lambda n: None,
    "/admin/people/authority/": lambda n: None,
    "/admin/pages/story/": lambda n: make_story(people=[make_person()], camps=[make_camp()]),
    "/admin/pages/page/": lambda n: make_site_page(),
    "/admin/people/importbatch/": lambda n: ImportBatch.objects.create(
        source=make_source(), file_name=f"list-{n}.csv", imported_at=timezone.now()
    ),
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelist_query_count_does_not_grow_with_its_rows(
    admin_client, url, django_assert_max_num_queries
):
    make_row = CHANGELISTS[url]
    make_row(0)
    with_one = count_queries(admin_client, url)
    for number in range(1, 25):
        make_row(number)
    with django_assert_max_num_queries(with_one):
        admin_client.get(url)
    with django_assert_max_num_queries(12):
        admin_client.get(url)


def test_people_are_found_by_any_recorded_form_of_their_name(admin_client):
    person = make_person(surname="Байтурсынов", given_name="Ахмет")
    person.name_variants.create(surname="Baitursynuly", kind="latin", script="latn")
    make_person(surname="Сейфуллин")
    for term in ["Байтурсынов", "baitursynuly", "Ахмет"]:
        page = admin_client.get("/admin/people/person/", {"q": term}).content.decode()
        assert "Байтурсынов Ахмет" in page
        assert "Сейфуллин" not in page


def test_people_filter_by_birth_decade_camp_deportation_status_and_fate(admin_client):
    camp, _ = make_camp(name="Karlag"), make_camp(name="Steplag")
    deportation, _ = make_deportation(title="Koreans 1937"), make_deportation(title="Germans")
    in_camp = make_person(surname="Camp", birth_date="1895", fate="shot")
    make_imprisonment(in_camp, camp)
    make_imprisonment(in_camp, camp)  # twice in one camp: still listed once
    deported = make_person(surname="Deported", birth_date="c. 1901", status=Status.DRAFT)
    make_deportation_record(deported, deportation)

    def names(**params):
        response = admin_client.get("/admin/people/person/", params)
        return [person.surname for person in response.context["cl"].result_list]

    assert names(birth_decade="1890") == ["Camp"]
    assert names(birth_decade="1900") == ["Deported"]
    assert names(imprisonments__camp__id__exact=camp.pk) == ["Camp"]
    assert names(deportation_records__deportation__id__exact=deportation.pk) == ["Deported"]
    assert names(status__exact="draft") == ["Deported"]
    assert names(fate__exact="shot") == ["Camp"]
    assert sorted(names(birth_decade="not-a-decade")) == ["Camp", "Deported"]


def test_bulk_publish_and_unpublish(admin_client, superuser):
    drafts = [make_person(surname=f"Draft {n}", status=Status.DRAFT) for n in range(3)]
    response = admin_client.post(
        "/admin/people/person/",
        {"action": "publish", "_selected_action": [person.pk for person in drafts[:2]]},
        follow=True,
    )
    assert "2 records published." in response.content.decode()
    assert Person.objects.published().count() == 2
    assert all(person.published_at for person in Person.objects.published())
    assert {person.updated_by for person in Person.objects.published()} == {superuser}

    admin_client.post(
        "/admin/people/person/", {"action": "unpublish", "_selected_action": [drafts[0].pk]}
    )
    assert Person.objects.published().count() == 1


def test_view_on_site_leads_to_the_public_page_even_for_a_draft(admin_client):
    draft = make_person(surname="Draft", status=Status.DRAFT)
    page = admin_client.get(f"/admin/people/person/{draft.pk}/change/").content.decode()
    assert "View on site" in page
    preview = admin_client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "not published" in preview.content.decode()


def test_every_foreign_key_on_the_person_form_is_an_autocomplete(admin_client):
    page = admin_client.get("/admin/people/person/add/").content.decode()
    # Select2 widgets, not a <select> listing every camp or source in the archive.
    for field in [
        "burial_site",
        "cases-__prefix__-sentencing_body",
        "imprisonments-__prefix__-camp",
        "deportation_records-__prefix__-deportation",
        "memorial-citation-content_type-object_id-__prefix__-source",
    ]:
        assert f'name="{field}"' in page
        start = page.index(f'name="{field}"')
        tag = page[page.rindex("<select", 0, start) : page.index(">", start)]
        assert "admin-autocomplete" in tag, field


def test_each_row_has_django_s_own_checkbox_and_link(admin_client):
    """The rows are drawn in Python for speed (memorial/base/admin_rows.py), with the HTML
    Django's templates draw, in the archivist's language."""
    from django.contrib import admin as django_admin
    from django.utils import translation

    person = make_person(surname="Шмидт", given_name="Карл")
    model_admin = django_admin.site.get_model_admin(Person)
    for language in ("ru", "en"):
        with translation.override(language):
            ours = model_admin.action_checkbox(person)
            djangos = django_admin.ModelAdmin.action_checkbox(model_admin, person)
        assert ours == djangos
    page = admin_client.get("/admin/people/person/").content.decode()
    assert ours in page
    assert f'<a href="/admin/people/person/{person.pk}/change/">Шмидт Карл</a>' in page
