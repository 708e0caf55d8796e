"""The records keep what archives hold: names, events, sources, media, safely."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from memorial.base.models import MediaItem, Status
from people.models import NameVariant, Person
from tests.factories import (
    image_file,
    make_camp,
    make_case,
    make_citation,
    make_imprisonment,
    make_media,
    make_person,
    make_source,
)

pytestmark = pytest.mark.django_db


def test_public_url_survives_a_corrected_name(client):
    person = make_person(surname="Байтурсынов", given_name="Ахмет")
    old_url = person.get_absolute_url()
    assert old_url == f"/en/people/{person.pk}/baitursynov-akhmet/"
    person.surname = "Байтұрсынұлы"
    person.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == person.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_biography_is_stored_without_scripts_or_event_handlers():
    person = make_person(
        biography='<p onclick="steal()">Teacher.</p><script>alert(1)</script><em>1937</em>'
    )
    person.refresh_from_db()
    assert person.biography == "<p>Teacher.</p><em>1937</em>"


def test_links_in_a_biography_keep_their_address_but_not_javascript():
    person = make_person(
        biography='<a href="https://example.org/x">x</a><a href="javascript:alert(1)">y</a>'
    )
    person.refresh_from_db()
    assert 'href="https://example.org/x"' in person.biography
    assert "javascript" not in person.biography


def test_thumbnail_is_made_once_when_the_photo_is_saved():
    person = make_person()
    item = make_media(person, image=image_file(size=(1600, 1200)))
    assert item.thumbnail.name.endswith(".jpg")
    thumbnail_name = item.thumbnail.name
    item.caption = "Portrait, 1925"
    item.save()
    assert item.thumbnail.name == thumbnail_name  # not made again for a caption change
    with item.thumbnail.open() as handle:
        from PIL import Image

        with Image.open(handle) as thumbnail:
            assert max(thumbnail.size) == 400


def test_a_person_has_at_most_one_portrait():
    person = make_person()
    make_media(person, is_portrait=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_media(person, is_portrait=True)


def test_the_portrait_is_found_among_the_persons_media():
    person = make_person()
    make_media(person, alt_text="Group photo")
    portrait = make_media(person, alt_text="Portrait", is_portrait=True)
    assert Person.objects.for_listing().get(pk=person.pk).portrait == portrait


def test_a_source_cited_somewhere_cannot_be_deleted_by_accident():
    source = make_source()
    make_citation(make_person(), source)
    with pytest.raises(Exception) as error, transaction.atomic():
        source.delete()
    assert "protected" in type(error.value).__name__.lower()


def test_a_source_prints_its_full_archive_reference():
    source = make_source(
        title="Criminal case of A. Baitursynov",
        archive="Archive of the President of the Republic of Kazakhstan",
        fond="708",
        opis="1",
        delo="15",
        sheets="12–14",
    )
    assert source.citation() == (
        "Criminal case of A. Baitursynov. Archive of the President of the Republic of "
        "Kazakhstan. fond 708. opis 1. delo 15. sheets 12–14"
    )


def test_a_person_may_be_arrested_more_than_once_and_events_keep_their_order():
    person = make_person()
    make_case(person, arrest_date="1937-08")
    make_case(person, arrest_date="1929")
    make_case(person)  # date unknown: listed last
    dates = [str(case.arrest_date) for case in person.cases.all()]
    assert dates == ["1929", "1937-08", "None"]


def test_a_sentence_before_the_arrest_is_refused_by_the_database():
    person = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_case(person, arrest_date="1937", sentence_date="1936")


def test_a_rehabilitation_date_marks_the_case_as_rehabilitated_when_cleaned():
    case = make_case(make_person(), arrest_date="1937")
    case.rehabilitation_date = "1958"
    case.full_clean()
    assert case.is_rehabilitated is True


def test_an_imprisonment_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_imprisonment(make_person(), make_camp(), start="1940", end="1939")


def test_camp_coordinates_must_be_on_earth():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_camp(latitude=95, longitude=70)


def test_published_query_set_hides_drafts_and_records_in_review():
    published = make_person(surname="Published")
    make_person(surname="Draft", status=Status.DRAFT)
    make_person(surname="Review", status=Status.REVIEW)
    assert list(Person.objects.published()) == [published]


def test_first_publication_time_is_kept_when_republished():
    person = make_person(status=Status.DRAFT)
    assert person.published_at is None
    person.status = Status.PUBLISHED
    person.save()
    first = person.published_at
    person.status = Status.DRAFT
    person.save()
    person.status = Status.PUBLISHED
    person.save()
    assert person.published_at == first


def test_name_variants_belong_to_their_person():
    person = make_person()
    NameVariant.objects.create(
        person=person, surname="Baitursynuly", kind=NameVariant.Kind.LATIN, script="latn"
    )
    assert [str(v) for v in person.name_variants.all()] == ["Baitursynuly"]


def test_media_of_a_deleted_person_go_with_it():
    person = make_person()
    make_media(person)
    person_type = ContentType.objects.get_for_model(Person)
    assert MediaItem.objects.filter(content_type=person_type).count() == 1
    person.delete()
    assert MediaItem.objects.filter(content_type=person_type).count() == 0
