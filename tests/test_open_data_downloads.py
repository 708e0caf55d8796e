"""Bulk downloads: what a researcher gets from the open-data page."""

import csv
import gzip
import hashlib
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command

from memorial.base.models import Status
from tests.factories import (
    make_camp,
    make_case,
    make_family,
    make_imprisonment,
    make_person,
    make_relationship,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_data_root(settings, tmp_path):
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    return settings.OPEN_DATA_ROOT


def export(**options):
    out = StringIO()
    call_command("export_open_data", stdout=out, base_url="https://memorial.example", **options)
    return out.getvalue()


def read_csv(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def read_jsonl(path):
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def test_the_files_hold_every_published_record_and_no_draft(open_data_root):
    camp = make_camp(name="Карлаг", latitude=49.6, longitude=72.7, description_ru="<p>Лагерь</p>")
    person = make_person(surname="Сейфуллин", given_name="Сакен", birth_date="1894", fate="shot")
    make_case(person, sentence_kind="death", arrest_date="1937-09")
    make_imprisonment(person, camp, start="1938")
    make_person(surname="Черновик", status=Status.DRAFT)

    output = export()

    assert "1 people" in output
    people = read_csv(open_data_root / "people.csv.gz")
    assert [row["surname"] for row in people] == ["Сейфуллин"]
    assert people[0]["birth_date"] == "1894"
    assert people[0]["fate"] == "shot"
    assert json.loads(people[0]["imprisonments"])[0]["camp"]["name"] == "Карлаг"
    assert people[0]["url"].startswith("https://memorial.example/")
    camps = read_csv(open_data_root / "camps.csv.gz")
    assert camps[0]["latitude"] == "49.6" and camps[0]["description_ru"] == "<p>Лагерь</p>"
    records = read_jsonl(open_data_root / "people.jsonl.gz")
    assert records[0]["cases"][0]["arrest_date"] == "1937-09"
    assert "Черновик" not in json.dumps(records, ensure_ascii=False)


def test_the_manifest_states_the_licence_and_each_files_digest(open_data_root):
    make_person()
    export()
    manifest = json.loads((open_data_root / "index.json").read_text())
    assert manifest["licence"]["url"].startswith("https://creativecommons.org/")
    assert manifest["records"]["people"] == 1
    for file in manifest["files"]:
        content = (open_data_root / file["name"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == file["sha256"]
        assert len(content) == file["bytes"]
    assert not [path for path in open_data_root.iterdir() if path.name.startswith(".staging")]


def test_the_data_dictionary_explains_every_column(open_data_root):
    make_person()
    export()
    dictionary = json.loads((open_data_root / "data-dictionary.json").read_text())
    with gzip.open(open_data_root / "people.csv.gz", "rt", encoding="utf-8") as file:
        header = next(csv.reader(io.StringIO(file.readline())))
    described = dictionary["kinds"]["people"]["csv_columns"]
    assert [column["name"] for column in described] == header
    assert all(column["description"] for column in described)
    fate = next(column for column in described if column["name"] == "fate")
    assert fate["codes"]["shot"] == "shot"
    assert "EDTF" in dictionary["dates"]


def test_relationships_between_published_people_have_a_file_and_a_dictionary_entry(
    open_data_root,
):
    husband, wife, son = make_family()
    book = make_source(title="Книга памяти", kind="memorial_book")
    nephew = make_person(surname="Ахметов", given_name="Нурлан")
    make_relationship(
        husband, nephew, "other", first_is="uncle", second_is="nephew", source=book,
        locator="p. 214", notes="проверить по делу",
    )  # fmt: skip
    draft = make_person(surname="Черновик", status=Status.DRAFT)
    make_relationship(draft, son, "parent", notes="черновая связь")

    assert "4 relationships" in export()

    rows = read_csv(open_data_root / "relationships.csv.gz")
    assert [(row["first_id"], row["second_id"], row["kind"]) for row in rows] == [
        (str(husband.pk), str(wife.pk), "spouse"),
        (str(husband.pk), str(son.pk), "parent"),
        (str(wife.pk), str(son.pk), "parent"),
        (str(husband.pk), str(nephew.pk), "other"),
    ]
    assert rows[0]["first"] == "Ахметов Касым" and rows[0]["start"] == "1925"
    other = rows[3]
    words = (other["first_is"], other["second_is"], other["locator"])
    assert words == ("uncle", "nephew", "p. 214")
    assert "Книга памяти" in other["source"]
    records = read_jsonl(open_data_root / "relationships.jsonl.gz")
    assert records[3]["second"]["url"] == f"https://memorial.example{nephew.get_absolute_url()}"
    assert records[3]["source"]["title"] == "Книга памяти"
    people = {row["id"]: row for row in read_csv(open_data_root / "people.csv.gz")}
    relatives = json.loads(people[str(son.pk)]["relatives"])
    assert [(relative["id"], relative["relation"]) for relative in relatives] == [
        (husband.pk, "parent"),
        (wife.pk, "parent"),
    ]
    everything = "".join(
        gzip.decompress(path.read_bytes()).decode()
        for path in open_data_root.iterdir()
        if path.suffix == ".gz"
    )
    for private in ["Черновик", "проверить по делу", "черновая связь"]:
        assert private not in everything

    dictionary = json.loads((open_data_root / "data-dictionary.json").read_text())
    entry = dictionary["kinds"]["relationships"]
    assert entry["files"] == ["relationships.jsonl.gz", "relationships.csv.gz"]
    assert [column["name"] for column in entry["csv_columns"]] == list(rows[0])
    assert all(column["description"] for column in entry["csv_columns"])
    kind = next(column for column in entry["csv_columns"] if column["name"] == "kind")
    assert kind["codes"]["parent"] == "parent and child"
    assert "Relationship" in dictionary["definitions"]
    manifest = json.loads((open_data_root / "index.json").read_text())
    assert manifest["records"]["relationships"] == 4


def test_the_page_explains_the_relationships_file_in_the_visitors_language(client, open_data_root):
    make_family()
    export()
    page = client.get("/ru/open-data/").content.decode()
    assert "relationships.csv.gz" in page
    assert "first_id" in page and "/api/v1/relationships/" not in page
    assert "Семья: родственные связи между двумя опубликованными людьми" in page
    assert "id первого человека; для родителя и ребёнка — родитель." in page


def test_a_dry_run_counts_and_writes_nothing(open_data_root):
    make_person()
    assert "Would write 1 people" in export(dry_run=True)
    assert not open_data_root.exists()


def test_the_same_records_give_the_same_files(open_data_root):
    make_person()
    export()
    first = (open_data_root / "people.csv.gz").read_bytes()
    export()
    assert (open_data_root / "people.csv.gz").read_bytes() == first


def test_the_page_lists_the_files_and_serves_them_and_nothing_else(client, open_data_root):
    make_person(surname="Сейфуллин")
    page = client.get("/en/open-data/")
    assert page.status_code == 200
    assert "being prepared" in page.content.decode()
    export()
    (open_data_root / "secret.txt").write_text("not listed")

    page = client.get("/en/open-data/").content.decode()
    assert "people.csv.gz" in page and "CC BY 4.0" in page
    download = client.get("/open-data/people.csv.gz")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/gzip"
    assert "Сейфуллин" in gzip.decompress(b"".join(download.streaming_content)).decode()
    assert client.get("/open-data/secret.txt").status_code == 404
    assert client.get("/open-data/..%2F..%2Fmemorial.sqlite3").status_code == 404


def test_the_open_data_page_describes_a_dataset(
    client, open_data_root, django_assert_max_num_queries
):
    make_person()
    export()
    with django_assert_max_num_queries(3):
        page = client.get("/ru/open-data/").content.decode()
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["@type"] == "Dataset"
    assert data["license"].startswith("https://creativecommons.org/")
    assert any(
        item["contentUrl"].endswith("/open-data/people.csv.gz") for item in data["distribution"]
    )
