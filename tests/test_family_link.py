"""A family's private link: they see what became of their testimony, and can take their
words back or ask for them to be deleted, with no account and no one to ask."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core import mail, signing
from django.core.files.base import ContentFile
from django.test import Client
from reversion.models import Version

from memorial.base.models import MediaItem
from memorial.base.roles import MODERATOR
from people import services
from people.family_link import SALT, family_link_path
from people.models import Testimony
from tests import factories
from tests.factories import filled_testimony_form, jpeg_with_gps, make_person

pytestmark = pytest.mark.django_db

STORY = "He wrote letters from Karlag every month."


@pytest.fixture
def moderator():
    user = User.objects.create_user("moderator", "mod@example.kz", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATOR))
    return user


def make_testimony(person=None, files=(), **fields):
    return factories.make_testimony(person, files, **{"story": STORY, **fields})


@pytest.fixture
def published(moderator):
    person = make_person(surname="Сапаров", given_name="Әбдірахман")
    testimony = make_testimony(person=person, files=[jpeg_with_gps()])
    services.testimony_publish(testimony=testimony, moderator=moderator)
    return testimony


PAGE = "/en/testimony/yours/"


def link(testimony):
    return family_link_path(testimony)


def open_link(client, testimony):
    """The family opens their link: it sends them on to PAGE, which it opened for them."""
    response = client.get(link(testimony))
    assert response.status_code == 302 and response["Location"] == PAGE
    return client.get(PAGE)


def test_the_page_says_the_status_in_plain_words_and_shows_nothing_private(client, moderator):
    testimony = make_testimony()
    page = open_link(client, testimony)
    text = page.content.decode()
    assert page.status_code == 200
    assert testimony.reference in text and "Сапаров Әбдірахман" in text
    assert "Received. No one has read it yet." in text
    for private in ("aigerim@example.kz", "+7 701", "Айгерім", STORY):
        assert private not in text
    services.testimony_set_status(testimony=testimony, status="in_review", moderator=moderator)
    assert "Being read by the archivists." in client.get(PAGE).content.decode()
    services.testimony_set_status(testimony=testimony, status="rejected", moderator=moderator)
    assert "not published on the portal" in client.get(PAGE).content.decode()


def test_a_published_testimony_links_to_its_biography(client, published):
    text = open_link(client, published).content.decode()
    assert "Published on the biography." in text
    assert f'href="{published.person.get_absolute_url()}"' in text


def test_the_page_is_never_cached_indexed_or_named_in_a_referer(client, published):
    pages = (client.get(link(published)), client.get(PAGE), client.get(PAGE + "?step=delete"))
    for response in pages:
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert response["Referrer-Policy"] == "strict-origin"
        assert "noindex" in response["X-Robots-Tag"]
        if response.status_code == 200:
            assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "testimony/yours" not in sitemap


def test_the_page_costs_a_few_queries(client, published, django_assert_max_num_queries):
    open_link(client, published)
    with django_assert_max_num_queries(4):
        assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "eyJ0IjoxLCJrIjoieCJ9:forged",
        signing.dumps({"t": 1, "k": "x"}, salt=SALT),  # signed another way
        signing.Signer(salt="another.salt").sign_object({"t": 1, "k": "x"}),
        signing.Signer(salt=SALT).sign_object([1, 2]),
        signing.Signer(salt=SALT).sign_object({"t": "1", "k": 5}),
    ],
)
def test_forged_links_are_refused_without_an_error(client, token):
    make_testimony()
    response = client.get(f"/en/testimony/yours/{token}/")
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_link_with_the_wrong_key_or_a_tampered_signature_is_refused(client):
    testimony = make_testimony()
    good = link(testimony)
    assert client.get(good).status_code == 302
    forged = signing.Signer(salt=SALT).sign_object({"t": testimony.pk, "k": "guessed"})
    assert client.get(f"/en/testimony/yours/{forged}/").status_code == 404
    tampered = good[:-3] + ("A" if good[-3] != "A" else "B") + good[-2:]
    assert client.get(tampered).status_code == 404
    assert client.post(tampered, {"action": "withdraw"}).status_code == 404
    assert Client().post(PAGE, {"action": "withdraw"}).status_code == 200  # no session
    testimony.refresh_from_db()
    assert testimony.consent_publish_story


def test_renewing_ends_the_old_link(client, moderator):
    testimony = make_testimony()
    old = link(testimony)
    assert client.get(old).status_code == 302  # the session holds the old key now
    services.testimony_renew_family_link(testimony=testimony, moderator=moderator)
    assert client.get(PAGE).status_code == 404  # an open page ends with its link
    assert client.get(PAGE).status_code == 200  # and then asks for the link again
    assert client.get(old).status_code == 404
    testimony.refresh_from_db()
    assert open_link(client, testimony).status_code == 200
    assert testimony.history.last().comment == "the family's private link renewed"


def test_a_deleted_testimony_s_link_no_longer_works(client):
    testimony = make_testimony()
    url = link(testimony)
    testimony.delete()
    response = client.get(url)
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


def test_withdrawal_takes_story_and_photo_off_a_cached_biography(
    client, published, django_capture_on_commit_callbacks, django_assert_num_queries
):
    biography = published.person.get_absolute_url()
    media = MediaItem.objects.get()
    client.get(biography)
    with django_assert_num_queries(0):  # served from the page cache
        warm = client.get(biography).content.decode()
    assert STORY in warm and media.image.url in warm

    open_link(client, published)
    url = PAGE
    confirm = client.get(url + "?step=withdraw").content.decode()
    assert "Withdraw your consent to publication?" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "withdraw"})
    assert response.status_code == 302
    assert "Your consent is withdrawn." in client.get(response["Location"]).content.decode()

    page = client.get(biography).content.decode()
    assert STORY not in page and media.image.url not in page
    assert not MediaItem.objects.exists()
    assert client.get(media.image.url).status_code == 404
    published.refresh_from_db()
    assert not published.consent_publish_story and published.story_published_at is None
    assert published.story_withdrawn_at is not None
    assert published.attachments.count() == 1  # the archive keeps what was sent
    assert published.history.last().comment == "withdrawn by the family through the private link"
    assert "Withdrawn: your words are no longer shown" in client.get(url).content.decode()


def test_withdrawal_tells_the_moderators_and_cannot_be_undone_by_publishing(
    client, published, moderator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    open_link(client, published)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {"action": "withdraw"})
    (message,) = mail.outbox
    assert message.to == ["mod@example.kz"] and published.reference in message.subject
    assert "withdrew their consent" in message.body
    assert f"/admin/people/testimony/{published.pk}/change/" in message.body
    published.refresh_from_db()
    with pytest.raises(services.PublicationRefused):
        services.testimony_publish(testimony=published, moderator=moderator)


def test_a_mail_server_that_is_down_does_not_undo_the_withdrawal(
    client, published, moderator, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(services, "send_mail", refuse)
    open_link(client, published)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"action": "withdraw"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert not published.consent_publish_story


def test_withdrawing_twice_changes_nothing_and_says_so(
    client, published, django_capture_on_commit_callbacks
):
    open_link(client, published)
    url = PAGE
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "withdraw"})
    published.refresh_from_db()
    first = published.story_withdrawn_at
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "withdraw"}, follow=True)
    assert "already withdrawn, or never given: nothing has changed" in response.content.decode()
    published.refresh_from_db()
    assert published.story_withdrawn_at == first and mail.outbox == []
    assert published.history.filter(comment__contains="private link").count() == 1


def test_a_deletion_request_takes_the_words_off_and_asks_the_moderators(
    client, admin_client, published, django_capture_on_commit_callbacks
):
    biography = published.person.get_absolute_url()
    client.get(biography)
    assert STORY in client.get(biography).content.decode()
    open_link(client, published)
    url = PAGE
    assert (
        "Ask for your testimony to be deleted?" in client.get(url + "?step=delete").content.decode()
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "delete"}, follow=True)
    assert "Your request is sent." in response.content.decode()
    assert STORY not in client.get(biography).content.decode()
    assert not MediaItem.objects.exists()
    published.refresh_from_db()
    assert published.deletion_requested_at is not None and not published.consent_publish_story
    assert "asked for the testimony to be deleted" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"action": "delete"}, follow=True)
    assert "You have already asked for deletion: nothing has changed." in again.content.decode()
    assert len(mail.outbox) == 1

    changelist = admin_client.get("/admin/people/testimony/?deletion_requested_at__isnull=False")
    assert published.reference in changelist.content.decode()
    other = make_testimony()
    assert other.reference not in changelist.content.decode()

    admin_client.post(f"/admin/people/testimony/{published.pk}/delete/", {"post": "yes"})
    assert not Testimony.objects.filter(pk=published.pk).exists()
    assert "This link no longer works" in client.get(url).content.decode()
    assert "This link no longer works" in client.get(link(published)).content.decode()


def test_a_post_without_the_csrf_token_is_refused(published):
    strict = Client(enforce_csrf_checks=True)
    open_link(strict, published)
    assert strict.post(PAGE, {"action": "withdraw"}).status_code == 403
    published.refresh_from_db()
    assert published.consent_publish_story


def test_the_receipt_page_and_email_carry_the_link(
    client, settings, django_capture_on_commit_callbacks
):
    settings.TESTIMONY_MIN_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/testimony/", filled_testimony_form(), follow=True)
    receipt_page = response.content.decode()
    testimony = Testimony.objects.get()
    absolute = "http://testserver" + link(testimony)
    assert f'href="{absolute}"' in receipt_page
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"
    receipt = next(message for message in mail.outbox if message.to == [testimony.email])
    assert absolute in receipt.body
    assert client.get(absolute, follow=True).status_code == 200


def test_the_link_reads_in_kazakh_and_russian(client):
    testimony = make_testimony()
    path = link(testimony)
    for language, heading in (("kk", "Сіздің куәлігіңіз"), ("ru", "Ваше свидетельство")):
        localized = path.replace("/en/", f"/{language}/", 1)
        page = client.get(localized, follow=True)
        assert page.status_code == 200
        assert f"<h1>{heading}</h1>" in page.content.decode()


def test_moderators_renew_the_link_and_the_family_is_emailed(
    client, moderator, django_capture_on_commit_callbacks
):
    testimony = make_testimony()
    old = link(testimony)
    client.force_login(moderator)
    change = client.get(f"/admin/people/testimony/{testimony.pk}/change/").content.decode()
    assert f"/admin/people/testimony/{testimony.pk}/family-link/" in change
    confirm = client.get(f"/admin/people/testimony/{testimony.pk}/family-link/")
    assert "aigerim@example.kz" in confirm.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        renewed = client.post(f"/admin/people/testimony/{testimony.pk}/family-link/")
    shown = re.search(
        r'value="(http://testserver/en/testimony/yours/[^"]+/)"', renewed.content.decode()
    )
    assert shown and "no-cache" in renewed["Cache-Control"]
    (message,) = mail.outbox
    assert message.to == ["aigerim@example.kz"] and shown.group(1) in message.body
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(shown.group(1), follow=True).status_code == 200


def test_the_changelist_shows_deletion_requests_in_few_queries(
    admin_client, django_assert_max_num_queries
):
    for _ in range(3):
        services.testimony_request_deletion_by_family(testimony=make_testimony())
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/people/testimony/")
    assert response.status_code == 200
    assert "deletion requested" in response.content.decode().lower()


# -- bringing back an earlier version ------------------------------------------------------


def first_version_url(testimony):
    first = Version.objects.get_for_object(testimony).order_by("pk").first()
    return f"/admin/people/testimony/{testimony.pk}/history/{first.pk}/"


def test_the_family_s_withdrawal_is_in_the_history_and_no_bring_back_undoes_it(
    client, admin_client, published
):
    versions_before = Version.objects.get_for_object(published).count()
    open_link(client, published)
    client.post(PAGE, {"action": "withdraw"})
    newest = Version.objects.get_for_object(published).order_by("-pk").first()
    assert Version.objects.get_for_object(published).count() == versions_before + 1
    assert newest.revision.comment == "withdrawn by the family through the private link"
    assert newest.revision.user is None
    assert newest.field_dict["consent_publish_story"] is False

    response = admin_client.post(first_version_url(published), follow=True)
    assert "The family has withdrawn their consent or asked for deletion" in (
        response.content.decode()
    )
    published.refresh_from_db()
    assert not published.consent_publish_story and published.story_withdrawn_at is not None
    assert STORY not in client.get(published.person.get_absolute_url()).content.decode()


def test_a_deletion_request_is_in_the_history_and_refuses_a_bring_back(
    client, admin_client, published
):
    open_link(client, published)
    client.post(PAGE, {"action": "delete"})
    newest = Version.objects.get_for_object(published).order_by("-pk").first()
    assert newest.revision.comment == "deletion requested by the family through the private link"
    admin_client.post(first_version_url(published))
    published.refresh_from_db()
    assert published.deletion_requested_at is not None


def test_a_bring_back_keeps_consent_publication_withdrawal_and_the_link(
    client, admin_client, published, moderator
):
    """A moderator withdrew the story (the consent stands); an earlier version brought back
    changes the words, and neither puts the story back nor ends the family's link."""
    services.testimony_withdraw(testimony=published, moderator=moderator)
    published.refresh_from_db()
    kept = {
        name: getattr(published, name)
        for name in (
            "status",
            "consent_publish_story",
            "story_published_at",
            "story_withdrawn_at",
            "deletion_requested_at",
            "family_key",
        )
    }
    Testimony.objects.filter(pk=published.pk).update(subject_names="Changed since")
    response = admin_client.post(first_version_url(published))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.subject_names == "Сапаров Әбдірахман"  # the version came back
    assert {name: getattr(published, name) for name in kept} == kept
    assert published.attachments.get().published_media is None
    assert STORY not in client.get(published.person.get_absolute_url()).content.decode()
    assert open_link(client, published).status_code == 200


def test_a_bring_back_keeps_the_moderators_notes_and_the_status_log(admin_client, published):
    """Notes and status changes written after the version are the testimony's log: a
    bring-back neither removes nor rewrites them."""
    from people.models import TestimonyNote, TestimonyStatusChange

    moderator = get_user_model().objects.create_user("note-writer", is_staff=True)
    note = TestimonyNote.objects.create(
        testimony=published, author=moderator, text="Called the granddaughter."
    )
    changes = set(TestimonyStatusChange.objects.filter(testimony=published).values_list("pk"))
    assert admin_client.post(first_version_url(published)).status_code == 302
    assert TestimonyNote.objects.filter(pk=note.pk, text="Called the granddaughter.").exists()
    assert (
        set(TestimonyStatusChange.objects.filter(testimony=published).values_list("pk")) >= changes
    )


# -- the secret stays out of logs ------------------------------------------------------------


def test_the_link_leads_to_an_address_without_its_secret(client, published, caplog):
    token = link(published).rsplit("/", 2)[-2]
    response = client.get(link(published))
    assert response.status_code == 302 and token not in response["Location"]
    page = client.get(PAGE).content.decode()
    assert token not in page
    # A form sent to the old address (a page kept open from before) is refused without an
    # entry naming the address, and changes nothing.
    strict = Client(enforce_csrf_checks=True)
    with caplog.at_level("DEBUG"):
        answer = strict.post(link(published), {"action": "withdraw"})
        strict.post(PAGE, {"action": "withdraw"})  # refused: no CSRF token
    assert answer.status_code == 302
    assert token not in caplog.text
    published.refresh_from_db()
    assert published.consent_publish_story


def test_without_the_session_the_page_asks_for_the_link_again(client, published):
    for response in (client.get(PAGE), client.post(PAGE, {"action": "withdraw"})):
        assert response.status_code == 200
        assert "Open the link from your email again" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    published.refresh_from_db()
    assert published.consent_publish_story
    for language, heading in (("kk", "Поштаңыздағы сілтемені"), ("ru", "Снова откройте")):
        assert heading in client.get(f"/{language}/testimony/yours/").content.decode()


def test_a_session_of_a_deleted_testimony_shows_the_link_is_gone(client, published):
    open_link(client, published)
    published.delete()
    response = client.post(PAGE, {"action": "withdraw"})
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


# -- the receipt shows the link once -----------------------------------------------------------


def test_the_receipt_shows_the_link_only_once(client, settings):
    settings.TESTIMONY_MIN_SECONDS = 0
    first = client.post("/en/testimony/", filled_testimony_form(), follow=True)
    testimony = Testimony.objects.get()
    absolute = "http://testserver" + link(testimony)
    assert absolute in first.content.decode()
    again = client.get("/en/testimony/sent/").content.decode()
    assert absolute not in again and "testimony/yours/" not in again
    assert testimony.reference in again
    assert "was shown on this page once" in again and "in the receipt email" in again


def test_without_an_email_the_reload_says_whom_to_ask(client, settings):
    settings.TESTIMONY_MIN_SECONDS = 0
    client.post("/en/testimony/", filled_testimony_form(email="", phone="+7 701 123 45 67"))
    client.get("/en/testimony/sent/")
    again = client.get("/en/testimony/sent/").content.decode()
    assert "was shown on this page once" in again and "receipt email" not in again
    assert "quote your reference number" in again


# -- a CDN keeps a family's photo no longer than its page ------------------------------------


def test_a_family_s_photo_is_kept_by_shared_caches_no_longer_than_the_page(
    client, published, settings, django_assert_max_num_queries
):
    family_photo = MediaItem.objects.get()
    with family_photo.image.open("rb") as handle:
        copy = ContentFile(handle.read(), name="archive.jpg")
    archivists = MediaItem.objects.create(content_object=published.person, image=copy)
    ContentType.objects.get_for_model(published.person)  # each process asks once
    with django_assert_max_num_queries(2):  # the item with its attachment, then its owner
        family = client.get(family_photo.image.url)
    assert family.status_code == 200
    assert f"max-age={settings.PUBLIC_CACHE_SECONDS}" in family["Cache-Control"]
    assert "max-age=3600" in client.get(archivists.image.url)["Cache-Control"]
