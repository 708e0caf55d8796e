"""The staff groups exist after `migrate` and give each role its part."""

import pytest
from django.contrib.auth.models import Group, User

from memorial.base.roles import ARCHIVIST, EDITOR, MODERATOR, VIEWER
from memorial.site.roles import ensure_role_groups
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def member_of(group_name):
    user = User.objects.create_user(f"{group_name.lower()}-user", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_archivists_enter_correct_and_publish_records(client):
    client.force_login(member_of(ARCHIVIST))
    person = make_person()
    for url in [
        "/admin/people/person/add/",
        f"/admin/people/person/{person.pk}/change/",
        "/admin/camps/camp/add/",
        "/admin/deportations/deportation/add/",
        "/admin/memorial/source/add/",
    ]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/admin/people/person/", {"action": "publish", "_selected_action": [person.pk]}
    )
    assert response.status_code == 302


def test_archivists_do_not_read_families_testimony(client):
    """The queue and the families' files (with their contact details) are the moderators'
    (README, "Roles"); archivists keep their imports."""
    client.force_login(member_of(ARCHIVIST))
    assert client.get("/admin/people/testimony/").status_code == 403
    assert client.get("/admin/people/importjob/").status_code == 200
    held = Group.objects.get(name=ARCHIVIST).permissions.filter(content_type__app_label="people")
    assert not held.filter(
        content_type__model__in=["testimony", "attachment", "pendingupload", "testimonynote"]
    ).exists()
    assert held.filter(codename="change_person").exists()


def test_moderators_read_records_but_cannot_change_them(client):
    client.force_login(member_of(MODERATOR))
    person = make_person()
    assert client.get("/admin/people/person/").status_code == 200
    assert client.get(f"/admin/people/person/{person.pk}/change/").status_code == 200
    assert client.get("/admin/people/person/add/").status_code == 403
    response = client.post(f"/admin/people/person/{person.pk}/change/", {"surname": "Changed"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.surname != "Changed"
    assert client.get("/admin/memorial/source/").status_code == 403


def test_groups_keep_permissions_a_site_added_when_migrate_runs_again():
    moderator = Group.objects.get(name=MODERATOR)
    extra = Group.objects.get(name=ARCHIVIST).permissions.get(codename="change_person")
    moderator.permissions.add(extra)
    ensure_role_groups()
    assert moderator.permissions.filter(codename="change_person").exists()


@pytest.mark.parametrize("role", [VIEWER, EDITOR])
def test_viewers_and_editors_read_records_and_change_nothing(client, role):
    client.force_login(member_of(role))
    person = make_person(surname="Байтурсынов")
    assert "Байтурсынов" in client.get("/admin/people/person/").content.decode()
    page = client.get(f"/admin/people/person/{person.pk}/change/").content.decode()
    assert 'name="_save"' not in page  # read-only: no form to send
    for url in [
        "/admin/people/person/add/",
        "/admin/camps/camp/add/",
        f"/admin/people/person/{person.pk}/delete/",
        "/admin/people/importjob/add/",
    ]:
        assert client.get(url).status_code == 403, url  # fmt: skip
    client.post(f"/admin/people/person/{person.pk}/change/", {"surname": "Changed"})
    person.refresh_from_db()
    assert person.surname == "Байтурсынов"
    # Families' testimony and uploaded lists are private: not even listed.
    for url in ["/admin/people/testimony/", "/admin/people/importjob/"]:
        assert client.get(url).status_code == 403, url


def story_form(**fields):
    return {
        "kind": "exhibition",
        "slug": "alzhir-exhibition",
        "title_ru": "Выставка об АЛЖИРе",
        "body_ru": "<p>Жёны изменников Родины.</p>",
        "status": "published",
        "memorial-mediaitem-content_type-object_id-TOTAL_FORMS": "0",
        "memorial-mediaitem-content_type-object_id-INITIAL_FORMS": "0",
        **fields,
    }


def test_editors_write_pages_and_stories_and_choose_the_home_page(client):
    client.force_login(member_of(EDITOR))
    for url in [
        "/admin/pages/story/add/",
        "/admin/pages/page/add/",
        "/admin/pages/homepage/1/change/",
        "/admin/translations/",
    ]:
        assert client.get(url).status_code == 200, url
    response = client.post("/admin/pages/story/add/", story_form())
    assert response.status_code == 302
    assert client.get("/ru/stories/alzhir-exhibition/").status_code == 200


@pytest.mark.parametrize("role", [ARCHIVIST, MODERATOR, VIEWER])
def test_only_editors_write_pages_and_stories(client, role):
    client.force_login(member_of(role))
    for url in ["/admin/pages/story/add/", "/admin/pages/page/add/"]:
        assert client.get(url).status_code == 403, url
    client.post("/admin/pages/story/add/", story_form())
    assert not client.get("/ru/stories/alzhir-exhibition/").status_code == 200
