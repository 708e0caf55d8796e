"""The benchmark command runs end to end on a small database and prints its tables."""

import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from people.models import Person

pytestmark = pytest.mark.django_db


def test_synthetic_people_are_marked_and_deleted_in_one_command():
    call_command("generate_synthetic_people", "--count", "30", stdout=StringIO(), verbosity=0)
    assert Person.objects.filter(is_synthetic=True).count() == 30
    assert Person.objects.filter(is_synthetic=True, name_variants__isnull=False).exists()
    call_command("generate_synthetic_people", "--total", "30", stdout=StringIO(), verbosity=0)
    assert Person.objects.count() == 30
    call_command("generate_synthetic_people", "--delete", stdout=StringIO(), verbosity=0)
    assert not Person.objects.exists()


def test_synthetic_people_are_shown_in_each_language_s_form(client):
    """Made in bulk, with no save: the forms each language shows are set as a save would."""
    from people.reading_names import forms_of

    call_command("generate_synthetic_people", "--count", "60", stdout=StringIO(), verbosity=0)
    people = Person.objects.prefetch_related("name_variants")
    for person in people:
        forms = forms_of(list(person.name_variants.all()), person)
        assert {column: getattr(person, column) for column in forms} == forms
    kazakh = next(person for person in people if person.kazakh_name not in ("", person.full_name))
    page = client.get(f"/kk/people/{kazakh.pk}/", follow=True).content.decode()
    assert f"<h1>{kazakh.kazakh_name}" in page


def test_the_benchmark_prints_search_and_page_figures():
    call_command("generate_synthetic_people", "--count", "40", stdout=StringIO(), verbosity=0)
    output = StringIO()
    call_command("benchmark", "--queries", "8", stdout=output)
    text = output.getvalue()
    assert "| name search (matcher) |" in text
    assert "| name search (naive icontains, first 8 queries) |" in text
    assert "every page, " in text
    assert "| biography page (rendered, not from the cache) |" in text
    assert "| admin person changelist, searched |" in text
    assert "| texts, all kinds, ranked, with excerpts | 8 |" in text


def test_the_api_walk_can_be_sampled_from_random_places():
    call_command("generate_synthetic_people", "--count", "40", stdout=StringIO(), verbosity=0)
    output = StringIO()
    call_command("benchmark", "--queries", "4", "--repeats", "2", "--api-pages", "3", stdout=output)
    assert "3 pages in walks of 50 from random places" in output.getvalue()


def test_a_share_of_synthetic_people_have_biographies_and_a_total_tops_them_up():
    from memorial.bench.management.commands import generate_synthetic_people

    call_command("generate_synthetic_people", "--count", "200", stdout=StringIO(), verbosity=0)
    written = Person.objects.exclude(biography_ru="")
    assert 5 <= written.count() <= 40
    assert "</p><p>" in written.first().biography_ru
    # People made before biographies existed: --total gives them theirs, repeatably.
    Person.objects.update(biography_ru="", biography_kk="")
    for _ in range(2):
        call_command("generate_synthetic_people", "--total", "200", stdout=StringIO(), verbosity=0)
        assert written.count() == 20
    assert generate_synthetic_people.SYNTHETIC_NOTE in written.first().biography_en


def test_the_import_benchmark_refuses_a_database_that_holds_people():
    from django.core.management import CommandError

    call_command("generate_synthetic_people", "--count", "1", stdout=StringIO(), verbosity=0)
    with pytest.raises(CommandError, match="empty database of its own"):
        call_command("benchmark_import", "--rows", "5", stdout=StringIO())


def synthetic_families(count, *options):
    from people.models import Relationship

    call_command(
        "generate_synthetic_people", "--count", str(count), *options, stdout=StringIO(), verbosity=0
    )
    return list(Relationship.objects.select_related("first", "second"))


def birth_year(person):
    return int(str(person.birth_date)[:4])


def test_synthetic_people_come_in_families_of_synthetic_people_only():
    relationships = synthetic_families(600)
    linked = {person.pk for row in relationships for person in (row.first, row.second)}
    # About a fifth of the people are in families, as --families 0.2 (the default) asks.
    assert 0.15 * 600 <= len(linked) <= 0.25 * 600
    assert all(row.first.is_synthetic and row.second.is_synthetic for row in relationships)
    assert {row.kind for row in relationships} == {"spouse", "parent", "sibling"}
    assert all(row.first_id != row.second_id for row in relationships)
    pairs = [(*sorted((row.first_id, row.second_id)), row.kind) for row in relationships]
    assert len(pairs) == len(set(pairs))
    for row in relationships:
        row.full_clean()  # the model's checks and constraints


def test_synthetic_families_are_possible_families():
    relationships = synthetic_families(600)
    for row in relationships:
        if row.kind == "spouse":
            assert {row.first.sex, row.second.sex} == {"m", "f"}
        if row.kind == "parent":
            assert birth_year(row.first) + 18 <= birth_year(row.second)
            assert row.first.surname[:3] == row.second.surname[:3]  # the family's surname
    parents = {}
    for row in relationships:
        if row.kind == "parent":
            parents.setdefault(row.second_id, set()).add(row.first_id)
    assert all(len(both) == 2 for both in parents.values())  # a father and a mother
    for row in relationships:
        if row.kind == "sibling":
            assert parents[row.first_id] == parents[row.second_id]
            assert birth_year(row.first) <= birth_year(row.second)  # the elder first


def test_some_synthetic_wives_were_sentenced_as_their_husbands_family_members():
    from people.models import RepressionCase

    relationships = synthetic_families(600)
    spouses = {(row.first_id, row.second_id) for row in relationships if row.kind == "spouse"}
    cases = list(RepressionCase.objects.filter(family_member_of__isnull=False))
    assert cases
    for case in cases:
        assert case.sentence_kind == "chsir"
        assert (case.family_member_of_id, case.person_id) in spouses
        case.full_clean()


def test_synthetic_families_can_be_left_out_and_are_deleted_with_the_people():
    from people.models import Relationship

    assert synthetic_families(100, "--families", "0") == []
    assert synthetic_families(100)
    call_command("generate_synthetic_people", "--delete", stdout=StringIO(), verbosity=0)
    assert not Relationship.objects.exists()
    assert not Person.objects.exists()


def test_the_benchmark_measures_biographies_with_a_family_apart():
    synthetic_families(60)
    output = StringIO()
    call_command("benchmark", "--queries", "4", "--repeats", "5", stdout=output)
    assert "| biography page with family (rendered) |" in output.getvalue()


def import_synthetic(path, title):
    call_command("import_people", str(path), "--new-source", title, stdout=StringIO(), verbosity=0)


def people_facts(exclude=()):
    """What the imports wrote of each person, comparable between two imports."""
    from people.models import RepressionCase

    facts = {}
    for person in Person.objects.exclude(pk__in=exclude):
        cases = RepressionCase.objects.filter(person=person).order_by("pk")
        facts[person.pk] = (
            person.surname,
            person.given_name,
            person.patronymic,
            str(person.birth_date),
            str(person.death_date),
            tuple(
                (str(case.arrest_date), str(case.sentence_date), case.sentence_kind)
                for case in cases
            ),
        )
    return facts


def test_the_synthetic_text_entries_import_as_the_same_people_as_the_synthetic_list(tmp_path):
    """The benchmark compares the two imports: the text entries of a seed are the people of
    the list of that seed, in both forms, and import as the same records."""
    from memorial.bench.synthetic import LIST_HEADERS, list_row, random_source
    from memorial.bench.synthetic_text import write_entries

    rng = random_source(7)
    with open(tmp_path / "list.csv", "w", encoding="utf-8", newline="") as handle:
        handle.write(";".join(LIST_HEADERS) + "\n")
        handle.writelines(";".join(map(str, list_row(rng, n))) + "\n" for n in range(1, 41))
    with open(tmp_path / "entries.txt", "w", encoding="utf-8") as handle:
        write_entries(handle, random_source(7), 40)
    text = (tmp_path / "entries.txt").read_text()
    assert "Дата ареста:" in text and "Приговор: " in text and "Арестован " in text
    import_synthetic(tmp_path / "list.csv", "Synthetic list")
    from_list = people_facts()
    import_synthetic(tmp_path / "entries.txt", "Synthetic entries")
    from_text = people_facts(exclude=from_list)
    assert len(from_list) == len(from_text) == 40
    assert sorted(from_text.values()) == sorted(from_list.values())
    # The entries say more than the list: the sex (from "Пол:" or the verbs) and the fate.
    entries = Person.objects.exclude(pk__in=from_list)
    assert set(entries.values_list("sex", flat=True)) == {"m", "f"}
    shot = entries.filter(death_date__isnull=False)
    assert shot.exists() and set(shot.values_list("fate", flat=True)) == {"shot"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's own")
def test_the_copy_baseline_puts_back_the_same_rows_it_times():
    from memorial.bench.copy_baseline import copy_baseline, empty_since, row_counts
    from people.models import RepressionCase
    from tests.factories import make_case, make_person

    # The test's own transaction never commits: the foreign keys are checked at once, as
    # TRUNCATE wants no checks pending.
    with connection.cursor() as cursor:
        cursor.execute("set constraints all immediate")
    before = row_counts()
    for number in range(5):
        make_case(make_person(surname=f"Абенов{number}"))
    names = sorted(Person.objects.values_list("surname", flat=True))
    seconds, tables = copy_baseline(before, Path(tempfile.mkdtemp()))
    assert seconds > 0
    assert tables["people_person"] == 5 and tables["people_repressioncase"] == 5
    # Each table after those it refers to, as COPY FROM needs them.
    order = list(tables)
    assert order.index("people_person") < order.index("people_repressioncase")
    assert sorted(Person.objects.values_list("surname", flat=True)) == names
    assert RepressionCase.objects.count() == 5
    empty_since(before)
    assert not Person.objects.exists()


def synthetic_contents():
    """What the synthetic people say, in the order they were made (ids aside)."""
    from people.models import ImportedRow

    rows = ImportedRow.objects.filter(person__is_synthetic=True).order_by("row_number")
    people = []
    for row in rows.select_related("person").prefetch_related(
        "person__name_variants", "person__cases", "person__imprisonments"
    ):
        person = row.person
        people.append(
            (
                person.full_name,
                person.birth_date,
                person.fate,
                person.latin_name,
                person.biography_ru[:80],
                sorted((variant.surname, variant.kind) for variant in person.name_variants.all()),
                sorted((case.arrest_date, case.sentence_kind) for case in person.cases.all()),
                len(person.imprisonments.all()),
            )
        )
    return people


def test_the_same_seed_makes_the_same_people_twice():
    call_command("generate_synthetic_people", "--count", "80", "--seed", "7", verbosity=0)
    first = synthetic_contents()
    call_command("generate_synthetic_people", "--delete", stdout=StringIO(), verbosity=0)
    call_command("generate_synthetic_people", "--count", "80", "--seed", "7", verbosity=0)
    assert synthetic_contents() == first
    assert len(first) == 80
    call_command("generate_synthetic_people", "--delete", stdout=StringIO(), verbosity=0)
    call_command("generate_synthetic_people", "--count", "80", "--seed", "8", verbosity=0)
    assert synthetic_contents() != first


def test_synthetic_people_are_written_by_the_import_as_one_batch_of_a_list(client):
    from memorial.base.models import MediaItem, Source
    from people.models import ImportBatch, ImportedRow, NameKey, NameVariant, RepressionCase

    call_command(
        "generate_synthetic_people", "--count", "300", "--photos", "0.1", "--batch-size", "100",
        stdout=StringIO(), verbosity=0,
    )  # fmt: skip
    batch = ImportBatch.objects.get()
    assert batch.source.title.startswith("Synthetic list")
    assert ImportedRow.objects.filter(batch=batch).count() == 300
    # The import's name keys: one main key a person, one more for each other spelling.
    assert NameKey.objects.filter(is_main=True).count() == 300
    assert NameKey.objects.filter(is_main=False).count() == NameVariant.objects.count()
    # Sentencing bodies and articles go through the import's lookups.
    assert RepressionCase.objects.exclude(sentencing_body=None).exists()
    assert RepressionCase.articles.through.objects.exists()
    photos = MediaItem.objects.all()
    assert 10 <= photos.count() <= 60
    photo = photos.first()
    answer = client.get(f"/media/{photo.image.name}")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/jpeg"
    call_command("generate_synthetic_people", "--delete", stdout=StringIO(), verbosity=0)
    assert not MediaItem.objects.exists()
    assert not ImportedRow.objects.exists()
    assert not Source.objects.filter(title__startswith="Synthetic list").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_prewarm is PostgreSQL's")
def test_warming_writes_out_a_checkpoint_first_and_reads_the_tables_in():
    from memorial.bench.benchmarking import warm_database

    Person.objects.create(surname="Иванов", status="published")
    with connection.cursor() as cursor:
        cursor.execute("SELECT checkpoints_req FROM pg_stat_bgwriter")
        requested_before = cursor.fetchone()[0]
        line = warm_database()
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT checkpoints_req FROM pg_stat_bgwriter")
        requested_after = cursor.fetchone()[0]
    assert line.startswith("Warmed with pg_prewarm") and "after a CHECKPOINT" in line
    assert requested_after > requested_before
