"""Archivists find people recorded twice and merge them without losing anything."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from reversion.models import Version

from memorial.base.models import Citation, MediaItem
from memorial.base.roles import MODERATOR
from people.merging import likely_duplicates
from people.models import MergedPerson, Person, Relationship, Testimony
from people.search import find_people
from tests.factories import (
    make_camp,
    make_case,
    make_citation,
    make_imprisonment,
    make_media,
    make_person,
    make_relationship,
    make_source,
)

pytestmark = pytest.mark.django_db


def test_likely_duplicates_have_alike_names_and_compatible_birth_years():
    first = make_person(surname="Байтурсынов", given_name="Ахмет", birth_date="1872")
    second = make_person(surname="Baitursynov", given_name="Akhmet", birth_date="c. 1873")
    make_person(surname="Байтурсынов", given_name="Ахмет", birth_date="1920")  # too far apart
    make_person(surname="Байтурсынов", given_name="Бекет", birth_date="1872")  # another man
    groups = likely_duplicates()
    assert [sorted(person.pk for person in group) for group in groups] == [
        sorted([first.pk, second.pk])
    ]


def test_merging_two_demo_duplicates_in_the_admin_loses_nothing(admin_client, superuser):
    call_command("load_demo", verbosity=0)
    keep = Person.objects.get(surname="Baiturssynov")
    kept_variants = set(str(variant) for variant in keep.name_variants.all())
    # The same man entered again from an archive file, in Russian, with what it records.
    duplicate = make_person(
        surname="Байтурсынов", given_name="Ахмет", birth_date="1872", birth_place="Turgai uyezd"
    )
    duplicate.name_variants.create(surname="Baytursunov", kind="spelling", script="latn")
    make_case(duplicate, arrest_date="1929")
    make_case(duplicate, arrest_date="1937-10")
    make_imprisonment(duplicate, make_camp(name="Karlag-2"))
    citation = make_citation(duplicate)
    photo = make_media(duplicate, is_portrait=True)
    testimony = Testimony.objects.create(
        person=duplicate,
        submitter_name="A",
        email="a@example.kz",
        subject_names="Ahmet",
        story="s",
        consent_processing=True,
    )
    old_url = duplicate.get_absolute_url()
    old_pk = duplicate.pk

    page = admin_client.get("/admin/people/person/duplicates/").content.decode()
    assert f"/admin/people/person/merge/{keep.pk}/{old_pk}/" in page
    confirm = admin_client.get(f"/admin/people/person/merge/{keep.pk}/{old_pk}/")
    assert "Merge" in confirm.content.decode()
    response = admin_client.post(f"/admin/people/person/merge/{keep.pk}/{old_pk}/")
    assert response.status_code == 302

    keep.refresh_from_db()
    assert not Person.objects.filter(pk=old_pk).exists()
    variants = {str(variant) for variant in keep.name_variants.all()}
    assert kept_variants | {"Байтурсынов Ахмет", "Baytursunov"} <= variants
    assert [str(case.arrest_date) for case in keep.cases.all()] == ["1929", "1937-10"]
    assert keep.imprisonments.get().camp.name == "Karlag-2"
    assert citation in Citation.objects.filter(object_id=keep.pk)
    assert keep.citations.count() == 2  # the seed article and the archive file
    assert MediaItem.objects.get(pk=photo.pk).object_id == keep.pk
    assert Testimony.objects.get(pk=testimony.pk).person == keep
    assert str(keep.birth_date) == "1872" and keep.birth_place == "Turgai uyezd"
    assert keep.burial_site.name == "Zhanalyk"  # its own facts stay

    merged = MergedPerson.objects.get(old_id=old_pk)
    assert merged.merged_into == keep and merged.merged_by == superuser
    assert merged.snapshot["birth_place"] == "Turgai uyezd"
    assert LogEntry.objects.filter(
        object_id=str(keep.pk), change_message__contains="Merged"
    ).exists()

    admin_client.logout()
    redirect = admin_client.get(old_url)
    assert redirect.status_code == 301 and redirect["Location"] == keep.get_absolute_url()
    assert find_people(None, "Baytursunov") == [keep.pk]


def test_a_chain_of_merges_still_leads_to_the_survivor(admin_client):
    first, second, third = (make_person(surname="Иванов") for _ in range(3))
    admin_client.post(f"/admin/people/person/merge/{second.pk}/{first.pk}/")
    admin_client.post(f"/admin/people/person/merge/{third.pk}/{second.pk}/")
    response = admin_client.get(f"/en/people/{first.pk}/x/")
    assert response["Location"] == third.get_absolute_url()


def test_only_those_who_may_change_and_delete_people_can_merge(client):
    moderator = User.objects.create_user("moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATOR))
    client.force_login(moderator)
    first, second = make_person(), make_person()
    assert client.get("/admin/people/person/duplicates/").status_code == 403
    assert client.post(f"/admin/people/person/merge/{first.pk}/{second.pk}/").status_code == 403
    assert Person.objects.count() == 2


def test_the_duplicates_page_is_reached_from_the_changelist(admin_client):
    page = admin_client.get("/admin/people/person/").content.decode()
    assert 'href="/admin/people/person/duplicates/"' in page


def test_a_record_cannot_be_merged_into_itself(admin_client):
    person = make_person()
    admin_client.post(f"/admin/people/person/merge/{person.pk}/{person.pk}/")
    assert Person.objects.filter(pk=person.pk).exists()


def test_merging_a_published_record_into_a_draft_warns_first(admin_client):
    draft = make_person(surname="Иванов", status="draft")
    published = make_person(surname="Иванов")
    page = admin_client.get(f"/admin/people/person/merge/{draft.pk}/{published.pk}/")
    assert "the kept one is not" in page.content.decode()


def merge(client, keep, remove):
    response = client.post(f"/admin/people/person/merge/{keep.pk}/{remove.pk}/")
    assert response.status_code == 302


def family_of_kept(keep):
    return {
        (relationship.relative_of(keep).pk, relationship.role_of_relative(keep))
        for relationship in Relationship.objects.of(keep)
    }


def test_the_relatives_of_a_merged_record_become_the_survivors(admin_client):
    keep, remove = make_person(surname="Ахметов"), make_person(surname="Akhmetov")
    wife, son, father = make_person(), make_person(), make_person()
    make_relationship(remove, wife, "spouse", start="1925")
    make_relationship(remove, son, "parent")
    make_relationship(father, remove, "parent")
    case = make_case(wife, sentence_kind="chsir", family_member_of=remove)
    merge(admin_client, keep, remove)
    assert family_of_kept(keep) == {
        (wife.pk, "spouse"),
        (son.pk, "child"),
        (father.pk, "parent"),
    }
    # PROTECT would have refused the deletion of the merged record otherwise.
    case.refresh_from_db()
    assert case.family_member_of == keep


def test_a_relationship_between_the_two_records_is_dropped_and_kept_in_the_history(
    admin_client,
):
    keep, remove = make_person(), make_person()
    make_relationship(keep, remove, "sibling", notes="entered before anyone saw the double")
    own_case = make_case(keep, sentence_kind="chsir", family_member_of=remove)
    merge(admin_client, keep, remove)
    assert not Relationship.objects.exists()
    own_case.refresh_from_db()
    assert own_case.family_member_of is None  # never a family member of oneself
    merged = MergedPerson.objects.get(old_id=remove.pk)
    assert merged.snapshot["dropped_relationships"][0]["notes"].startswith("entered before")
    assert Version.objects.filter(
        serialized_data__contains="entered before anyone saw the double"
    ).exists()


@pytest.mark.parametrize("reversed_pair", [False, True])
def test_of_two_doubles_the_one_with_more_information_stays(admin_client, reversed_pair):
    keep, remove, son = make_person(), make_person(), make_person()
    book = make_source(title="Book of Memory")
    make_relationship(keep, son, "parent")
    if reversed_pair:  # the son entered as the parent of the double: the same pair, reversed
        make_relationship(son, remove, "parent", source=book, notes="from the case file")
    else:
        make_relationship(remove, son, "parent", source=book, notes="from the case file")
    merge(admin_client, keep, remove)
    survivor = Relationship.objects.get()
    assert survivor.source == book and survivor.notes == "from the case file"
    assert {survivor.first_id, survivor.second_id} == {keep.pk, son.pk}
    dropped = MergedPerson.objects.get(old_id=remove.pk).snapshot["dropped_relationships"]
    assert [(row["first"], row["second"]) for row in dropped] == [(keep.pk, son.pk)]


def test_a_double_with_less_information_is_dropped_and_the_survivors_stays(admin_client):
    keep, remove, wife = make_person(), make_person(), make_person()
    make_relationship(wife, keep, "spouse", start="1925", notes="marriage record")
    make_relationship(remove, wife, "spouse")
    merge(admin_client, keep, remove)
    survivor = Relationship.objects.get()
    assert (survivor.first, survivor.second, survivor.notes) == (wife, keep, "marriage record")
