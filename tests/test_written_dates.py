"""Dates as Books of Memory and archive lists write them: month names, Roman numerals, year
words, circa, ranges, seasons and decades in Russian, Kazakh and English."""

import csv
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from memorial.base import dates, written_dates
from memorial.base.dates import PartialDate
from people.models import Person
from tests.factories import make_camp, make_person, make_source
from tests.test_admin_person_form import person_form_data


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("март 1901", "1901-03"),
        ("марта 1901", "1901-03"),
        ("в марте 1901 г.", "1901-03"),
        ("январь 1938", "1938-01"),
        ("в январе 1938 года", "1938-01"),
        ("май 1938", "1938-05"),
        ("в мае 1938 г.", "1938-05"),
        ("5 сентября 1937 г.", "1937-09-05"),
        ("2 октября 1937 г.", "1937-10-02"),
        ("5-го сентября 1937 года", "1937-09-05"),
        ("в сентябре 1937", "1937-09"),
        ("Сентябрь 1937", "1937-09"),
        ("3 ноября 1937 г.", "1937-11-03"),
        ("12 мая 1959 г.", "1959-05-12"),
        ("2 октября 1937", "1937-10-02"),
        ("янв. 1938", "1938-01"),
        ("5 февр. 1938", "1938-02-05"),
        ("5 сент. 1937", "1937-09-05"),
        ("окт. 1937", "1937-10"),
        ("нояб. 1937", "1937-11"),
        ("дек. 1937", "1937-12"),
        ("September 5, 1937", "1937-09-05"),
        ("5 September 1937", "1937-09-05"),
        ("the 5th of September 1937", "1937-09-05"),
        ("Sept. 1937", "1937-09"),
        ("Oct. 5, 1937", "1937-10-05"),
        ("қаңтар 1938", "1938-01"),
        ("1938 жылғы 5 мамыр", "1938-05-05"),
        ("1938 ж. 5 мамыр", "1938-05-05"),
        ("1938 жылы 5 мамырда", "1938-05-05"),
        ("5 мамыр 1938 ж.", "1938-05-05"),
        ("1937 жылғы қыркүйек", "1937-09"),
        ("1937 жылдың қыркүйегінде", "1937-09"),
        ("1937 жылы қазанда", "1937-10"),
        ("1937 жылғы 1 шілде", "1937-07-01"),
        ("1937 жылдың желтоқсаны", "1937-12"),
        ("қыр. 1937", "1937-09"),
    ],
)
def test_month_names_in_every_language_and_case_are_read(written, stored):
    assert str(PartialDate.parse(written)) == stored


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("1937 г.", "1937"),
        ("1938 года", "1938"),
        ("в 1938 г.", "1938"),
        ("в 1938 году", "1938"),
        ("1899 г.р.", "1899"),
        ("1937 ж.", "1937"),
        ("1937 жылы", "1937"),
        ("1937-жылы", "1937"),
        ("1937 жыл", "1937"),
        ("1937г.", "1937"),
        ("1937ж.", "1937"),
        ("5.IX.1938г.", "1938-09-05"),
        ("ок.1895г.", "1895~"),
        ("ок 1895", "1895~"),
        ("05.03.1938 г.", "1938-03-05"),
        ("5.IX.1938", "1938-09-05"),
        ("14.IX.1937", "1937-09-14"),
        ("IX.1938", "1938-09"),
        ("5 IX 1938", "1938-09-05"),
        ("5.ХI.1938", "1938-11-05"),  # Cyrillic Х, as typed in many lists
        ("ок. 1895 г.", "1895~"),
        ("около 1895 года", "1895~"),
        ("примерно 1895", "1895~"),
        ("шамамен 1895 ж.", "1895~"),
        ("1895 ж. шамасында", "1895~"),
        ("зимой 1942 г.", "1942-24"),
        ("осенью 1937 года", "1937-23"),
        ("весной 1938", "1938-21"),
        ("1942 жылдың күзі", "1942-23"),
        ("1942 жылдың көктемінде", "1942-21"),
        ("1941–1942 гг.", "1941/1942"),
        ("1941-1942 гг.", "1941/1942"),
        ("1941-1942", "1941/1942"),
        ("1941–42 гг.", "1941/1942"),
        ("1941/42", "1941/1942"),
        ("с 1941 по 1942 г.", "1941/1942"),
        ("между 1941 и 1942 гг.", "1941/1942"),
        ("от 1941 до 1942", "1941/1942"),
        ("from 1941 to 1942", "1941/1942"),
        ("1941–1942 жж.", "1941/1942"),
        ("1941 жылдан 1942 жылға дейін", "1941/1942"),
        ("5–10 сентября 1937", "1937-09-05/1937-09-10"),
        ("с сентября по ноябрь 1937 г.", "1937-09/1937-11"),
        ("5 сентября 1937 – 10 октября 1937", "1937-09-05/1937-10-10"),
    ],
)
def test_year_words_roman_months_circa_seasons_and_ranges_are_read(written, stored):
    assert str(PartialDate.parse(written)) == stored


@pytest.mark.parametrize(
    "written",
    [
        "1880-е",
        "1880-е гг.",
        "1880-е годы",
        "1880-х годах",
        "в 1880-х",
        "в 1880-х гг.",
        "1880-ые",
        "1880s",
        "the 1880s",
        "1880 жылдары",
        "1880-жылдары",
        "1880-ші жылдары",
    ],
)
def test_a_decade_is_stored_as_its_ten_years(written):
    assert str(PartialDate.parse(written)) == "1880/1889"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("31 февраля 1937", "There is no day 31"),
        ("30.II.1937", "There is no day 30"),
        ("5.XIII.1937", "“5.XIII.1937”"),
        ("13.1937", "There is no month 13"),
        ("5 сентября 1700 г.", "The year 1700 is outside"),
        ("весной или летом 1937", "“весной или летом 1937”"),
        ("начало 1937", "“начало 1937”"),
        ("Aug 1937?", "“Aug 1937?”"),
        ("около 1880-х годов", "“около 1880-х годов”"),
        ("05/09/1937", "“05/09/1937”"),
        ("5.IX.37", "“5.IX.37”"),
        ("80-е годы", "“80-е годы”"),
        ("5 сентября", "“5 сентября”"),
        ("1937 1938", "“1937 1938”"),
        ("осень сентября 1937", "“осень сентября 1937”"),
        ("там 1937", "“там 1937”"),
    ],
)
def test_impossible_or_unreadable_dates_are_refused_naming_the_problem(written, says):
    with pytest.raises(ValidationError) as error:
        PartialDate.parse(written)
    assert says in " ".join(error.value.messages)


# -- the same forms through the spreadsheet import and the admin's person form -------------

LIST_HEADERS = ["№", "ФИО", "Год рождения", "Дата ареста", "Дата приговора", "Дата расстрела",
                "Реабилитирован"]  # fmt: skip
WRITTEN_ROWS = [
    ["1", "Сидоров Пётр Ильич", "март 1901", "5.IX.1938", "14.IX.1938 г.", "в 1938 г.", ""],
    ["2", "Ахметов Касым", "1890-е гг.", "2 октября 1937 г.", "28 октября 1937 г.",
     "3 ноября 1937 г.", "12 мая 1959 г."],
    ["3", "Оспанова Зейнеп", "1905 ж.", "1938 жылғы 5 мамыр", "", "", "1989 ж."],
    ["4", "Ким Николай", "ок. 1895 г.", "осенью 1937 года", "IX.1938", "", "1941–1942 гг."],
]  # fmt: skip


@pytest.mark.django_db
def test_a_list_written_with_month_names_numerals_year_words_and_decades_imports_whole(tmp_path):
    path = tmp_path / "kniga-pamyati.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(LIST_HEADERS)
        writer.writerows(WRITTEN_ROWS)
    output = StringIO()
    source = make_source(title="Book of Memory")
    call_command("import_people", str(path), "--source", str(source.pk), stdout=output,
                 stderr=StringIO())  # fmt: skip
    assert "added 4 people" in output.getvalue()
    stored = {
        person.surname: (
            str(person.birth_date),
            str(person.death_date) if person.death_date else "",
            [(str(case.arrest_date), str(case.sentence_date or ""),
              str(case.rehabilitation_date or "")) for case in person.cases.all()],
        )
        for person in Person.objects.prefetch_related("cases")
    }  # fmt: skip
    assert stored == {
        "Сидоров": ("1901-03", "1938", [("1938-09-05", "1938-09-14", "")]),
        "Ахметов": ("1890/1899", "1937-11-03",
                    [("1937-10-02", "1937-10-28", "1959-05-12")]),
        "Оспанова": ("1905", "", [("1938-05-05", "", "1989")]),
        "Ким": ("1895~", "", [("1937-23", "1938-09", "1941/1942")]),
    }  # fmt: skip


def _written_person(data):
    return {
        **data,
        "birth_date": "1880-е гг.",
        "death_date": "осенью 1947 года",
        "cases-0-arrest_date": "в 1929 г.",
        "cases-1-arrest_date": "5 сентября 1937 г.",
        "cases-1-sentence_date": "X.1937",
        "imprisonments-0-start": "1938 ж.",
        "imprisonments-0-end": "1947 жылғы 5 мамыр",
    }


@pytest.mark.django_db
def test_the_admin_person_form_takes_written_dates_and_shows_them_in_each_language(admin_client):
    camp = make_camp(name="Karlag", slug="karlag")
    response = admin_client.post(
        "/admin/people/person/add/", _written_person(person_form_data(camp))
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    person = Person.objects.get(surname="Шмидт")
    assert (str(person.birth_date), str(person.death_date)) == ("1880/1889", "1947-23")
    assert [str(case.arrest_date) for case in person.cases.all()] == ["1929", "1937-09-05"]
    assert str(person.cases.all()[1].sentence_date) == "1937-10"
    assert str(person.imprisonments.get().end) == "1947-05-05"

    page = f"/admin/people/person/{person.pk}/change/"
    readings = {
        "en": ["1880s", "autumn 1947", "Sept. 5, 1937", "October 1937", "May 5, 1947"],
        "ru": ["1880-е годы", "осень 1947", "5 сентября 1937", "октябрь 1937", "5 мая 1947"],
        "kk": ["1880 жылдары", "1947 жылдың күзі", "1937 жылғы 5 қыркүйек",
               "1937 жылғы қазан", "1947 жылғы 5 мамыр"],
    }  # fmt: skip
    for language, shown in readings.items():
        html = admin_client.get(page, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert 'value="1880/1889"' in html
        for text in shown:
            assert text in html, (language, text)


@pytest.mark.django_db
def test_a_refused_written_date_stays_typed_on_the_form_with_its_reason(admin_client):
    data = _written_person(person_form_data(make_camp(name="Karlag", slug="karlag")))
    data["birth_date"] = "31 февраля 1890 г."
    data["cases-1-arrest_date"] = "весной или летом 1937"
    response = admin_client.post("/admin/people/person/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no day 31 in that month." in html
    assert "“весной или летом 1937” is not a date this portal understands" in html
    for typed in ['value="31 февраля 1890 г."', 'value="весной или летом 1937"',
                  'value="осенью 1947 года"']:  # fmt: skip
        assert typed in html
    assert "read as: autumn 1947" in html
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_decade_is_found_by_the_admin_decade_filter_and_sorted_among_its_years(admin_client):
    for surname, born in [("Decade", "1880-е гг."), ("Year", "1885"), ("Later", "1891")]:
        make_person(surname=surname, birth_date=born)

    def names(**params):
        response = admin_client.get("/admin/people/person/", params)
        return [person.surname for person in response.context["cl"].result_list]

    assert sorted(names(birth_decade="1880")) == ["Decade", "Year"]
    assert names(birth_decade="1890") == ["Later"]
    ordered = Person.objects.order_by("birth_date").values_list("surname", flat=True)
    assert list(ordered) == ["Decade", "Year", "Later"]
    html = admin_client.get("/admin/people/person/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "1880-е годы" in html


def test_a_pasted_page_is_refused_at_once_naming_its_beginning():
    with pytest.raises(ValidationError) as error:
        PartialDate.parse("1937 және " * 5000)
    assert "“1937 және 1937" in error.value.messages[0]
    assert len(error.value.messages[0]) < 400


def _docstring_table():
    lines = written_dates.__doc__.splitlines()
    rules = [number for number, line in enumerate(lines) if line.startswith("====")]
    for line in lines[rules[1] + 1 : rules[2]]:
        written, stored = re.split(r"\s{2,}", line)[:2]
        yield written, stored


@pytest.mark.parametrize(("written", "stored"), list(_docstring_table()))
def test_every_form_the_module_documents_is_read_as_it_says(written, stored):
    assert str(PartialDate.parse(written)) == stored


def _display_table():
    lines = dates.__doc__.splitlines()
    rules = [number for number, line in enumerate(lines) if line.startswith("====")]
    for line in lines[rules[1] + 1 : rules[2]]:
        _known, stored, *shown = re.split(r"\s{2,}", line)
        yield stored.strip("`"), dict(zip(("en", "ru", "kk"), shown, strict=True))


@pytest.mark.parametrize(("stored", "shown"), list(_display_table()))
def test_every_display_the_dates_module_documents_is_what_readers_see(stored, shown):
    for language, text in shown.items():
        with translation.override(language):
            assert PartialDate.parse(stored).display() == text


@pytest.mark.django_db
def test_the_biography_shows_written_dates_in_the_readers_language(client):
    person = make_person(birth_date="1880-е гг.", death_date="5 сентября 1937 г.")
    for language, birth, death in [
        ("en", "1880s", "Sept. 5, 1937"),
        ("ru", "1880-е годы", "5 сентября 1937"),
        ("kk", "1880 жылдары", "1937 жылғы 5 қыркүйек"),
    ]:
        with translation.override(language):
            url = person.get_absolute_url()
        html = client.get(url).content.decode()
        assert f"{birth} – {death}" in html, language
