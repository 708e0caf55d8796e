"""An archivist's changes are kept: who changed what and when, any version can come back, and
a deleted record can be recovered with its rows."""

import pytest
from django.core.management import call_command
from reversion.models import Version

from camps.models import Imprisonment
from memorial.base.models import Citation
from people.models import (
    NameVariant,
    Person,
    Relationship,
    RepressionCase,
    Testimony,
    TestimonyStatus,
)
from tests.factories import (
    filled_testimony_form,
    make_camp,
    make_case,
    make_citation,
    make_family,
    make_imprisonment,
    make_person,
    make_relationship,
)

pytestmark = pytest.mark.django_db


def form_data(response):
    """What the admin's form shows, as the browser would send it back unchanged."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False or hasattr(value, "url") or name == "DELETE":
                continue
            if value is True:
                value = "on"
            data[form.add_prefix(name)] = (
                [str(item) for item in value] if isinstance(value, list | tuple) else str(value)
            )

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            add(form)
    return data


@pytest.fixture
def person_with_rows():
    person = make_person(surname="Шмидт", given_name="Иван", patronymic="Карлович")
    NameVariant.objects.create(
        person=person, surname="Schmidt", given_name="Iwan", kind="latin", script="latn"
    )
    make_case(person, arrest_date="1937-08-12", charge="шпионаж")
    make_imprisonment(person, make_camp(name="Karlag"), prisoner_number="К-123")
    make_citation(person, locator="vol. 2, p. 214")
    return person


def stored_value(page, name):
    """A field's value on the page of a version, as it was stored."""
    fields = page.context["stored"]["record"]["fields"]
    return next(field["value"] for field in fields if field["name"] == name)


def change_url(person):
    return f"/admin/people/person/{person.pk}/change/"


def test_a_change_in_the_admin_shows_as_a_readable_difference(
    admin_client, superuser, person_with_rows
):
    person = person_with_rows
    data = form_data(admin_client.get(change_url(person)))
    data["surname"] = "Шмит"
    data["cases-0-arrest_date"] = "1937-09-01"
    response = admin_client.post(change_url(person), data)
    assert response.status_code == 302, response.context and response.context["errors"]

    page = admin_client.get(f"/admin/people/person/{person.pk}/history/")
    text = page.content.decode()
    assert "Surname: <del>Шмидт</del> → <ins>Шмит</ins>" in text
    assert "Date of arrest: <del>Aug. 12, 1937</del> → <ins>Sept. 1, 1937</ins>" in text
    newest, first = page.context["entries"]
    assert newest["revision"].user == superuser
    # Made by code, not in the admin: kept as it was just before the first change.
    assert first["revision"].user is None


def test_a_version_can_be_brought_back(admin_client, person_with_rows):
    person = person_with_rows
    data = form_data(admin_client.get(change_url(person)))
    data["surname"] = "Шмит"
    admin_client.post(change_url(person), data)
    first = Version.objects.get_for_object(person).order_by("pk").first()

    url = f"/admin/people/person/{person.pk}/history/{first.pk}/"
    old = admin_client.get(url)
    assert stored_value(old, "surname") == "Шмидт"
    # Shown, not put back: the record stays as it is until the version is brought back.
    person.refresh_from_db()
    assert person.surname == "Шмит"
    assert "Bring back this version" in old.content.decode()
    response = admin_client.post(url)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.surname == "Шмидт"
    assert person.name_variants.count() == 1


def test_whoever_brings_a_version_back_is_recorded_as_the_last_to_change_it(
    admin_client, superuser, person_with_rows, django_user_model
):
    person = person_with_rows
    other = django_user_model.objects.create_user("other", is_staff=True, is_superuser=True)
    other_client = type(admin_client)()
    other_client.force_login(other)
    data = form_data(other_client.get(change_url(person)))
    data["surname"] = "Шмит"
    other_client.post(change_url(person), data)
    first = Version.objects.get_for_object(person).order_by("pk").first()
    person.refresh_from_db()
    assert person.updated_by == other

    admin_client.post(f"/admin/people/person/{person.pk}/history/{first.pk}/")
    person.refresh_from_db()
    assert person.surname == "Шмидт"
    assert person.updated_by == superuser


def test_a_deleted_person_is_recovered_with_names_events_and_sources(
    admin_client, superuser, person_with_rows
):
    person = person_with_rows
    person_id = person.pk
    # Made by code, never saved through the admin: the deletion itself keeps the snapshot.
    assert not Version.objects.get_for_object(person).exists()
    response = admin_client.post(f"/admin/people/person/{person_id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person_id).exists()

    listing = admin_client.get("/admin/people/person/recover/")
    assert "Шмидт Иван Карлович" in listing.content.decode()
    deleted = listing.context["deleted"][0]
    assert deleted.revision.user == superuser

    url = f"/admin/people/person/recover/{deleted.pk}/"
    shown = admin_client.get(url).content.decode()
    assert "Schmidt" in shown and "шпионаж" in shown and "К-123" in shown
    assert not Person.objects.filter(pk=person_id).exists()
    response = admin_client.post(url)
    assert response.status_code == 302
    person = Person.objects.get(pk=person_id)
    assert person.full_name == "Шмидт Иван Карлович"
    assert NameVariant.objects.get(person=person).surname == "Schmidt"
    assert RepressionCase.objects.get(person=person).charge == "шпионаж"
    assert Imprisonment.objects.get(person=person).prisoner_number == "К-123"
    assert Citation.objects.get(object_id=person.pk).locator == "vol. 2, p. 214"


def test_publishing_from_the_list_is_recorded(admin_client, person_with_rows):
    person = person_with_rows
    person.status = "draft"
    person.save()
    admin_client.post(
        "/admin/people/person/", {"action": "publish", "_selected_action": [person.pk]}
    )
    page = admin_client.get(f"/admin/people/person/{person.pk}/history/").content.decode()
    assert "Publication status: <del>draft</del> → <ins>published</ins>" in page


def test_the_history_page_does_not_grow_in_queries(
    admin_client, person_with_rows, django_assert_max_num_queries
):
    person = person_with_rows
    url = change_url(person)
    data = form_data(admin_client.get(url))
    for number in range(6):
        data["occupation"] = f"учитель {number}"
        admin_client.post(url, data)
    with django_assert_max_num_queries(16):
        page = admin_client.get(f"/admin/people/person/{person.pk}/history/")
    assert page.content.decode().count("<del>") >= 5


def test_a_family_testimony_is_in_the_history_until_it_is_purged(client, admin_client):
    client.post("/en/testimony/", filled_testimony_form())
    testimony = Testimony.objects.get()
    assert Version.objects.get_for_object(testimony).exists()

    Testimony.objects.filter(pk=testimony.pk).update(
        status=TestimonyStatus.SPAM, updated_at="2000-01-01T00:00Z"
    )
    call_command("purge_testimonies", days=30, verbosity=0)
    assert not Testimony.objects.exists()
    assert not Version.objects.filter(serialized_data__contains=testimony.email).exists()
    assert not Version.objects.filter(serialized_data__contains=testimony.story[:40]).exists()


def test_bringing_back_one_record_leaves_the_others_of_its_revision_alone(admin_client):
    first, second = make_person(surname="Первый"), make_person(surname="Второй")
    Person.objects.update(status="draft")
    admin_client.post(
        "/admin/people/person/",
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )
    page = admin_client.get(f"/admin/people/person/{first.pk}/history/").content.decode()
    assert "Второй" not in page  # another record of the same bulk action
    published = Version.objects.get_for_object(first).order_by("-pk").first()
    url = f"/admin/people/person/{first.pk}/history/{published.pk}/"
    assert "Второй" not in admin_client.get(url).content.decode()
    url = change_url(second)
    data = form_data(admin_client.get(url))
    data["surname"] = "Второй-исправленный"
    admin_client.post(url, data)

    url = f"/admin/people/person/{first.pk}/history/{published.pk}/"
    assert admin_client.post(url).status_code == 302
    second.refresh_from_db()
    assert second.surname == "Второй-исправленный"


def test_no_one_brings_back_a_version_through_another_model_or_without_the_right(
    client, admin_client, person_with_rows, django_user_model
):
    from django.contrib.auth.models import Group

    from memorial.base.roles import VIEWER

    person = person_with_rows
    data = form_data(admin_client.get(change_url(person)))
    data["surname"] = "Шмит"
    admin_client.post(change_url(person), data)
    old = Version.objects.get_for_object(person).order_by("pk").first()
    viewer = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    viewer.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(viewer)
    for url in [
        f"/admin/people/person/{person.pk}/history/{old.pk}/",
        f"/admin/people/article/{person.pk}/history/{old.pk}/",
        f"/admin/people/person/recover/{old.pk}/",
    ]:
        assert client.post(url, data).status_code in (403, 404), url
    # A viewer reads an earlier version, but is offered no way to bring it back.
    shown = client.get(f"/admin/people/person/{person.pk}/history/{old.pk}/")
    assert shown.status_code == 200
    assert stored_value(shown, "surname") == "Шмидт"
    assert "Bring back this version" not in shown.content.decode()
    assert (
        admin_client.post(f"/admin/people/article/{person.pk}/history/{old.pk}/", data).status_code
        == 404
    )
    person.refresh_from_db()
    assert person.surname == "Шмит"


def test_a_testimony_deleted_by_hand_leaves_no_copy_in_the_history(client, admin_client):
    client.post("/en/testimony/", filled_testimony_form())
    testimony = Testimony.objects.get()
    testimony.notes.create(text="Called the family back.")
    Testimony.objects.filter(pk=testimony.pk).delete()
    for private in (testimony.email, "Called the family back."):
        assert not Version.objects.filter(serialized_data__contains=private).exists()
    assert "aigerim" not in admin_client.get("/admin/people/testimony/recover/").content.decode()


def test_every_model_in_the_history_is_registered_through_ours():
    """Snapshots and a record's rows are read from our registrations: a model registered
    with reversion around them would be left out of a deleted record's snapshot."""
    import reversion

    from memorial.base.history import REGISTERED

    registered = {model._meta.concrete_model for model in reversion.get_registered_models()}
    assert registered == set(REGISTERED)
    assert {"name_variants", "cases", "imprisonments", "citations"} <= set(
        REGISTERED[Person].follow
    )


# -- families --------------------------------------------------------------------------------


def family_row(data, prefix, **fields):
    number = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(number + 1)
    data.update({f"{prefix}-{number}-{name}": str(value) for name, value in fields.items()})
    return data


@pytest.mark.parametrize("prefix", ["relationships_as_first", "relationships_as_second"])
def test_a_relationship_entered_on_either_side_is_in_the_persons_history(admin_client, prefix):
    person, relative = make_person(surname="Шмидт"), make_person(surname="Шмидт-Кох")
    relative_field = "second" if prefix == "relationships_as_first" else "first"
    row = {relative_field: relative.pk, "kind": "spouse", "notes": "ЗАГС, 1925"}
    data = family_row(form_data(admin_client.get(change_url(person))), prefix, **row)
    assert admin_client.post(change_url(person), data).status_code == 302
    newest = Version.objects.get_for_object(person).order_by("-pk").first()
    kept = newest.revision.version_set.filter(content_type__model="relationship")
    assert [version.field_dict["notes"] for version in kept] == ["ЗАГС, 1925"]
    page = admin_client.get(f"/admin/people/person/{person.pk}/history/").content.decode()
    assert "Relationship" in page


def test_bringing_back_a_version_brings_back_its_relationships(admin_client):
    person = make_person(surname="Шмидт")
    wife, son, stranger = make_person(), make_person(), make_person()
    make_relationship(person, wife, "spouse", notes="ЗАГС, 1925")
    make_relationship(son, person, "sibling")  # entered wrongly, from the son's side
    url = change_url(person)
    data = form_data(admin_client.get(url))
    data["relationships_as_first-0-notes"] = "исправлено"
    data["relationships_as_second-0-DELETE"] = "on"
    family_row(data, "relationships_as_first", second=stranger.pk, kind="sibling")
    assert admin_client.post(url, data).status_code == 302
    first = Version.objects.get_for_object(person).order_by("pk").first()

    assert (
        admin_client.post(f"/admin/people/person/{person.pk}/history/{first.pk}/").status_code
        == 302
    )
    assert set(Relationship.objects.values_list("first", "second", "kind", "notes")) == {
        (person.pk, wife.pk, "spouse", "ЗАГС, 1925"),
        (son.pk, person.pk, "sibling", ""),
    }


def test_a_deleted_person_is_recovered_with_the_relatives_still_on_the_portal(admin_client):
    husband, wife, son = make_family()
    gone = make_person(surname="Удалённый")
    make_relationship(gone, wife, "sibling")
    # The wife's sentence names her husband: he is PROTECTed while it does.
    wife.cases.update(family_member_of=None)
    assert (
        admin_client.post(f"/admin/people/person/{wife.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    gone.delete()  # after her: her snapshot holds their relationship
    listing = admin_client.get("/admin/people/person/recover/").context["deleted"]
    deleted = next(version for version in listing if version.object_id == str(wife.pk))
    url = f"/admin/people/person/recover/{deleted.pk}/"
    shown = admin_client.get(url).content.decode()
    assert "Family" in shown and "Удалённый" in shown
    response = admin_client.post(url, follow=True)
    assert Person.objects.filter(pk=wife.pk).exists()
    assert set(Relationship.objects.of(wife).values_list("first", "second", "kind")) == {
        (husband.pk, wife.pk, "spouse"),
        (wife.pk, son.pk, "parent"),
    }
    # The relative deleted since cannot come back with her: said, not silently left out.
    assert "Удалённый" in response.content.decode()


def test_a_sentence_recovered_after_its_relative_was_deleted_comes_back_without_the_link(
    admin_client,
):
    husband, wife, _son = make_family()
    admin_client.post(f"/admin/people/person/{wife.pk}/delete/", {"post": "yes"})
    husband.delete()  # no longer PROTECTed: the sentence that named him went with her
    deleted = Version.objects.get_deleted(Person).get(object_id=str(wife.pk))
    response = admin_client.post(f"/admin/people/person/recover/{deleted.pk}/", follow=True)
    case = RepressionCase.objects.get(person_id=wife.pk)
    assert case.sentence_kind == "chsir" and case.family_member_of is None
    assert "with “as a family member of” left empty" in response.content.decode()


def test_a_relationship_entered_on_one_record_is_in_the_relatives_history_too(admin_client):
    person, wife = make_person(surname="Шмидт"), make_person(surname="Шмидт-Кох")
    data = family_row(form_data(admin_client.get(change_url(person))), "relationships_as_first",
                      second=wife.pk, kind="spouse")  # fmt: skip
    assert admin_client.post(change_url(person), data).status_code == 302
    page = admin_client.get(f"/admin/people/person/{wife.pk}/history/")
    newest = page.context["entries"][0]
    assert [(change["row"], change["kind"]) for change in newest["changes"]] == [
        ("Relationship", "added")
    ]
    data = form_data(admin_client.get(change_url(person)))
    data["relationships_as_first-0-DELETE"] = "on"
    assert admin_client.post(change_url(person), data).status_code == 302
    newest = admin_client.get(f"/admin/people/person/{wife.pk}/history/").context["entries"][0]
    assert [(change["row"], change["kind"]) for change in newest["changes"]] == [
        ("Relationship", "removed")
    ]
