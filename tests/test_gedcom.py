"""“Download the family (GEDCOM)”: read back with real parsers, gedcom7 for 7.0 (which also
checks each structure against the spec) and ged4py for 5.5.1."""

import io

import gedcom7
import pytest
from django.urls import reverse
from django.utils import translation
from ged4py import GedcomReader
from ged4py.date import DateValueAbout, DateValueInterpreted, DateValueRange

from memorial.base.dates import PartialDate
from memorial.opendata.gedcom import V7, V551, gedcom_date
from people.models import NameVariant
from tests.factories import make_family, make_person, make_relationship

pytestmark = pytest.mark.django_db


def download(client, person, version=None):
    url = reverse("person_gedcom", args=[person.pk])
    return client.get(url, {"version": version} if version else {})


def read_7(response):
    records = gedcom7.loads(response.content.decode())
    assert gedcom7.validate(records) == []
    return records


def tagged(records, tag):
    return [record for record in records if record.tag == tag]


def child(structure, tag):
    return [sub for sub in structure.children if sub.tag == tag]


def names_7(records):
    by_xref = {}
    for record in tagged(records, "INDI"):
        by_xref[record.xref] = child(record, "NAME")[0].text
    return by_xref


FAMILY_TAGS = ("HUSB", "WIFE", "CHIL")


def xref_of(names, given):
    [xref] = [xref for xref, name in names.items() if name.startswith(given)]
    return xref


FAMILY_TAGS = ("HUSB", "WIFE", "CHIL")


def read_551(response):
    with GedcomReader(io.BytesIO(response.content)) as reader:
        version = reader.header.sub_tag_value("GEDC/VERS")
        people = list(reader.records0("INDI"))
        families = [
            {
                "husband": family.sub_tag("HUSB").name.format(),
                "wife": family.sub_tag("WIFE").name.format(),
                "children": [person.name.format() for person in family.sub_tags("CHIL")],
                "married": str(family.sub_tag_value("MARR/DATE")),
            }
            for family in reader.records0("FAM")
        ]
        individuals = {
            person.name.format(): {
                "names": [name.value for name in person.sub_tags("NAME")],
                "types": [name.sub_tag_value("TYPE") for name in person.sub_tags("NAME")],
                "sex": person.sex,
                "birth": person.sub_tag_value("BIRT/DATE"),
                "death": person.sub_tag_value("DEAT/DATE"),
                "page": person.sub_tag("SOUR", follow=False).sub_tag_value("PAGE"),
            }
            for person in people
        }
    return version, individuals, families


def test_the_family_reads_back_in_gedcom_7(client):
    husband, wife, son = make_family()
    response = download(client, wife)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vnd.familysearch.gedcom")
    assert response["Content-Disposition"] == 'attachment; filename="akhmetova-zeinep-family.ged"'
    records = read_7(response)
    head = records[0]
    assert child(child(head, "GEDC")[0], "VERS")[0].text == "7.0"
    assert child(head, "LANG")[0].text == "en"
    names = names_7(records)
    assert sorted(names.values()) == ["Ерлан /Ахметов/", "Зейнеп /Ахметова/", "Касым /Ахметов/"]
    [family] = tagged(records, "FAM")
    assert names[child(family, "HUSB")[0].pointer] == "Касым /Ахметов/"
    assert names[child(family, "WIFE")[0].pointer] == "Зейнеп /Ахметова/"
    assert [names[sub.pointer] for sub in child(family, "CHIL")] == ["Ерлан /Ахметов/"]
    assert child(child(family, "MARR")[0], "DATE")[0].text == "1925"


def test_the_family_reads_back_in_gedcom_5_5_1(client):
    husband, wife, son = make_family()
    response = download(client, son, V551)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-gedcom")
    assert response["Content-Disposition"].endswith('-family-gedcom-5.5.1.ged"')
    assert b"1 CHAR UTF-8" in response.content
    version, individuals, families = read_551(response)
    assert version == "5.5.1"
    assert set(individuals) == {"Касым Ахметов", "Зейнеп Ахметова", "Ерлан Ахметов"}
    assert families == [
        {
            "husband": "Касым Ахметов",
            "wife": "Зейнеп Ахметова",
            "children": ["Ерлан Ахметов"],
            "married": "1925",
        }
    ]
    husband_record = individuals["Касым Ахметов"]
    assert husband_record["sex"] == "M"
    assert str(husband_record["death"]) == "2 NOV 1937"
    assert husband_record["page"] == "http://testserver" + husband.get_absolute_url()


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("1937-11-02", "2 NOV 1937"),
        ("1938-03", "MAR 1938"),
        ("1937", "1937"),
        ("1890~", "ABT 1890"),
        ("1937/1938", "BET 1937 AND 1938"),
        ("1937-03/1937-05", "BET MAR 1937 AND MAY 1937"),
    ],
)
def test_partial_dates_keep_their_precision(stored, written):
    assert gedcom_date(PartialDate.parse(stored), V7) == (written, None)
    assert gedcom_date(PartialDate.parse(stored), V551) == (written, None)


def test_a_season_is_its_year_with_the_season_in_words():
    autumn = PartialDate.parse("1937-23")
    assert gedcom_date(autumn, V7) == ("1937", "autumn 1937")
    assert gedcom_date(autumn, V551) == ("INT 1937 (autumn 1937)", None)


def test_approximate_and_between_dates_are_read_back_as_such(client):
    husband, wife, son = make_family()
    husband.birth_date = "1890~"
    husband.save()
    wife.birth_date = "1937-23"  # nonsense as a birth, but it shows the season
    wife.death_date = "1937/1938"
    wife.save()

    _version, individuals, _families = read_551(download(client, husband, V551))
    assert isinstance(individuals["Касым Ахметов"]["birth"], DateValueAbout)
    assert str(individuals["Касым Ахметов"]["birth"]) == "ABOUT 1890"
    assert isinstance(individuals["Зейнеп Ахметова"]["death"], DateValueRange)
    assert str(individuals["Зейнеп Ахметова"]["death"]) == "BETWEEN 1937 AND 1938"
    assert isinstance(individuals["Зейнеп Ахметова"]["birth"], DateValueInterpreted)
    assert individuals["Зейнеп Ахметова"]["birth"].phrase == "autumn 1937"

    text = download(client, husband).content.decode()
    read_7(download(client, husband))
    assert "2 DATE ABT 1890" in text
    assert "2 DATE BET 1937 AND 1938" in text
    assert "2 DATE 1937\n3 PHRASE autumn 1937" in text


def test_name_variants_are_further_names_with_a_type(client):
    husband, wife, son = make_family()
    NameVariant.objects.create(
        person=wife, surname="Сейтова", given_name="Зейнеп", kind="maiden", script="cyrl"
    )
    NameVariant.objects.create(
        person=husband, surname="Akhmetov", given_name="Kasym", kind="latin", script="latn"
    )

    text = download(client, husband).content.decode()
    read_7(download(client, husband))
    assert "1 NAME Зейнеп /Сейтова/\n2 TYPE MAIDEN\n" in text
    assert "1 NAME Kasym /Akhmetov/\n2 TYPE OTHER\n3 PHRASE Latin transliteration\n" in text

    _version, individuals, _families = read_551(download(client, husband, V551))
    assert individuals["Зейнеп Ахметова"]["names"][1] == ("Зейнеп", "Сейтова", "")
    assert individuals["Зейнеп Ахметова"]["types"] == [None, "maiden"]
    assert individuals["Касым Ахметов"]["types"] == [None, "aka"]


def test_a_patronymic_is_part_of_the_given_names(client):
    husband, wife, son = make_family()
    son.patronymic = "Касымович"
    son.save()

    text = download(client, husband).content.decode()
    assert "1 NAME Ерлан Касымович /Ахметов/\n2 GIVN Ерлан Касымович\n2 SURN Ахметов\n" in text


def test_a_death_without_a_date_is_still_a_death(client):
    husband, wife, son = make_family()
    husband.death_date = None
    husband.save()

    text = download(client, husband).content.decode()
    read_7(download(client, husband))
    assert "1 DEAT Y\n2 CAUS shot\n" in text
    assert text.count("1 DEAT") == 1  # the wife was released; nothing says she died


@pytest.mark.parametrize("status", ["draft", "review"])
def test_an_unpublished_relative_is_in_no_file(client, status):
    husband, wife, son = make_family()
    daughter = make_person(surname="Ахметова", given_name="Скрытая", status=status)
    make_relationship(husband, daughter, "parent")
    make_relationship(daughter, son, "sibling")

    for version in (V7, V551):
        for person in (husband, son):
            response = download(client, person, version)
            assert "Скрытая".encode() not in response.content
            assert response.content.count(b" INDI\n") == 3
    assert download(client, daughter).status_code == 404


def test_a_family_of_drafts_has_no_file(client):
    husband, wife, son = make_family(status="draft")
    assert download(client, husband).status_code == 404


def test_a_person_without_published_relatives_has_no_file(client):
    alone = make_person()
    hidden = make_person(status="draft")
    make_relationship(alone, hidden)
    assert download(client, alone).status_code == 404


@pytest.mark.parametrize("version", ["bogus", "5.5", "7"])
def test_an_unknown_version_is_refused_clearly(client, version):
    husband, wife, son = make_family()
    response = download(client, husband, version)
    assert response.status_code == 400
    assert b"version=7.0 or version=5.5.1" in response.content


def test_siblings_others_and_a_single_parent(client):
    brother = make_person(surname="Жумабаев", given_name="Магжан", sex="m")
    sister = make_person(surname="Жумабаева", given_name="Гульнар", sex="f")
    nephew = make_person(surname="Жумабаев", given_name="Бекзат")
    uncle = make_person(surname="Жумабаев", given_name="Нурлан", sex="m")
    make_relationship(brother, sister, "sibling")
    make_relationship(sister, nephew, "parent")
    make_relationship(uncle, brother, "other", first_is="uncle", second_is="nephew")

    response = download(client, sister)
    records = read_7(response)
    names = names_7(records)
    # The sister's relatives only: her brother and her son, not the brother's uncle.
    assert len(names) == 3
    families = [
        {
            tag: [names[sub.pointer] for sub in child(family, tag)]
            for tag in ("HUSB", "WIFE", "CHIL")
        }
        for family in tagged(records, "FAM")
    ]
    assert {"HUSB": [], "WIFE": ["Гульнар /Жумабаева/"], "CHIL": ["Бекзат /Жумабаев/"]} in families
    assert {
        "HUSB": [],
        "WIFE": [],
        "CHIL": ["Магжан /Жумабаев/", "Гульнар /Жумабаева/"],
    } in families
    nephew_record = next(
        r for r in tagged(records, "INDI") if child(r, "NAME")[0].text.startswith("Бекзат")
    )
    assert child(nephew_record, "SEX")[0].text == "U"

    text = download(client, brother).content.decode()
    read_7(download(client, brother))
    assert "1 ASSO @I3@\n2 ROLE OTHER\n3 PHRASE uncle\n" in text
    assert "1 ASSO @I1@\n2 RELA nephew\n" in download(client, brother, V551).content.decode()


def add_relatives(person, count):
    for number in range(count):
        relative = make_person(surname=f"Родственник{number}", sex="f")
        make_relationship(person, relative, "parent", start="1930")
        NameVariant.objects.create(
            person=relative, surname=f"Rodstvennik{number}", kind="latin", script="latn"
        )


@pytest.mark.parametrize("count", [1, 10])
def test_the_number_of_queries_does_not_grow_with_the_family(
    client, django_assert_max_num_queries, count
):
    person = make_person()
    add_relatives(person, count)
    with django_assert_max_num_queries(5):
        response = download(client, person)
    assert response.content.count(b" INDI\n") == count + 1


def test_the_biography_links_to_both_downloads(client):
    husband, wife, son = make_family()
    page = client.get(husband.get_absolute_url()).content.decode()
    url = reverse("person_gedcom", args=[husband.pk])
    assert f'href="{url}"' in page
    assert f'href="{url}?version=5.5.1"' in page
    assert "Download the family (GEDCOM 7.0)" in page
    assert "Download the family (GEDCOM 5.5.1, for older programs)" in page


def test_a_biography_without_relatives_has_no_download_link(client):
    alone = make_person()
    page = client.get(alone.get_absolute_url()).content.decode()
    assert "family.ged" not in page


def test_the_file_speaks_the_language_of_the_page(client):
    husband, wife, son = make_family()
    with translation.override("kk"):
        response = download(client, husband)
    records = read_7(response)
    assert child(records[0], "LANG")[0].text == "kk"
    assert "/kk/people/" in response.content.decode()
    _version, individuals, _families = read_551(download(client, husband, V551))
    assert set(individuals) == {"Касым Ахметов", "Зейнеп Ахметова", "Ерлан Ахметов"}


def test_siblings_with_their_parents_on_the_portal_are_in_their_parents_family(client):
    husband, wife, son = make_family()
    daughter = make_person(surname="Ахметова", given_name="Айша", sex="f")
    make_relationship(husband, daughter, "parent")
    make_relationship(wife, daughter, "parent")
    make_relationship(son, daughter, "sibling")

    records = read_7(download(client, husband))
    names = names_7(records)
    [family] = tagged(records, "FAM")
    assert [names[sub.pointer] for sub in child(family, "CHIL")] == [
        "Ерлан /Ахметов/",
        "Айша /Ахметова/",
    ]


def test_parents_who_are_not_recorded_as_a_couple_still_share_a_family(client):
    father = make_person(surname="Оспанов", given_name="Бауыржан", sex="m")
    mother = make_person(surname="Оспанова", given_name="Сара", sex="f")
    son = make_person(surname="Оспанов", given_name="Ерлан", sex="m")
    make_relationship(father, son, "parent")
    make_relationship(mother, son, "parent")

    records = read_7(download(client, son))
    names = names_7(records)
    [family] = tagged(records, "FAM")
    assert names[child(family, "HUSB")[0].pointer] == "Бауыржан /Оспанов/"
    assert names[child(family, "WIFE")[0].pointer] == "Сара /Оспанова/"
    assert child(family, "MARR") == []


def test_a_merged_records_download_leads_to_the_survivors(client, admin_user):
    from people.merging import people_merge

    husband, _wife, _son = make_family()
    double = make_person(surname="Ахметов", given_name="Касым")
    old_address = reverse("person_gedcom", args=[double.pk])
    people_merge(keep=husband, remove=double, user=admin_user)
    response = client.get(old_address + "?version=5.5.1")
    assert response.status_code == 301
    assert response["Location"] == reverse("person_gedcom", args=[husband.pk]) + "?version=5.5.1"
    assert client.get(reverse("person_gedcom", args=[10**9])).status_code == 404
