"""An archivist enters a whole person on one page and finds it all again after saving."""

import pytest
from django.contrib.contenttypes.models import ContentType

from memorial.base.dates import PartialDate
from memorial.base.models import Citation, MediaItem
from people.models import Article, Authority, Person
from tests.factories import image_file, make_camp, make_deportation, make_source

pytestmark = pytest.mark.django_db

INLINES = {
    "name_variants": 0,
    "relationships_as_first": 0,
    "relationships_as_second": 0,
    "cases": 0,
    "imprisonments": 0,
    "deportation_records": 0,
    "memorial-citation-content_type-object_id": 0,
    "imported_rows": 0,
    "memorial-mediaitem-content_type-object_id": 0,
}


def management_forms(**totals):
    data = {}
    for prefix, default in INLINES.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(totals.get(prefix.split("-")[0], default))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


@pytest.fixture
def karlag():
    return make_camp(name="Karlag", slug="karlag")


def person_form_data(karlag):
    troika = Authority.objects.get(name="NKVD troika")
    article = Article.objects.get(code="58-10")
    deportation = make_deportation(title="Deportation of Germans, 1941")
    book = make_source(title="Book of Memory of the Karaganda region", kind="book_of_memory")
    archive_file = make_source(title="Case file P-1234", kind="archive", fond="1", delo="1234")
    citation = "memorial-citation-content_type-object_id"
    media = "memorial-mediaitem-content_type-object_id"
    return {
        "surname": "Шмидт",
        "given_name": "Иван",
        "patronymic": "Карлович",
        "birth_date": "c. 1890",
        "status": "draft",
        **management_forms(cases=2, imprisonments=1, deportation_records=1, memorial=0),
        "cases-0-arrest_date": "1929",
        "cases-0-arrest_place": "Саратов",
        "cases-1-arrest_date": "1937-08-12",
        "cases-1-articles": [article.pk],
        "cases-1-sentencing_body": troika.pk,
        "cases-1-sentence_date": "1937-10",
        "cases-1-sentence_kind": "camp",
        "cases-1-sentence_term_years": "10",
        "imprisonments-0-camp": karlag.pk,
        "imprisonments-0-start": "1938",
        "imprisonments-0-end": "1947",
        "imprisonments-0-prisoner_number": "К-123",
        "deportation_records-0-deportation": deportation.pk,
        "deportation_records-0-settled_place": "Карлаг",
        f"{citation}-TOTAL_FORMS": "2",
        f"{citation}-0-source": book.pk,
        f"{citation}-0-locator": "vol. 2, p. 214",
        f"{citation}-1-source": archive_file.pk,
        f"{media}-TOTAL_FORMS": "1",
        f"{media}-0-image": image_file("ivan-schmidt.png"),
        f"{media}-0-kind": "photo",
        f"{media}-0-alt_text_en": "Ivan Schmidt, portrait",
        f"{media}-0-is_portrait": "on",
        f"{media}-0-position": "0",
    }


def test_a_newcomer_enters_a_whole_person_and_finds_it_again(admin_client, karlag, superuser):
    response = admin_client.post("/admin/people/person/add/", person_form_data(karlag))
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    person = Person.objects.get(surname="Шмидт")
    assert person.birth_date == PartialDate(1890, approximate=True)
    assert person.created_by == superuser and person.updated_by == superuser
    assert [str(case.arrest_date) for case in person.cases.all()] == ["1929", "1937-08-12"]
    second_arrest = person.cases.all()[1]
    assert [article.code for article in second_arrest.articles.all()] == ["58-10"]
    assert second_arrest.sentence_term_years == 10
    imprisonment = person.imprisonments.get()
    assert (imprisonment.camp, str(imprisonment.start), str(imprisonment.end)) == (
        karlag,
        "1938",
        "1947",
    )
    assert person.deportation_records.get().deportation.title == "Deportation of Germans, 1941"
    person_type = ContentType.objects.get_for_model(Person)
    citations = Citation.objects.filter(content_type=person_type, object_id=person.pk)
    assert citations.count() == 2
    photo = MediaItem.objects.get(content_type=person_type, object_id=person.pk)
    assert photo.is_portrait and photo.thumbnail

    page = admin_client.get(f"/admin/people/person/{person.pk}/change/").content.decode()
    for shown in [
        "Шмидт",
        'value="1890~"',
        'value="1929"',
        'value="1937-08-12"',
        "К-123",
        "vol. 2, p. 214",
        "Ivan Schmidt, portrait",
        "Карлаг",
    ]:
        assert shown in page


def test_a_mistyped_date_is_explained_beside_the_field_and_nothing_typed_is_lost(
    admin_client, karlag
):
    data = person_form_data(karlag)
    data["birth_date"] = "31.02.1890"
    data["cases-1-arrest_date"] = "Aug 1937?"
    response = admin_client.post("/admin/people/person/add/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is no day 31 in that month." in page
    assert "is not a date this portal understands" in page
    for typed in ['value="31.02.1890"', 'value="Aug 1937?"', 'value="Саратов"', "Карлович"]:
        assert typed in page
    assert not Person.objects.exists()


def test_a_sentence_dated_before_its_arrest_is_explained_not_a_server_error(admin_client, karlag):
    data = person_form_data(karlag)
    data["cases-1-sentence_date"] = "1936"
    response = admin_client.post("/admin/people/person/add/", data)
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert not Person.objects.exists()
