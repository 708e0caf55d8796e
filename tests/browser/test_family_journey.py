"""A family entered by an archivist in the admin, each pair linked once, and then found by a
visitor on every one of the three biographies in Kazakh, Russian and English: the words for
each relative, the wife's sentence naming her husband, the family picture and the family's
GEDCOM files, which read back whole in both versions."""

import io
import re
from pathlib import Path

import gedcom7
import pytest
from django.contrib.auth.models import Group, User
from ged4py import GedcomReader
from playwright.sync_api import expect

from memorial.base.roles import ARCHIVIST
from people.models import Person, Relationship
from tests.browser.conftest import run_axe, save_screenshot

pytestmark = pytest.mark.browser

HUSBAND = "Байжанов Темірбек"
WIFE = "Байжанова Күләш"
SON = "Байжанов Ерлан"
# English pages show names recorded in Cyrillic in Latin letters (people/reading_names.py).
IN_ENGLISH = {
    HUSBAND: "Bayzhanov Temirbek",
    WIFE: "Bayzhanova Kulash",
    SON: "Bayzhanov Yerlan",
}


def shown(name, language):
    return IN_ENGLISH[name] if language == "en" else name


# What a visitor reads on each biography: the word before each relative's name.
FAMILY_WORDS = {
    "en": {
        HUSBAND: {"Wife": IN_ENGLISH[WIFE], "Son": IN_ENGLISH[SON]},
        WIFE: {"Husband": IN_ENGLISH[HUSBAND], "Son": IN_ENGLISH[SON]},
        SON: {"Father": IN_ENGLISH[HUSBAND], "Mother": IN_ENGLISH[WIFE]},
    },
    "ru": {
        HUSBAND: {"Жена": WIFE, "Сын": SON},
        WIFE: {"Муж": HUSBAND, "Сын": SON},
        SON: {"Отец": HUSBAND, "Мать": WIFE},
    },
    "kk": {
        HUSBAND: {"Әйелі": WIFE, "Ұлы": SON},
        WIFE: {"Күйеуі": HUSBAND, "Ұлы": SON},
        SON: {"Әкесі": HUSBAND, "Анасы": WIFE},
    },
}
WIFE_SENTENCE = {
    "en": f"Sentenced as the wife of {IN_ENGLISH[HUSBAND]}, "
    "a family member of a traitor to the Motherland.",
    "ru": f"Осуждена как член семьи изменника Родины; муж — {HUSBAND}.",
    "kk": f"Отан сатқынының отбасы мүшесі ретінде сотталды; күйеуі — {HUSBAND}.",
}
SENTENCED_HEADING = {
    "en": "Sentenced as family members of a traitor to the Motherland (ChSIR):",
    "ru": "Осуждены как члены семьи изменника Родины (ЧСИР):",
    "kk": "Отан сатқынының отбасы мүшелері ретінде сотталғандар (ЧСИР):",
}


@pytest.fixture
def archivist(transactional_db):
    user = User.objects.create_user(
        "archivist", "archivist@example.kz", "a-long-password-1938", is_staff=True
    )
    user.groups.add(Group.objects.get(name=ARCHIVIST))
    return user


def choose(page, box, typed, option):
    """Pick a record in one of the admin's autocomplete boxes: type, wait for the answer."""
    page.locator(f"{box} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()
    expect(page.locator(f"{box} .select2-selection__rendered")).to_have_text(re.compile(option))


def add_person(page, surname, given_name, sex, born, fate="", died=""):
    page.goto(page.base_url + "/admin/people/person/add/")
    # The person's own name; the stacked name variants below have the same labels.
    recorded = page.get_by_role("group", name="Name as recorded")
    recorded.get_by_label("Surname").fill(surname)
    recorded.get_by_label("Given name").fill(given_name)
    page.get_by_label("Sex").select_option(sex)
    page.get_by_label("Date of birth").fill(born)
    if fate:
        page.get_by_role("combobox", name="Fate").select_option(fate)
        page.get_by_label("Date of death").fill(died)
    page.get_by_label("Publication status").select_option("published")


def save(page):
    """Save and stay on the form; the person as saved."""
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    pk = re.search(r"/person/(\d+)/change/", page.url).group(1)
    return Person.objects.get(pk=pk)


def link(page, table, row, relative, kind):
    """A row in one of the two Family tables: the relative and how they are related."""
    page.locator(f"#{table}-group .add-row a").click()
    field = "second" if table == "relationships_as_first" else "first"
    choose(page, f"#{table}-{row} .field-{field}", relative, relative)
    page.locator(f"#id_{table}-{row}-kind").select_option(kind)


def enter_the_family(page):
    """Husband, wife in ALZHIR linked to him, son linked to both; then her ChSIR case."""
    add_person(page, "Байжанов", "Темірбек", "m", "1899", fate="shot", died="1937-11-02")
    husband = save(page)

    add_person(page, "Байжанова", "Күләш", "f", "1905")
    link(page, "relationships_as_first", 0, HUSBAND, "spouse")
    page.locator("#imprisonments-group .add-row a").click()
    choose(page, "#imprisonments-0 .field-camp", "ALZHIR", "ALZHIR")
    page.locator("#id_imprisonments-0-start").fill("1938")
    wife = save(page)

    add_person(page, "Байжанов", "Ерлан", "m", "1930")
    link(page, "relationships_as_second", 0, HUSBAND, "parent")
    link(page, "relationships_as_second", 1, WIFE, "parent")
    son = save(page)

    page.goto(page.base_url + f"/admin/people/person/{wife.pk}/change/")
    page.locator("#cases-group .add-row a").click()
    page.locator("#id_cases-0-sentence_date").fill("1938")
    page.locator("#id_cases-0-sentence_kind").select_option(
        label="camp as a family member of a traitor (ChSIR)"
    )
    page.locator("#id_cases-0-sentence_term_years").fill("8")
    relatives = page.locator("#id_cases-0-family_member_of option:not([value=''])")
    # Only her relatives can be the one her sentence was for.
    assert sorted(relatives.all_inner_texts()) == sorted([HUSBAND, SON])
    page.locator("#id_cases-0-family_member_of").select_option(label=HUSBAND)
    save_screenshot(page, "family-admin-wife-case")
    save(page)
    return husband, wife, son


def words_on(biography):
    """The Family list as a visitor reads it: {word: name}."""
    items = biography.locator(".family-list li")
    return {
        item.locator(".family-word").inner_text().rstrip(":"): item.locator("a").inner_text()
        for item in items.all()
    }


def address(person):
    """The biography's address without its language prefix."""
    return person.get_absolute_url().split("/", 2)[2]


def check_biography(visitor, person, language, relatives):
    visitor.goto(f"{visitor.base_url}/{language}/{address(person)}")
    heading = visitor.get_by_role("heading", level=1).inner_text()
    assert heading == shown(person.full_name, language)
    assert words_on(visitor) == FAMILY_WORDS[language][person.full_name]
    picture = visitor.locator("figure.family-picture")
    expect(picture).to_be_visible()
    names = sorted(shown(name, language) for name in relatives)
    assert sorted(picture.locator(".family-box-name").all_inner_texts()) == names
    assert run_axe(visitor) == []
    save_screenshot(visitor, f"family-{person.slug}-{language}")


def test_a_family_entered_once_is_on_each_biography_in_each_language(
    page, demo, archivist, browser
):
    page.goto(page.base_url + "/admin/login/?next=/admin/people/person/")
    page.get_by_label("Username").fill("archivist")
    page.get_by_label("Password").fill("a-long-password-1938")
    page.get_by_role("button", name="Log in").click()
    husband, wife, son = enter_the_family(page)
    assert Relationship.objects.count() == 3  # each pair once
    assert page.csp_violations == []

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = context.new_page()
    visitor.base_url = page.base_url
    family = [HUSBAND, WIFE, SON]
    for language in ("en", "ru", "kk"):
        check_biography(visitor, son, language, family)
        check_biography(visitor, husband, language, family)
        sentenced = visitor.locator(".family-sentenced")
        assert sentenced.inner_text() == SENTENCED_HEADING[language]
        names = visitor.locator(".family-sentenced-list a").all_inner_texts()
        assert names == [shown(WIFE, language)]
        check_biography(visitor, wife, language, family)
        sentence = visitor.locator(".family-member-sentence")
        assert sentence.inner_text() == WIFE_SENTENCE[language]
        husband_link = sentence.get_by_role("link").get_attribute("href")
        assert husband_link == f"/{language}/{address(husband)}"
    assert "ALZHIR" in visitor.locator(".timeline").inner_text()
    visitor.goto(f"{visitor.base_url}/en/{address(husband)}")
    check_downloads(visitor)
    context.close()


def download(visitor, name):
    with visitor.expect_download() as info:
        visitor.get_by_role("link", name=name).click()
    return Path(info.value.path()).read_bytes()


def check_downloads(visitor):
    """The biography's two family files, each read back by a real parser."""
    records = gedcom7.loads(download(visitor, "Download the family (GEDCOM 7.0)").decode())
    assert gedcom7.validate(records) == []
    [head] = [record for record in records if record.tag == "HEAD"]
    assert [v.text for g in head.children if g.tag == "GEDC" for v in g.children] == ["7.0"]
    names = {
        record.xref: next(sub.text for sub in record.children if sub.tag == "NAME")
        for record in records
        if record.tag == "INDI"
    }
    assert sorted(names.values()) == [
        "Ерлан /Байжанов/",
        "Күләш /Байжанова/",
        "Темірбек /Байжанов/",
    ]
    [family] = [record for record in records if record.tag == "FAM"]
    members = {sub.tag: names[sub.pointer] for sub in family.children if sub.pointer in names}
    assert members == {
        "HUSB": "Темірбек /Байжанов/",
        "WIFE": "Күләш /Байжанова/",
        "CHIL": "Ерлан /Байжанов/",
    }

    older = download(visitor, "Download the family (GEDCOM 5.5.1, for older programs)")
    with GedcomReader(io.BytesIO(older)) as reader:
        assert reader.header.sub_tag_value("GEDC/VERS") == "5.5.1"
        people = sorted(person.name.format() for person in reader.records0("INDI"))
        [family] = list(reader.records0("FAM"))
        assert people == ["Ерлан Байжанов", "Күләш Байжанова", "Темірбек Байжанов"]
        assert family.sub_tag("HUSB").name.format() == "Темірбек Байжанов"
        assert family.sub_tag("WIFE").name.format() == "Күләш Байжанова"
        assert [child.name.format() for child in family.sub_tags("CHIL")] == ["Ерлан Байжанов"]
