"""Small helpers that make records for tests; each takes overrides as keyword arguments."""

import time
from io import BytesIO
from itertools import count

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from camps.models import BurialSite, Camp, Imprisonment
from deportations.models import Deportation, DeportationRecord, DeportedPeople
from memorial.base.models import Citation, MediaItem, Source, SourceKind, Status
from memorial.pages.models import Page, Story
from people.models import Person, Relationship, RepressionCase

_numbers = count(1)


def make_source(**fields):
    number = next(_numbers)
    return Source.objects.create(
        **{"kind": SourceKind.ARCHIVE_FILE, "title": f"Case file {number}", **fields}
    )


def make_person(**fields):
    return Person.objects.create(
        **{"surname": "Иванов", "given_name": "Иван", "status": Status.PUBLISHED, **fields}
    )


def make_camp(**fields):
    number = next(_numbers)
    return Camp.objects.create(
        **{"name": f"Camp {number}", "slug": f"camp-{number}", "status": Status.PUBLISHED, **fields}
    )


def make_burial_site(**fields):
    number = next(_numbers)
    return BurialSite.objects.create(
        **{"name": f"Site {number}", "slug": f"site-{number}", "status": Status.PUBLISHED, **fields}
    )


def make_people(**fields):
    number = next(_numbers)
    return DeportedPeople.objects.create(
        **{
            "name": f"People {number}",
            "slug": f"people-{number}",
            "status": Status.PUBLISHED,
            **fields,
        }
    )


def make_deportation(peoples=(), **fields):
    number = next(_numbers)
    deportation = Deportation.objects.create(
        **{
            "title": f"Deportation {number}",
            "slug": f"deportation-{number}",
            "status": Status.PUBLISHED,
            **fields,
        }
    )
    deportation.peoples.set(peoples)
    return deportation


def make_case(person, **fields):
    return RepressionCase.objects.create(person=person, **fields)


def make_imprisonment(person, camp, **fields):
    return Imprisonment.objects.create(person=person, camp=camp, **fields)


def make_deportation_record(person, deportation, **fields):
    return DeportationRecord.objects.create(person=person, deportation=deportation, **fields)


def make_citation(record, source=None, **fields):
    return Citation.objects.create(content_object=record, source=source or make_source(), **fields)


def image_file(name="photo.png", size=(800, 600), color=(120, 90, 60), image_format="PNG"):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def make_story(people=(), camps=(), deportations=(), **fields):
    number = next(_numbers)
    story = Story.objects.create(
        **{
            "slug": f"story-{number}",
            "title_ru": f"История {number}",
            "title_en": f"Story {number}",
            "summary_en": "A family's search.",
            "body_en": "<p>They searched for forty years.</p>",
            "status": Status.PUBLISHED,
            **fields,
        }
    )
    story.featured_people.set(people)
    story.featured_camps.set(camps)
    story.featured_deportations.set(deportations)
    return story


def make_site_page(**fields):
    number = next(_numbers)
    return Page.objects.create(
        **{
            "slug": f"page-{number}",
            "title_en": f"Page {number}",
            "body_en": "<p>About the portal.</p>",
            "status": Status.PUBLISHED,
            **fields,
        }
    )


def make_media(record, **fields):
    return MediaItem.objects.create(
        **{"content_object": record, "image": image_file(), "alt_text_en": "A photograph", **fields}
    )


def jpeg_with_gps(name="grandfather.jpg", size=(640, 480)):
    """A JPEG whose EXIF says where it was taken, as phone photos do."""
    image = Image.new("RGB", size, (90, 80, 70))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2024:05:31 10:00:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (43.0, 15.0, 0.0)  # latitude
    gps[3], gps[4] = "E", (76.0, 55.0, 0.0)  # longitude
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_file(name="certificate.pdf", complete=True, pages=1):
    """A real PDF, as pypdf writes it; cut short of its end marker unless complete."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = BytesIO()
    writer.write(buffer)
    body = buffer.getvalue()
    return SimpleUploadedFile(
        name, body if complete else body[: len(body) // 2], content_type="application/pdf"
    )


def filled_testimony_form(**overrides):
    """What a family types into the testimony form, ready to post, a minute after opening it."""
    from people.forms import FORM_SALT

    return {
        "started": signing.dumps(time.time() - 60, salt=FORM_SALT),
        "submitter_name": "Айгерім Сапарова",
        "relation": "granddaughter",
        "email": "aigerim@example.kz",
        "phone": "",
        "country": "Kazakhstan",
        "subject_names": "Сапаров Әбдірахман / Saparov Abdrakhman",
        "subject_birth_date": "1898",
        "subject_birthplace": "Turgai",
        "arrest_text": "Taken at night in August 1937.",
        "story": "My grandmother kept his letters from Karlag.",
        "consent_processing": "on",
        "consent_publish_story": "on",
        **overrides,
    }


def make_published_testimony(person, moderator, **fields):
    """A family's testimony as the form sends it, with contact details and a moderator's
    note, then published by the moderator: what must never leave through open data."""
    from people import services
    from people.uploads import clean_upload

    data = {
        "person": person,
        "submitter_name": "PRIVATE-SUBMITTER",
        "relation": "granddaughter",
        "email": "aigerim@example.kz",
        "phone": "+7 701 123 45 67",
        "subject_names": "Сапаров Әбдірахман",
        "subject_birth_date": "1898",
        "story": "PRIVATE-STORY He wrote letters from Karlag.",
        "consent_processing": True,
        "consent_publish_story": True,
        "consent_show_name": True,
        **fields,
    }
    testimony = services.testimony_submit(
        data=data, clean_files=[clean_upload(pdf_file())], kept_uploads=[], language="en"
    )
    testimony.notes.create(author=moderator, text="PRIVATE-MODERATOR-NOTE")
    services.testimony_publish(testimony=testimony, moderator=moderator)
    return testimony


def make_relationship(first, second, kind="spouse", **fields):
    """`first` and `second` linked as `kind`; for "parent", `first` is the parent."""
    return Relationship.objects.create(first=first, second=second, kind=kind, **fields)


def make_family(status="published"):
    """A husband shot in 1937, his wife sentenced in 1938 as his family member, their son."""
    husband = make_person(
        surname="Ахметов", given_name="Касым", sex="m", birth_date="1898", fate="shot",
        death_date="1937-11-02", status=status,
    )  # fmt: skip
    wife = make_person(
        surname="Ахметова", given_name="Зейнеп", sex="f", birth_date="1903", fate="released",
        status=status,
    )  # fmt: skip
    son = make_person(
        surname="Ахметов", given_name="Ерлан", sex="m", birth_date="1926", status=status
    )
    make_relationship(husband, wife, "spouse", start="1925")
    make_relationship(husband, son, "parent")
    make_relationship(wife, son, "parent")
    make_case(
        wife,
        sentence_date="1938",
        sentence_kind="chsir",
        sentence_term_years=8,
        family_member_of=husband,
    )
    return husband, wife, son


def make_testimony(person=None, files=(), **fields):
    """A testimony as the form stores it (through the service), consenting to publication;
    `files` are uploads, cleaned as the form cleans them."""
    from people import services
    from people.uploads import clean_upload

    data = {
        "person": person,
        "submitter_name": "Айгерім Сапарова",
        "relation": "granddaughter",
        "email": "aigerim@example.kz",
        "phone": "+7 701 123 45 67",
        "subject_names": "Сапаров Әбдірахман",
        "subject_birth_date": "1898",
        "story": "<b>He</b> wrote letters from Karlag.\nEvery month.",
        "consent_processing": True,
        "consent_publish_story": True,
        **fields,
    }
    return services.testimony_submit(
        data=data,
        clean_files=[clean_upload(file) for file in files],
        kept_uploads=[],
        language="en",
    )
