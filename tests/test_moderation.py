"""Moderators turn a good testimony into part of a biography, and can take it back."""

from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from memorial.base.models import MediaItem
from memorial.base.roles import MODERATOR
from people import services
from people.models import Attachment, PendingUpload, Person, Testimony
from people.services import PublicationRefused
from tests.factories import jpeg_with_gps, make_person, make_testimony, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = User.objects.create_user("moderator", "mod@example.kz", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATOR))
    client.force_login(user)
    return user


def change(client, testimony, **fields):
    page = client.get(f"/admin/people/testimony/{testimony.pk}/change/")
    assert page.status_code == 200
    data = {
        "status": testimony.status,
        "assignee": testimony.assignee_id or "",
        "person": testimony.person_id or "",
        "attachments-TOTAL_FORMS": str(testimony.attachments.count()),
        "attachments-INITIAL_FORMS": str(testimony.attachments.count()),
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "history-TOTAL_FORMS": str(testimony.history.count()),
        "history-INITIAL_FORMS": str(testimony.history.count()),
        **fields,
    }
    for index, attachment in enumerate(testimony.attachments.all()):
        data[f"attachments-{index}-id"] = attachment.pk
        data[f"attachments-{index}-testimony"] = testimony.pk
        if attachment.publish:
            data[f"attachments-{index}-publish"] = "on"
    for index, entry in enumerate(testimony.history.all()):
        data[f"history-{index}-id"] = entry.pk
        data[f"history-{index}-testimony"] = testimony.pk
    return client.post(f"/admin/people/testimony/{testimony.pk}/change/", data)


def test_moderators_change_status_and_the_history_keeps_who_and_when(client, moderator):
    testimony = make_testimony()
    response = change(
        client,
        testimony,
        status="in_review",
        assignee=moderator.pk,
        **{"notes-0-text": "Call the family about the photo."},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    testimony.refresh_from_db()
    assert testimony.status == "in_review" and testimony.assignee == moderator
    last = testimony.history.last()
    assert (last.old_status, last.new_status, last.changed_by) == ("new", "in_review", moderator)
    note = testimony.notes.get()
    assert note.author == moderator and note.text == "Call the family about the photo."


def test_what_the_family_typed_cannot_be_altered_in_the_admin(client, moderator):
    testimony = make_testimony()
    change(client, testimony, story="rewritten", submitter_name="someone else")
    testimony.refresh_from_db()
    assert testimony.story.startswith("<b>He</b>")
    assert testimony.submitter_name == "Айгерім Сапарова"


def test_likely_matches_are_suggested_from_name_and_birth_year(client, moderator):
    match = make_person(surname="Сапаров", given_name="Әбдірахман", birth_date="1899")
    make_person(surname="Сапаров", given_name="Other", birth_date="1950")
    make_person(surname="Иванов")
    testimony = make_testimony()
    page = client.get(f"/admin/people/testimony/{testimony.pk}/change/").content.decode()
    assert f"/admin/people/person/{match.pk}/change/" in page
    assert "Сапаров Other" not in page


def test_a_birth_decade_suggests_people_born_in_it_and_is_shown_in_words(client, moderator):
    late = make_person(surname="Сапаров", given_name="Әбдірахман", birth_date="1899")
    make_person(surname="Сапаров", given_name="Other", birth_date="1920")
    testimony = make_testimony(subject_birth_date="1890-е")
    page = client.get(f"/admin/people/testimony/{testimony.pk}/change/").content.decode()
    assert f"/admin/people/person/{late.pk}/change/" in page
    assert "Сапаров Other" not in page
    assert "1890s" in page


def test_moderators_see_the_attachments_through_an_authenticated_view(client, moderator):
    testimony = make_testimony(files=[jpeg_with_gps(), pdf_file()])
    photo, document = testimony.attachments.all()
    base = f"/admin/people/testimony/{testimony.pk}/attachments"
    response = client.get(f"{base}/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-cache" in response["Cache-Control"]
    assert client.get(f"{base}/{document.pk}/")["Content-Type"] == "application/pdf"
    other = make_testimony()
    assert (
        client.get(f"/admin/people/testimony/{other.pk}/attachments/{photo.pk}/").status_code == 404
    )


def test_publish_puts_story_and_photos_on_the_biography_and_withdraw_takes_them_off(
    client, moderator
):
    person = make_person(surname="Сапаров", given_name="Әбдірахман")
    testimony = make_testimony(person=person, files=[jpeg_with_gps()])
    response = client.post(
        "/admin/people/testimony/",
        {"action": "publish_story", "_selected_action": [testimony.pk]},
        follow=True,
    )
    assert "1 story published." in response.content.decode()
    client.logout()
    page = client.get(person.get_absolute_url()).content.decode()
    assert "What the family remembers" in page
    assert "&lt;b&gt;He&lt;/b&gt; wrote letters from Karlag.<br>Every month." in page
    assert "— granddaughter" in page  # no name without consent
    assert "Айгерім" not in page and "aigerim@example.kz" not in page and "+7 701" not in page
    media = MediaItem.objects.get(object_id=person.pk)
    with media.image.open("rb") as handle, Image.open(BytesIO(handle.read())) as image:
        assert dict(image.getexif()) == {}
    assert client.get(media.image.url).status_code == 200

    client.force_login(moderator)
    client.post(
        "/admin/people/testimony/", {"action": "withdraw_story", "_selected_action": [testimony.pk]}
    )
    client.logout()
    page = client.get(person.get_absolute_url()).content.decode()
    assert "What the family remembers" not in page and "wrote letters" not in page
    assert not MediaItem.objects.exists()
    assert client.get(media.image.url).status_code == 404
    testimony.refresh_from_db()
    assert testimony.story_withdrawn_at and testimony.attachments.count() == 1  # kept
    assert testimony.history.last().comment == "withdrawn at the family's request"


def test_the_name_is_shown_only_with_consent():
    person = make_person()
    testimony = make_testimony(person=person, consent_show_name=True)
    assert testimony.credit == "Айгерім Сапарова, granddaughter"


def test_no_publication_without_consent_or_a_linked_person(moderator):
    with pytest.raises(PublicationRefused):
        services.testimony_publish(
            testimony=make_testimony(person=make_person(), consent_publish_story=False),
            moderator=moderator,
        )
    with pytest.raises(PublicationRefused):
        services.testimony_publish(testimony=make_testimony(), moderator=moderator)


def test_a_withdrawn_story_stays_withdrawn_until_published_again(moderator):
    person = make_person()
    testimony = make_testimony(person=person)
    services.testimony_publish(testimony=testimony, moderator=moderator)
    services.testimony_withdraw(testimony=testimony, moderator=moderator)
    assert not Testimony.objects.published_stories().exists()


def test_a_draft_person_is_made_from_the_testimony(client, moderator):
    testimony = make_testimony()
    client.post(
        "/admin/people/testimony/",
        {"action": "create_draft_person", "_selected_action": [testimony.pk]},
    )
    testimony.refresh_from_db()
    person = testimony.person
    assert (person.surname, person.given_name, str(person.birth_date)) == (
        "Сапаров",
        "Әбдірахман",
        "1898",
    )
    assert person.status == "draft"
    assert client.get(person.get_absolute_url()).status_code == 200  # staff preview
    client.logout()
    assert client.get(person.get_absolute_url()).status_code == 404


def test_moderators_cannot_add_or_delete_testimonies_nor_edit_records(client, moderator):
    testimony = make_testimony()
    assert client.get("/admin/people/testimony/add/").status_code == 403
    assert client.get(f"/admin/people/testimony/{testimony.pk}/delete/").status_code == 403
    assert client.get("/admin/people/person/add/").status_code == 403


def test_the_queue_query_count_does_not_grow(client, moderator, django_assert_max_num_queries):
    make_testimony(person=make_person())
    client.get("/admin/people/testimony/")
    for _ in range(15):
        make_testimony(person=make_person(), assignee=moderator)
    with django_assert_max_num_queries(10):
        response = client.get("/admin/people/testimony/")
    assert len(response.context["cl"].result_list) == 16


def test_contact_details_and_notes_never_reach_public_pages(client, moderator):
    person = make_person(surname="Сапаров")
    testimony = make_testimony(person=person)
    testimony.notes.create(author=moderator, text="PRIVATE-NOTE")
    services.testimony_publish(testimony=testimony, moderator=moderator)
    client.logout()
    for url in [
        person.get_absolute_url(),
        "/en/",
        "/en/people/?q=Сапаров",
        "/en/search/?q=Сапаров",
        "/sitemap-people.xml",
        "/en/people/",
    ]:
        page = client.get(url).content.decode()
        for private in ["aigerim@example.kz", "+7 701 123 45 67", "PRIVATE-NOTE"]:
            assert private not in page, (url, private)


def test_purge_removes_old_rejected_and_spam_with_their_files(
    settings, django_capture_on_commit_callbacks, time_machine
):
    today = timezone.now()
    time_machine.move_to(today - timedelta(days=settings.TESTIMONY_RETENTION_DAYS + 1))
    old_spam = make_testimony(files=[jpeg_with_gps()])
    old_rejected = make_testimony()
    accepted = make_testimony()
    Testimony.objects.filter(pk=old_spam.pk).update(status="spam")
    Testimony.objects.filter(pk=old_rejected.pk).update(status="rejected")
    Testimony.objects.filter(pk=accepted.pk).update(status="accepted")
    file_path = old_spam.attachments.get().file.path
    PendingUpload.objects.create(
        original_name="x.png", kind="image", content_type="image/png", size=1, file="pending/x.png"
    )
    time_machine.move_to(today)
    recent_spam = make_testimony()
    Testimony.objects.filter(pk=recent_spam.pk).update(status="spam")

    output = StringIO()
    call_command("purge_testimonies", "--dry-run", stdout=output)
    assert "Would delete 2 rejected or spam testimonies" in output.getvalue()
    assert Testimony.objects.count() == 4

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_testimonies", stdout=StringIO())
    assert set(Testimony.objects.values_list("pk", flat=True)) == {recent_spam.pk, accepted.pk}
    assert not Attachment.objects.filter(testimony=old_spam.pk).exists()
    assert not PendingUpload.objects.exists()
    import os

    assert not os.path.exists(file_path)


def test_testimony_people_are_not_created_without_a_moderator():
    make_testimony()
    assert not Person.objects.exists()


def test_only_the_photos_left_ticked_are_published(client, moderator):
    person = make_person()
    testimony = make_testimony(
        person=person, files=[jpeg_with_gps("public.jpg"), jpeg_with_gps("private.jpg")]
    )
    change(client, testimony)  # both ticked by default
    private = testimony.attachments.get(original_name="private.jpg")
    private.publish = False
    private.save()
    services.testimony_publish(testimony=testimony, moderator=moderator)
    assert [item.caption for item in MediaItem.objects.all()] == ["public"]


def link_relative(client, testimony, **fields):
    return client.post(f"/admin/people/testimony/{testimony.pk}/relative/", fields)


def test_a_moderator_links_the_testimonys_person_to_a_relative_on_the_portal(client, moderator):
    from people.models import Relationship

    person = make_person(surname="Сапаров", given_name="Әбдірахман")
    father = make_person(surname="Сапаров", given_name="Нұрлан", status="draft")
    testimony = make_testimony(person=person)
    page = client.get(f"/admin/people/testimony/{testimony.pk}/change/").content.decode()
    assert f"/admin/people/testimony/{testimony.pk}/relative/" in page
    form = client.get(f"/admin/people/testimony/{testimony.pk}/relative/")
    assert form.status_code == 200 and "father or mother" in form.content.decode()
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "people", "model_name": "relationship", "field_name": "second",
         "term": "Сапаров"},
    )  # fmt: skip
    assert {row["id"] for row in found.json()["results"]} == {str(person.pk), str(father.pk)}

    response = link_relative(client, testimony, relative=father.pk, role="parent")
    assert response.status_code == 302
    relationship = Relationship.objects.get()
    assert (relationship.first, relationship.second, relationship.kind) == (
        father,
        person,
        "parent",
    )
    # In the person's history, with the testimony it came from.
    from reversion.models import Version

    version = Version.objects.get_for_object(person).order_by("-pk").first()
    assert testimony.reference in version.revision.comment
    assert version.revision.user == moderator
    page = client.get(f"/admin/people/testimony/{testimony.pk}/change/").content.decode()
    assert "Нұрлан" in page


def test_a_link_the_records_refuse_is_explained_on_the_form(client, moderator):
    from people.models import Relationship
    from tests.factories import make_relationship

    person, son = make_person(), make_person(given_name="Ерлан")
    make_relationship(person, son, "parent")
    testimony = make_testimony(person=person)
    response = link_relative(client, testimony, relative=son.pk, role="parent")
    assert response.status_code == 200
    assert "both the parent and the child" in response.content.decode()
    response = link_relative(client, testimony, relative=person.pk, role="sibling")
    assert "own relative" in response.content.decode()
    response = link_relative(client, testimony, relative=son.pk, role="other")
    assert "Say in words how the two are related" in response.content.decode()
    assert Relationship.objects.count() == 1


def test_linking_a_relative_needs_a_person_and_the_right(client, django_user_model):
    from memorial.base.roles import VIEWER

    testimony = make_testimony()
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(viewer)
    relative = make_person()
    assert link_relative(client, testimony, relative=relative.pk, role="spouse").status_code == 403
    moderator = django_user_model.objects.create_user("mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATOR))
    assert moderator.has_perm("people.add_relationship")
    assert not moderator.has_perm("people.change_person")
    client.force_login(moderator)
    response = link_relative(client, testimony, relative=relative.pk, role="spouse")
    assert response.status_code == 302  # sent back: the testimony names no person yet
    assert not relative.relationships_as_first.exists()
