"""Importing a Book of Memory from its text: entries in Memorial's narrative form and Open
List's labelled form, one per person, read into the same records a spreadsheet makes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from people.importing import people_import
from people.importing.reading import open_table
from people.importing.text_entries import (
    TEXT_COLUMNS,
    cut_date,
    entry_cells,
    leading_date,
    looks_like_entries,
    name_and_rest,
    read_entry,
    sentence_and_tail,
    sentences,
    sex_from,
    split_entries,
)
from people.models import ImportBatch, ImportedRow, Person, RepressionCase

from .factories import make_source

NARRATIVE = """Абенов Касым Абенович (1899)
Родился в 1899 г., Акмолинская обл., Атбасарский р-н; казах; образование начальное; б/п;
чабан. Проживал: Акмолинская обл., Атбасарский р-н, аул № 5. Арестован 2 октября 1937 г.
Приговорен: тройка при УНКВД по Карагандинской обл. 28 октября 1937 г., обв.: 58-10, 58-11.
Приговор: ВМН Расстрелян 3 ноября 1937 г. Реабилитирован 12 мая 1959 г.
Источник: Книга памяти Акмолинской обл."""

LABELLED = """Алиева Гюльнара Мамед кызы
Дата рождения: 1905 г.
Место рождения: Баку
Пол: женский
Национальность: азербайджанка
Профессия / место работы: домохозяйка
Место проживания: г. Алма-Ата
Дата ареста: 5 сентября 1937 г.
Обвинение: ЧСИР
Осудивший орган: ОСО при НКВД СССР
Осуждение: 14.10.1937
Приговор: 8 лет ИТЛ
Дата реабилитации: 1958 г., Верховный суд КазССР
Источники данных: Открытый список"""

TWICE = """Байжанов Ерлан Сапарович (1890) Родился в 1890 г., Семипалатинская обл.; казах;
учитель. Арестован в 1929 г. Приговорен: ОСО при Коллегии ОГПУ 1930 г., обв.: 58-10.
Приговор: 3 года ссылки. Повторно арестован 12 августа 1937 г. Приговорен: тройка при
УНКВД по Семипалатинской обл. 20 сентября 1937 г., обв.: к.-р. агитация, по ст. 58-10 ч. 1
УК РСФСР. Приговор: 10 лет ИТЛ Умер в заключении 1942 г. Реабилитирован 1989 г.
Источник: Книга скорби Казахстана"""

NAMELESS = """Родилась в 1910 г., Кокчетав; русская. Арестована 1938 г."""


def cells(text):
    return dict(zip(TEXT_COLUMNS, entry_cells(text), strict=True))


# -- the pure readers ------------------------------------------------------------------


def test_entries_are_separated_by_blank_lines_and_numbered():
    lines = ["Первый (1900)\n", "Родился в 1900 г.\n", "\n", "  \n", "Второй (1901)\n"]
    assert list(split_entries(lines)) == [
        (1, "Первый (1900)\nРодился в 1900 г."),
        (2, "Второй (1901)"),
    ]


def test_a_date_is_cut_out_as_written():
    assert cut_date("2 октября 1937 г.") == ("2 октября 1937 г.", "")
    assert cut_date("в мае 1938 г., Караганда") == ("мае 1938 г.", "Караганда")
    assert cut_date("14.IX.1937 Карлаг") == ("14.IX.1937", "Карлаг")
    assert cut_date("1890-е гг.") == ("1890-е гг.", "")
    assert cut_date("Верховный суд КазССР") == ("", "Верховный суд КазССР")


def test_a_date_the_text_begins_with():
    assert leading_date("12 марта 1899 г. в ауле Карабулак") == (
        "12 марта 1899 г.",
        "ауле Карабулак",
    )
    assert leading_date("в 1900-1901 гг., Чимкентский уезд") == (
        "1900-1901 гг.",
        "Чимкентский уезд",
    )
    assert leading_date("1938 жылғы 5 мамыр") == ("1938 жылғы 5 мамыр", "")
    assert leading_date("Акмолинская обл.") == ("", "Акмолинская обл.")


def test_a_sentence_ends_at_a_full_stop_but_not_an_abbreviations():
    assert sentence_and_tail("10 лет ИТЛ. Отбывал срок в Карлаге") == (
        "10 лет ИТЛ",
        "Отбывал срок в Карлаге",
    )
    assert sentence_and_tail("г. Алма-Ата, ул. Кирова") == ("г. Алма-Ата, ул. Кирова", "")


def test_a_death_after_release_keeps_the_fate_released():
    entry = read_entry("Ахметова Бибі (1906) Освобождена в 1946 г. Умерла в 1970 г.")
    assert (entry.fields["fate"], entry.fields["death_date"]) == ("released", "1970 г.")


def test_the_name_line_gives_the_name_and_the_year():
    assert name_and_rest("Ахмедов Гасан Мамед оглы (1901)\nРодился")[:2] == (
        "Ахмедов Гасан Мамед оглы",
        "1901",
    )
    assert name_and_rest(NAMELESS)[0] == ""
    assert name_and_rest("Дата рождения: 1901")[0] == ""


def test_a_books_own_number_is_the_entrys_record_number():
    assert cells("12. Абенов Касым (1899) Арестован 1937 г.")["record_id"] == "12"
    assert cells("№ 7 Абенов Касым (1899)")["full_name"] == "Абенов Касым"
    assert cells(NARRATIVE)["record_id"] == ""


@pytest.mark.django_db
def test_numbered_entries_are_found_again_by_their_number(tmp_path):
    path = write_entries(tmp_path / "book.txt", "1. " + NARRATIVE, "2. " + LABELLED)
    source = make_source()
    people_import(path=path, source=source, columns={})
    path.write_text(path.read_text().replace("Абенов Касым", "Абенов Касимхан"))
    again = people_import(path=path, source=source, columns={})
    assert (again.created, again.updated) == (0, 2)
    assert Person.objects.get(surname="Абенов").given_name == "Касимхан"


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_and_counts(tmp_path):
    path = write_entries(tmp_path / "book.txt", NARRATIVE, TWICE)
    result = people_import(path=path, source=make_source(), columns={}, dry_run=True)
    assert (result.created, result.written, Person.objects.count()) == (2, False, 0)


def test_sex_from_the_verbs_or_the_label():
    assert sex_from("Родилась в 1910 г.") == "f"
    assert sex_from("Арестован в 1937 г.") == "m"
    assert sex_from("женский") == "f"
    assert sex_from("Абенов") == ""


def test_sentences_begin_with_their_words():
    before, found = sentences("Приговор: ВМН Расстрелян 3 ноября 1937 г.")
    assert before == ""
    assert found == [("sentence", "ВМН"), ("shot", "3 ноября 1937 г.")]


def test_a_narrative_entry():
    values = cells(NARRATIVE)
    assert values["full_name"] == "Абенов Касым Абенович"
    assert values["sex"] == "m"
    assert values["birth_date"] == "1899 г."
    assert values["birth_place"] == "Акмолинская обл., Атбасарский р-н"
    assert values["nationality"] == "казах"
    assert values["occupation"] == "чабан"
    assert values["residence"] == "Акмолинская обл., Атбасарский р-н, аул № 5"
    assert values["arrest_date"] == "2 октября 1937 г."
    assert values["sentencing_body"] == "тройка при УНКВД по Карагандинской обл."
    assert values["sentence_date"] == "28 октября 1937 г."
    assert values["charge"] == "58-10, 58-11"
    assert values["sentence"] == "ВМН"
    assert (values["fate"], values["death_date"]) == ("shot", "3 ноября 1937 г.")
    assert values["rehabilitation_date"] == "12 мая 1959 г."
    assert values["source_reference"] == "Книга памяти Акмолинской обл."
    assert values["note"] == "образование начальное\nб/п"
    assert values["unplaced"] == ""
    assert values["excerpt"] == NARRATIVE


def test_a_labelled_entry():
    values = cells(LABELLED)
    assert values["full_name"] == "Алиева Гюльнара Мамед кызы"
    assert values["sex"] == "f"
    assert values["residence"] == "г. Алма-Ата"
    assert values["charge"] == "ЧСИР"
    assert values["sentence_date"] == "14.10.1937"
    assert values["rehabilitation_date"] == "1958 г."
    assert values["rehabilitation_body"] == "Верховный суд КазССР"
    assert values["source_reference"] == "Открытый список"


def test_a_second_arrest_is_a_case_of_its_own():
    entry = read_entry(TWICE)
    assert [case["arrest_date"] for case in entry.cases] == ["1929 г.", "12 августа 1937 г."]
    assert entry.cases[0]["sentence"] == "3 года ссылки"
    assert entry.cases[1]["charge"] == "к.-р. агитация, по ст. 58-10 ч. 1 УК РСФСР"
    assert entry.cases[1]["rehabilitation_date"] == "1989 г."
    assert entry.fields["fate"] == "died_in_custody"
    assert json.loads(cells(TWICE)["more_cases"])[0]["sentence"] == "10 лет ИТЛ"


def test_what_it_cannot_place_is_kept_apart():
    values = cells("Иванов Иван (1900) Служил на флоте. Арестован 1937 г. Балтийским флотом.")
    assert values["unplaced"] == "Служил на флоте\nБалтийским флотом"


def test_a_text_file_of_entries_is_told_from_a_csv():
    assert looks_like_entries(NARRATIVE)
    assert looks_like_entries(LABELLED)
    assert not looks_like_entries("ФИО;Год рождения;Арестован\nАбенов;1899;1937")


# -- imported ------------------------------------------------------------------------


def write_entries(path, *entries, encoding="utf-8"):
    path.write_text("\n\n".join(entries) + "\n", encoding=encoding)
    return path


@pytest.mark.django_db
def test_a_file_mixing_both_forms_imports_and_again_adds_no_one(tmp_path):
    path = write_entries(tmp_path / "book.txt", NARRATIVE, LABELLED, TWICE)
    source = make_source()
    result = people_import(path=path, source=source, columns={})
    assert (result.rows_read, result.rows_bad, result.created) == (3, 0, 3)
    abenov = Person.objects.get(surname="Абенов")
    assert (abenov.sex, abenov.fate, str(abenov.death_date)) == ("m", "shot", "1937-11-03")
    assert abenov.residence == "Акмолинская обл., Атбасарский р-н, аул № 5"
    case = abenov.cases.get()
    assert sorted(case.articles.values_list("code", flat=True)) == ["58-10", "58-11"]
    assert case.sentence_kind == "death"
    assert str(case.rehabilitation_date) == "1959-05-12"
    row = ImportedRow.objects.get(person=abenov)
    assert row.excerpt == NARRATIVE
    assert row.locator == "Книга памяти Акмолинской обл."
    assert row.words_kept == "образование начальное\nб/п"
    alieva = Person.objects.get(surname="Алиева")
    assert (alieva.sex, alieva.patronymic) == ("f", "Мамед кызы")
    assert alieva.cases.get().sentence_kind == "chsir"
    assert alieva.cases.get().rehabilitation_body.name == "Верховный суд КазССР"
    cases = Person.objects.get(surname="Байжанов").cases.order_by("arrest_date")
    assert [str(case.arrest_date) for case in cases] == ["1929", "1937-08-12"]
    assert [case.sentence_kind for case in cases] == ["exile", "camp"]

    again = people_import(path=path, source=source, columns={})
    assert (again.created, again.updated) == (0, 3)
    assert Person.objects.count() == 3
    assert RepressionCase.objects.count() == 4


@pytest.mark.django_db
def test_a_windows_1251_file_imports_too(tmp_path):
    path = write_entries(tmp_path / "book.txt", NARRATIVE, encoding="cp1251")
    result = people_import(path=path, source=make_source(), columns={})
    assert (result.encoding, result.created) == ("Windows-1251", 1)
    assert Person.objects.get().given_name == "Касым"


@pytest.mark.django_db
def test_an_entry_without_a_name_is_bad_and_named_by_its_number_and_first_line(tmp_path):
    path = write_entries(tmp_path / "book.txt", NARRATIVE, NAMELESS)
    report = tmp_path / "bad.csv"
    result = people_import(path=path, source=make_source(), columns={}, report_path=report)
    assert (result.rows_bad, result.written, Person.objects.count()) == (1, False, 0)
    problem = result.problems[0]
    assert (problem.row, problem.entry) == (2, NAMELESS.splitlines()[0])
    assert "2" in report.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[0]


@pytest.mark.django_db
def test_unplaced_phrases_are_warnings_and_kept(tmp_path):
    text = "Иванов Иван (1900) Служил на флоте. Арестован 1937 г."
    path = write_entries(tmp_path / "book.txt", text)
    result = people_import(path=path, source=make_source(), columns={})
    assert result.warnings == 1
    assert ImportedRow.objects.get().words_kept == "Служил на флоте"


@pytest.mark.django_db
def test_a_rollback_takes_the_entries_away(tmp_path):
    from people.importing.rollback import import_batch_roll_back

    path = write_entries(tmp_path / "book.txt", NARRATIVE, TWICE)
    people_import(path=path, source=make_source(), columns={})
    import_batch_roll_back(batch=ImportBatch.objects.get(), user=None)
    assert (Person.objects.count(), RepressionCase.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_command_reads_a_text_file(tmp_path):
    path = write_entries(tmp_path / "book.txt", NARRATIVE, LABELLED, NAMELESS)
    output = StringIO()
    call_command("import_people", str(path), "--new-source", "Книга памяти", "--skip-bad-rows",
                 stdout=output, stderr=StringIO())  # fmt: skip
    text = output.getvalue()
    assert "entry 3" in text and "Родилась в 1910 г." in text
    assert Person.objects.count() == 2


def test_the_table_of_a_text_file_fills_its_own_fields(tmp_path):
    path = write_entries(tmp_path / "book.txt", NARRATIVE)
    with open_table(path) as table:
        assert table.kind == "text"
        assert table.columns == TEXT_COLUMNS
        assert [number for number, _ in table.rows] == [1]


@pytest.mark.django_db
def test_the_entry_is_among_the_biographys_sources_and_in_the_admin(tmp_path, client, admin_client):
    path = write_entries(tmp_path / "book.txt", NARRATIVE)
    people_import(path=path, source=make_source(title="Книга памяти"), columns={}, publish=True)
    person = Person.objects.get()
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Книга памяти Акмолинской обл." in page
    assert "Приговор: ВМН Расстрелян 3 ноября 1937 г." in page
    admin_page = admin_client.get(f"/admin/people/person/{person.pk}/change/").content.decode()
    assert "образование начальное<br>б/п" in admin_page
    assert "Абенов Касым Абенович (1899)<br>" in admin_page


def test_the_evaluation_set_is_read_well_enough():
    from memorial.bench.text_evaluation import FIELDS, evaluate

    figures = evaluate()
    assert figures.entries >= 50 and figures.bad == 0
    below = {name: figures.accuracy(name) for name in FIELDS if figures.accuracy(name) < 0.95}
    assert not below, figures.misses


def test_evaluate_text_import_prints_each_field():
    output = StringIO()
    call_command("evaluate_text_import", stdout=output)
    text = output.getvalue()
    assert "entries, 0 refused as bad" in text
    assert "birth_date" in text and "later_arrests" in text


@pytest.mark.django_db
def test_the_admin_imports_a_text_file_without_choosing_columns(
    admin_client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from people.models import ImportJob

    from .test_import_admin import runs_queued_tasks

    client = runs_queued_tasks(admin_client, django_capture_on_commit_callbacks)
    content = "\n\n".join([NARRATIVE, LABELLED, "Иванов Иван (1900) Служил на флоте."])
    upload = SimpleUploadedFile("book.txt", content.encode("cp1251"))
    client.post(reverse("admin:people_importjob_add"), {"file": upload, "source": make_source().pk})
    job = ImportJob.objects.get()
    page = reverse("admin:people_importjob_change", args=[job.pk])
    html = client.get(page).content.decode()
    assert "A text file of entries" in html and 'name="column_full_name"' not in html
    html = client.post(page, {"import": "1"}, follow=True).content.decode()
    job.refresh_from_db()
    assert (job.state, job.people_created, job.warnings) == ("done", 3, 1), job.message
    assert "phrases kept in words" in html


def test_an_entry_of_a_name_and_words_only():
    values = cells("Иванов Иван (1900) Служил на флоте.")
    assert (values["full_name"], values["birth_date"], values["unplaced"]) == (
        "Иванов Иван",
        "1900",
        "Служил на флоте",
    )


@pytest.mark.django_db
def test_a_camp_the_entry_names_is_linked_and_rolled_back_with_it(tmp_path):
    from people.importing.rollback import import_batch_roll_back

    from .factories import make_camp

    karlag = make_camp(name="Karlag", abbreviation="KarLAG")
    make_camp(name="Steplag", status="draft")  # not on the portal yet: not linked
    text = (
        "Жунусов Темирбек (1900) Арестован 1937 г. Приговор: 10 лет ИТЛ. Отбывал срок в "
        "Карлаге, затем в Степлаге. Источник: Книга скорби Казахстана"
    )
    path = write_entries(tmp_path / "book.txt", text)
    result = people_import(path=path, source=make_source(), columns={})
    person = Person.objects.get()
    assert [stay.camp for stay in person.imprisonments.all()] == [karlag]
    assert result.warnings == 1  # the phrase stays in words too, for the term's dates
    people_import(path=path, source=person.imported_rows.get().source, columns={})
    assert person.imprisonments.count() == 1
    import_batch_roll_back(batch=ImportBatch.objects.latest("imported_at"), user=None)
    import_batch_roll_back(batch=ImportBatch.objects.earliest("imported_at"), user=None)
    assert (Person.objects.count(), karlag.imprisonments.count()) == (0, 0)
