"""Families' testimony: a safe form that loses nothing and keeps contact details private."""

from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from memorial.base.roles import MODERATOR
from people.models import Attachment, PendingUpload, Testimony
from tests.factories import (
    filled_testimony_form,
    image_file,
    jpeg_with_gps,
    make_person,
    pdf_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_waiting(settings):
    """The minimum time to fill the form is tested on its own below."""
    settings.TESTIMONY_MIN_SECONDS = 0


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


def files_in(root):
    return sorted(path.name for path in root.rglob("*") if path.is_file())


def post(client, data=None, files=(), **extra):
    payload = filled_testimony_form() if data is None else data
    if files:
        payload = {**payload, "attachments": list(files)}
    return client.post("/en/testimony/", payload, **extra)


def test_the_form_states_its_limits_and_asks_for_what_it_needs(client):
    page = client.get("/en/testimony/").content.decode().replace("\xa0", " ")
    assert "JPEG, PNG, WebP, TIFF or PDF; up to 10 files, 10.0 MB each and 40.0 MB together" in page
    for label in [
        "Your name",
        "Your relation to the person",
        "Email",
        "Phone",
        "Country",
        "The person’s name",
        "Year or date of birth",
        "The story",
        "I agree that the portal stores and processes what I send",
    ]:
        assert label in page


def test_a_biography_opens_the_form_with_the_person_filled_in(client):
    person = make_person(surname="Сапаров")
    biography = client.get(person.get_absolute_url()).content.decode()
    assert f'href="/en/testimony/?person={person.pk}"' in biography
    page = client.get(f"/en/testimony/?person={person.pk}").content.decode()
    assert "About: <strong>Saparov Ivan</strong>" in page  # the English page's letters
    response = post(client, filled_testimony_form(person=person.pk))
    assert Testimony.objects.get().person == person
    assert response.status_code == 302


def test_a_submission_is_stored_whole_with_a_receipt_and_emails(
    client, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group, User

    moderator = User.objects.create_user("moderator", "mod@example.kz", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, files=[jpeg_with_gps(), pdf_file()], follow=True)
    testimony = Testimony.objects.get()
    assert testimony.reference in response.content.decode()
    assert testimony.attachments.count() == 2
    assert testimony.status == "new" and testimony.history.count() == 1
    receipt, notice = mail.outbox
    assert receipt.to == ["aigerim@example.kz"] and testimony.reference in receipt.subject
    assert "My grandmother kept his letters" in receipt.body
    assert notice.to == ["mod@example.kz"]
    assert f"/admin/people/testimony/{testimony.pk}/change/" in notice.body
    assert "aigerim@example.kz" not in notice.body


def test_photos_lose_their_exif_and_location_on_arrival(client):
    post(client, files=[jpeg_with_gps()])
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as handle:
        data = handle.read()
    with Image.open(BytesIO(data)) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (640, 480)
    assert b"PhoneMaker" not in data


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("photo.jpg", b"just some text, not a photo", "image/jpeg"),
            "“photo.jpg” was not accepted: it is not a JPEG, PNG, WebP or TIFF image, nor a PDF",
        ),
        (
            image_file("huge.png", size=(20_000, 20_000)),
            "“huge.png” was not accepted: the image is far too large; at most 50 million pixels",
        ),
        (
            image_file("large.png", size=(8_000, 8_000)),
            "“large.png” was not accepted: the image is 8000 × 8000 pixels; at most 50 million",
        ),
        (
            SimpleUploadedFile("cut.jpg", jpeg_with_gps().read()[:2000], "image/jpeg"),
            "“cut.jpg” was not accepted: the image is damaged or incomplete.",
        ),
        (
            SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (11 * 1024 * 1024) + b"%%EOF"),
            "“big.pdf” was not accepted: it is 11.0 MB, more than the 10.0 MB allowed",
        ),
        (
            pdf_file("broken.pdf", complete=False),
            "“broken.pdf” was not accepted: it is not a well-formed PDF document; it may be",
        ),
    ],
)
def test_a_bad_file_is_named_with_its_reason_and_leaves_nothing_behind(
    client, settings, upload, message
):
    response = post(client, files=[upload])
    assert response.status_code == 400
    page = response.content.decode().replace("\xa0", " ")
    assert message in page
    assert "Айгерім Сапарова" in page and "My grandmother kept his letters" in page
    assert not Testimony.objects.exists() and not Attachment.objects.exists()
    assert not PendingUpload.objects.exists()
    assert files_in(settings.PRIVATE_MEDIA_ROOT) == []


def test_more_files_than_allowed_are_refused(client, settings):
    settings.TESTIMONY_MAX_FILES = 2
    response = post(client, files=[image_file(f"p{n}.png") for n in range(3)])
    assert "You chose 3 files; at most 2 can be sent." in response.content.decode()
    assert not Testimony.objects.exists()
    assert files_in(settings.PRIVATE_MEDIA_ROOT) == []


def test_files_over_the_total_limit_are_refused(client, settings):
    settings.TESTIMONY_MAX_TOTAL_BYTES = 1000
    response = post(client, files=[image_file("a.png"), image_file("b.png")])
    assert "at most 1000" in response.content.decode()
    assert not Testimony.objects.exists()


def test_a_missing_consent_is_explained_and_nothing_typed_is_lost(client):
    response = post(client, filled_testimony_form(consent_processing=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "We can keep your testimony only with your consent." in page
    for typed in [
        "Айгерім Сапарова",
        "granddaughter",
        "aigerim@example.kz",
        "Turgai",
        "Taken at night in August 1937.",
        "1898",
    ]:
        assert typed in page
    assert not Testimony.objects.exists()


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize(
    ("typed", "stored"),
    [("ок. 1895 г.", "1895~"), ("1890-е", "1890/1899"), ("1938 жылғы 5 мамыр", "1938-05-05")],
)
def test_a_birth_date_is_taken_as_a_family_writes_it(client, language, typed, stored):
    data = filled_testimony_form(subject_birth_date=typed)
    assert client.post(f"/{language}/testimony/", data).status_code == 302
    assert str(Testimony.objects.get().subject_birth_date) == stored


def test_the_receipt_says_the_birth_date_in_the_familys_language(
    client, django_capture_on_commit_callbacks
):
    data = filled_testimony_form(subject_birth_date="ок. 1895 г.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/kk/testimony/", data)
    assert "Сапаров Әбдірахман / Saparov Abdrakhman, шамамен 1895" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("language", "reason"),
    [("ru", "В этом месяце нет числа 31."), ("kk", "Бұл айда 31 деген күн жоқ.")],
)
def test_a_date_that_cannot_be_is_refused_by_name_and_kept(client, language, reason):
    data = filled_testimony_form(subject_birth_date="31 февраля 1937")
    response = client.post(f"/{language}/testimony/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert f"«31 февраля 1937»: {reason}" in page
    assert 'value="31 февраля 1937"' in page
    assert not Testimony.objects.exists()


@pytest.mark.parametrize(
    ("language", "month"), [("en", "March 1901"), ("ru", "март 1901"), ("kk", "1901 жылғы наурыз")]
)
def test_the_birth_date_examples_are_in_the_visitors_words_and_are_read(client, language, month):
    from memorial.base.dates import PartialDate

    form = client.get(f"/{language}/testimony/").context["form"]
    help_text = str(form.fields["subject_birth_date"].help_text)
    assert month in help_text
    examples = help_text.split(":", 1)[1].rstrip(".").split(";")
    assert len(examples) == 5
    for example in examples:
        PartialDate.parse(example)  # raises if the form suggests what it cannot read


def test_files_that_passed_are_kept_when_the_form_is_shown_again(client):
    response = post(
        client,
        filled_testimony_form(consent_processing=""),
        files=[jpeg_with_gps("letter.jpg"), SimpleUploadedFile("fake.png", b"nope")],
    )
    page = response.content.decode()
    assert "These files are already attached" in page and "letter.jpg" in page
    assert "“fake.png” was not accepted" in page
    form = response.context["form"]
    data = filled_testimony_form(
        upload_token=form.data["upload_token"], keep_files=form.data.getlist("keep_files")
    )
    post(client, data)
    testimony = Testimony.objects.get()
    assert [attachment.original_name for attachment in testimony.attachments.all()] == [
        "letter.jpg"
    ]
    assert not PendingUpload.objects.exists()


def test_an_email_or_a_phone_is_needed_to_reply(client):
    page = post(client, filled_testimony_form(email="", phone="")).content.decode()
    assert "Please give an email address or a phone number" in page
    post(client, filled_testimony_form(email="", phone="+7 701 000 00 00"))
    assert Testimony.objects.get().phone == "+7 701 000 00 00"


@pytest.mark.parametrize(
    "names",
    ["Байтұрсынұлы Ахмет Байтұрсынұлы", "최 재형 / Цой Чжэ Хён", "Schmidt, Jürgen Weiß"],
)
def test_names_in_kazakh_korean_and_german_scripts_are_accepted(client, names):
    assert post(client, filled_testimony_form(subject_names=names)).status_code == 302
    assert Testimony.objects.get().subject_names == names


def test_markup_in_the_story_is_kept_as_text(client):
    story = '<script>alert("x")</script><b>bold</b>'
    post(client, filled_testimony_form(story=story))
    assert Testimony.objects.get().story == story


@pytest.mark.parametrize(
    ("field", "length", "limit"),
    [
        ("story", 20_001, 20_000),
        ("subject_names", 501, 500),
        ("submitter_name", 201, 200),
        ("arrest_text", 5001, 5000),
        ("phone", 41, 40),
    ],
)
def test_every_field_has_a_size_limit(client, field, length, limit):
    page = post(client, filled_testimony_form(**{field: "я" * length})).content.decode()
    assert f"at most {limit} characters" in page
    assert not Testimony.objects.exists()


def test_the_honeypot_catches_form_filling_robots(client):
    response = post(client, filled_testimony_form(website="http://spam.example"))
    assert response.status_code == 400
    assert not Testimony.objects.exists()


def test_a_form_sent_faster_than_a_person_can_type_is_refused(client, settings, time_machine):
    settings.TESTIMONY_MIN_SECONDS = 5
    time_machine.move_to(timezone.now(), tick=False)
    form_page = client.get("/en/testimony/")
    started = form_page.context["form"]["started"].value()
    time_machine.shift(4)
    page = post(client, filled_testimony_form(started=started)).content.decode()
    assert "The form was sent very quickly" in page
    assert not Testimony.objects.exists()
    time_machine.shift(1)
    assert post(client, filled_testimony_form(started=started)).status_code == 302


def test_the_rate_limit_counts_each_address_and_keeps_what_was_typed(client, settings):
    settings.TESTIMONY_RATE_LIMIT = 2
    for _ in range(2):
        assert post(client).status_code == 302
    response = post(client, filled_testimony_form(story="A third story"))
    assert response.status_code == 429
    assert "A third story" in response.content.decode()
    assert Testimony.objects.count() == 2
    # Another visitor is not held back.
    assert post(client, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_counted(client, settings):
    settings.TESTIMONY_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert post(client, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 302
    assert post(client, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 429
    # A visitor cannot escape the limit by sending a made-up header of their own.
    forged = "203.0.113.1, 198.51.100.7"
    assert post(client, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429
    assert post(client, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 302


def test_families_files_have_no_public_address(client, settings):
    post(client, files=[jpeg_with_gps()])
    attachment = Attachment.objects.get()
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT))
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    url = f"/admin/people/testimony/{attachment.testimony_id}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 302  # to the login page


def test_the_receipt_page_needs_a_submission(client):
    assert client.get("/en/testimony/sent/")["Location"] == "/en/testimony/"


def test_a_forged_upload_token_does_not_lose_the_file_or_fail(client):
    data = {**filled_testimony_form(), "story": "", "upload_token": "x" * 40 + "\x00"}
    response = post(client, data, files=[jpeg_with_gps("letter.jpg")])
    assert response.status_code == 400
    kept = PendingUpload.objects.get()
    assert kept.original_name == "letter.jpg" and len(kept.token) == 32
