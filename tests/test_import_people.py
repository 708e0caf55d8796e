"""Importing lists of names: what an archivist running `import_people` sees and gets."""

import csv
import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from memorial.base.models import Source, Status
from memorial.bench.synthetic import LIST_HEADERS, list_row, random_source
from people.importing import guess_columns, people_import
from people.merging import people_merge
from people.models import Authority, ImportedRow, NameKey, Person, RepressionCase
from people.search import find_people

from .factories import make_source

pytestmark = pytest.mark.django_db

HEADERS = [
    "№",
    "ФИО",
    "Год рождения",
    "Место рождения",
    "Национальность",
    "Дата ареста",
    "Обвинение",
    "Кем осужден",
    "Дата приговора",
    "Приговор",
    "Дата расстрела",
    "Реабилитирован",
    "Архивное дело",
]
GOOD_ROWS = [
    ["1", "Жумабаев Асан Нурланович", "1899 г.р.", "Акмолинский уезд", "казах", "12.08.1937",
     "58-10, 58-11", "Тройка НКВД КазССР", "01.10.1937", "ВМН", "05.10.1937", "1989",
     "ф. 5, оп. 1, д. 234"],
    ["2", "Шмидт Иван Карлович", "1901", "Саратов", "немец", "1938", "58-1а", "ОСО НКВД",
     "1938", "10 лет ИТЛ", "", "12.05.1958", "ф. 5, оп. 1, д. 235"],
    ["3", "Цой Валентина", "1910", "", "кореянка", "", "", "", "", "", "", "", ""],
]  # fmt: skip


def write_csv(path, rows, headers=HEADERS, encoding="utf-8", delimiter=";"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def run(*args):
    output = StringIO()
    call_command("import_people", *map(str, args), "--verbosity", "1", stdout=output,
                 stderr=StringIO())  # fmt: skip
    return output.getvalue()


@pytest.fixture
def source():
    return make_source(title="Book of Memory of the Karaganda region")


def test_headers_in_russian_kazakh_and_english_are_recognised():
    assert guess_columns(["№", "ФИО", "Год рождения", "Дата ареста (ДД.ММ.ГГГГ)"]) == {
        "record_id": "№",
        "full_name": "ФИО",
        "birth_date": "Год рождения",
        "arrest_date": "Дата ареста (ДД.ММ.ГГГГ)",
    }
    assert guess_columns(["Тегі", "Аты", "Әкесінің аты", "Туған жылы", "Ұлты"]) == {
        "surname": "Тегі",
        "given_name": "Аты",
        "patronymic": "Әкесінің аты",
        "birth_date": "Туған жылы",
        "nationality": "Ұлты",
    }
    assert guess_columns(["Surname", "First name", "Date of death", "Source"]) == {
        "surname": "Surname",
        "given_name": "First name",
        "death_date": "Date of death",
        "source_reference": "Source",
    }


def test_a_windows_1251_list_with_semicolons_becomes_draft_people_with_their_source(
    tmp_path, source, client
):
    path = write_csv(tmp_path / "list.csv", GOOD_ROWS, encoding="cp1251")
    output = run(path, "--source", source.pk)
    assert "Windows-1251" in output and "added 3 people" in output
    person = Person.objects.get(surname="Жумабаев")
    assert (person.given_name, person.patronymic) == ("Асан", "Нурланович")
    assert person.status == Status.DRAFT
    assert (str(person.birth_date), str(person.death_date)) == ("1899", "1937-10-05")
    assert (person.birth_place, person.nationality) == ("Акмолинский уезд", "казах")
    case = person.cases.get()
    assert str(case.arrest_date) == "1937-08-12" and case.sentence_kind == "death"
    assert case.sentencing_body.name == "Тройка НКВД КазССР"
    assert case.sentencing_body.kind == "extrajudicial"
    assert sorted(case.articles.values_list("code", flat=True)) == ["58-10", "58-11"]
    assert case.is_rehabilitated and str(case.rehabilitation_date) == "1989"
    assert case.source == source and case.sentence_text == "ВМН"
    schmidt = RepressionCase.objects.get(person__surname="Шмидт")
    assert (schmidt.sentence_kind, schmidt.sentence_term_years) == ("camp", 10)
    assert not Person.objects.get(surname="Цой").cases.exists()  # no arrest was recorded
    row = ImportedRow.objects.get(person=person)
    assert (row.source, row.key, row.locator) == (source, "id:1", "ф. 5, оп. 1, д. 234")
    # Drafts are not public, and not found by the public search.
    assert client.get(person.get_absolute_url()).status_code == 404
    assert NameKey.objects.filter(person=person, is_main=True, is_published=False).exists()


def test_published_imports_are_found_and_cite_the_list(tmp_path, source, client):
    path = write_csv(tmp_path / "list.csv", GOOD_ROWS)
    run(path, "--source", source.pk, "--publish")
    person = Person.objects.get(surname="Жумабаев")
    assert person.status == Status.PUBLISHED and person.published_at
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Book of Memory of the Karaganda region" in page and "ф. 5, оп. 1, д. 234" in page
    assert person.pk in find_people(None, "Zhumabaev Asan")


def test_importing_the_same_list_again_updates_the_same_people(tmp_path, source):
    path = write_csv(tmp_path / "list.csv", GOOD_ROWS)
    run(path, "--source", source.pk)
    person = Person.objects.get(surname="Цой")
    person.residence = "Кзыл-Орда"  # an archivist's addition
    person.status = Status.PUBLISHED
    person.save()
    corrected = [row[:] for row in GOOD_ROWS]
    corrected[2][1] = "Цой Валентина Павловна"
    corrected[2][5] = "1937"  # the list now records her arrest
    corrected[0][3] = ""  # a cell left empty erases nothing
    write_csv(path, corrected)
    output = run(path, "--source", source.pk)
    assert "added 0 people, updated 3" in output
    assert Person.objects.count() == 3 and RepressionCase.objects.count() == 3
    person.refresh_from_db()
    assert person.patronymic == "Павловна" and person.residence == "Кзыл-Орда"
    assert person.status == Status.PUBLISHED
    assert str(person.cases.get().arrest_date) == "1937"
    assert Person.objects.get(surname="Жумабаев").birth_place == "Акмолинский уезд"
    assert NameKey.objects.filter(person=person, is_main=True).get().exact.endswith("павловна")


def test_a_list_without_numbers_keeps_identical_rows_as_two_people(tmp_path, source):
    rows = [["Иванов Иван", "1900"], ["Иванов Иван", "1900"], ["Петров Пётр", "1901"]]
    path = write_csv(tmp_path / "list.csv", rows, headers=["ФИО", "Год рождения"])
    run(path, "--source", source.pk)
    run(path, "--source", source.pk)
    assert Person.objects.filter(surname="Иванов").count() == 2
    assert Person.objects.count() == 3


BAD_LIST = [
    ["1", "Абаев Болат", "1890", "", "", "1937", "", "", "", "", "", "", ""],
    ["2", "", "1891", "", "", "", "", "", "", "", "", "", ""],  # bad: no name
    ["3", "Бекова Айша", "1892", "", "", "1938", "", "", "", "", "", "", ""],
    ["4", "Гаев Марат", "1893", "", "", "31.02.1937", "", "", "", "", "", "", ""],  # bad day
    ["5", "Дулатов Ермек", "1894", "", "", "", "", "", "", "", "", "", ""],
    ["6", "Ержанов Серик", "1895", "", "", "1937", "", "", "1936", "", "", "", ""],  # order
    ["7", "Жаксылыков Омар", "1896", "", "", "", "", "", "", "", "", "", ""],
    ["8", "Искаков Муса", "1897", "", "", "", "", "", "", "", "", "", ""],
    ["9", "Канатов Уали", "1898", "", "", "", "", "", "", "", "", "", ""],
    ["10", "Маратов Бахыт", "1899", "", "", "", "", "", "", "", "", "", ""],
]


def test_a_list_with_three_bad_rows_names_each_and_imports_nothing(tmp_path, source):
    path = write_csv(tmp_path / "list.csv", BAD_LIST)
    output = StringIO()
    with pytest.raises(CommandError, match="3 bad rows: nothing was imported"):
        call_command("import_people", str(path), "--source", str(source.pk), stdout=output,
                     stderr=StringIO())  # fmt: skip
    text = output.getvalue()
    assert "row 3, column 'ФИО', value '': The surname is empty." in text
    assert "row 5, column 'Дата ареста', value '31.02.1937': There is no day 31" in text
    assert (
        "row 7, column 'Дата приговора', value '1936': This date is before the date of arrest"
        in text
    )
    assert not Person.objects.exists() and not ImportedRow.objects.exists()
    with open(tmp_path / "list-bad-rows.csv", encoding="utf-8-sig") as handle:
        report = list(csv.reader(handle))
    assert report[0] == ["row", *HEADERS, "problems"]
    assert [line[0] for line in report[1:]] == ["3", "5", "7"]
    assert report[2][6] == "31.02.1937" and "There is no day 31" in report[2][-1]


def test_skipping_bad_rows_imports_the_good_ones(tmp_path, source):
    path = write_csv(tmp_path / "list.csv", BAD_LIST)
    output = run(path, "--source", source.pk, "--skip-bad-rows", "--report", tmp_path / "bad.csv")
    assert "7 good, 3 bad" in output and "added 7 people" in output
    assert Person.objects.count() == 7
    assert not Person.objects.filter(surname="Гаев").exists()
    assert (tmp_path / "bad.csv").read_text(encoding="utf-8-sig").count("\n") == 4


def test_a_dry_run_reports_what_an_import_would_do_and_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "list.csv", GOOD_ROWS)
    output = run(path, "--new-source", "Karaganda list", "--dry-run")
    assert "would add 3 people" in output and "Nothing was written" in output
    assert not Person.objects.exists() and not Source.objects.exists()
    assert not Authority.objects.filter(name="Тройка НКВД КазССР").exists()


def test_repeated_record_numbers_are_reported_with_the_first_row(tmp_path, source):
    rows = [["7", "Абаев Болат"], ["8", "Бекова Айша"], ["7", "Гаев Марат"]]
    path = write_csv(tmp_path / "list.csv", rows, headers=["№", "ФИО"])
    output = run(path, "--source", source.pk, "--dry-run")
    assert "row 4, column '№', value '7': The same record number as row 2." in output


def test_an_excel_list_with_split_names_and_english_headers(tmp_path, source):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Surname", "First name", "Patronymic", "Year of birth", "Arrest date", "Died"])
    sheet.append(["Байтурсынов", "Ахмет", "", 1872, datetime.datetime(1937, 10, 8), 1937.0])
    sheet.append([])  # blank rows are skipped
    sheet.append(["Дулатов", "Миржакып", "", 1885, "1928", "05.10.1935"])
    workbook.save(tmp_path / "list.xlsx")
    output = run(tmp_path / "list.xlsx", "--source", source.pk)
    assert "2 good, 0 bad" in output
    person = Person.objects.get(surname="Байтурсынов")
    assert (str(person.birth_date), str(person.death_date)) == ("1872", "1937")
    assert str(person.cases.get().arrest_date) == "1937-10-08"
    assert ImportedRow.objects.get(person__surname="Дулатов").row_number == 4


def test_utf8_with_a_byte_order_mark_and_commas(tmp_path, source):
    path = tmp_path / "list.csv"
    write_csv(path, [["Байтурсынов", "Ахмет", "1872"]], headers=["Тегі", "Аты", "Туған жылы"],
              encoding="utf-8-sig", delimiter=",")  # fmt: skip
    assert "UTF-8, separated by ','" in run(path, "--source", source.pk)
    assert Person.objects.get().given_name == "Ахмет"


def test_a_column_mapping_is_adjusted_saved_and_reused(tmp_path, source):
    path = write_csv(tmp_path / "list.csv", [["Абаев Болат", "Акмола"]], headers=["Кто", "Откуда"])
    with pytest.raises(CommandError, match="surname or with the full name"):
        run(path, "--source", source.pk)
    run(path, "--source", source.pk, "--column", "full_name=Кто", "--column",
        "birth_place=Откуда", "--save-mapping", "Акмола")  # fmt: skip
    write_csv(path, [["Бекова Айша", "Караганда"]], headers=["Кто", "Откуда"])
    run(path, "--source", source.pk, "--mapping", "Акмола")
    assert Person.objects.get(surname="Бекова").birth_place == "Караганда"
    with pytest.raises(CommandError, match="FIELD=HEADER"):
        run(path, "--source", source.pk, "--column", "shoe_size=Кто")
    with pytest.raises(CommandError, match="not in the file: Нет"):
        run(path, "--source", source.pk, "--column", "surname=Нет")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.xls", b"\xd0\xcf\x11\xe0", "save the list as .xlsx or CSV"),
        ("list.csv", b"\x00\x01\x02binary", "not a text file"),
        ("list.csv", b"", "The file is empty"),
        ("list.xlsx", b"PK not really a workbook", "Excel file cannot be opened"),
    ],
)
def test_files_that_are_not_lists_get_a_clear_error(tmp_path, source, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(tmp_path / name, "--source", source.pk)


def test_a_merged_person_is_still_updated_by_the_list(tmp_path, source, superuser):
    path = write_csv(tmp_path / "list.csv", GOOD_ROWS)
    run(path, "--source", source.pk)
    kept = Person.objects.create(surname="Жумабаев", given_name="Асан", status=Status.PUBLISHED)
    imported = ImportedRow.objects.get(key="id:1").person
    people_merge(keep=kept, remove=imported, user=superuser)
    output = run(path, "--source", source.pk)
    assert "added 0 people, updated 3" in output
    assert Person.objects.filter(surname="Жумабаев").count() == 1


def test_a_synthetic_benchmark_list_imports_without_a_bad_row(tmp_path, source):
    rng = random_source(5)
    rows = [list_row(rng, number) for number in range(1, 301)]
    path = write_csv(tmp_path / "list.csv", rows, headers=LIST_HEADERS)
    columns = guess_columns(LIST_HEADERS)
    result = people_import(path=path, source=source, columns=columns, chunk_rows=70)
    assert (result.rows_read, result.rows_bad, result.created) == (300, 0, 300)
    assert Person.objects.count() == 300 == RepressionCase.objects.count()


def test_a_term_the_database_would_refuse_is_left_in_the_sentences_words(tmp_path, source):
    rows = [["Абаев Болат", "18 месяцев ИТЛ"], ["Бекова Айша", "75 лет ИТЛ"]]
    path = write_csv(tmp_path / "list.csv", rows, headers=["ФИО", "Приговор"])
    assert "added 2 people" in run(path, "--source", source.pk)
    months, years = RepressionCase.objects.order_by("person__surname")
    assert (months.sentence_term_months, months.sentence_text) == (None, "18 месяцев ИТЛ")
    assert (years.sentence_term_years, years.sentence_kind) == (None, "camp")
