"""A family as visitors see it: the Family section and picture of a biography, the sentence
of a relative sentenced as a family member, and the names list's filter. Nothing
unpublished is named, linked or counted."""

import html
from pathlib import Path

import pytest
from babel.messages.extract import extract
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from memorial.base import page_cache
from memorial.base.models import Status
from memorial.base.romanization import romanize
from people import family_page
from tests.factories import make_case, make_family, make_person, make_relationship

pytestmark = pytest.mark.django_db


def url(person, language="en"):
    # A request leaves its language active in the test's thread: say which one.
    with translation.override(language):
        return person.get_absolute_url()


def page(client, person, language="en"):
    address = url(person, language)
    response = client.get(address)
    assert response.status_code == 200, address
    return html.unescape(response.content.decode())


def shown(name, language="en"):
    """A recorded Cyrillic name as a page in `language` shows it: romanized in English."""
    return romanize(name) if language == "en" else name


def family_section(text):
    start = text.index('<section class="family"')
    return text[start : text.index("</section>", start)]


def case_sections(text):
    sections = []
    start = text.find('<section class="case">')
    while start != -1:
        sections.append(text[start : text.index("</section>", start)])
        start = text.find('<section class="case">', start + 1)
    return sections


def names(client, query=""):
    response = client.get(f"/en/people/{query}")
    assert response.status_code == 200, query
    return html.unescape(response.content.decode())


WORDS = {
    # language: (husband's page: wife, son), (wife's page: husband, son), (son's page: parents)
    "en": (("Wife", "Son"), ("Husband", "Son"), ("Father", "Mother")),
    "ru": (("Жена", "Сын"), ("Муж", "Сын"), ("Отец", "Мать")),
    "kk": (("Әйелі", "Ұлы"), ("Күйеуі", "Ұлы"), ("Әкесі", "Анасы")),
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_each_side_of_a_family_names_the_others_with_their_words(client, language):
    husband, wife, son = make_family()
    for person, words, relatives in zip(
        (husband, wife, son),
        WORDS[language],
        ((wife, son), (husband, son), (husband, wife)),
        strict=True,
    ):
        section = family_section(page(client, person, language))
        for word, relative in zip(words, relatives, strict=True):
            link = f'<a href="{url(relative, language)}">{shown(relative.full_name, language)}</a>'
            assert f"{word}:</span>\n    {link}" in section


def test_a_relatives_line_has_years_fate_and_when_the_marriage_began(client):
    husband, wife, son = make_family()
    section = family_section(page(client, wife))
    assert 'Akhmetov Kasym</a> <span class="family-years">(1898–1937)</span>, shot' in section
    assert "married 1925" in section
    assert 'Akhmetov Yerlan</a> <span class="family-years">(1926–?)</span>' in section
    assert "married" not in section.split("Akhmetov Yerlan")[1]
    assert "{# family downloads #}" not in section  # a template comment, never shown


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "en",
            'Sentenced as the wife of <a href="{url}">Akhmetov Kasym</a>, a family member '
            "of a traitor to the Motherland.",
        ),
        (
            "ru",
            'Осуждена как член семьи изменника Родины; муж — <a href="{url}">Ахметов Касым</a>.',
        ),
        (
            "kk",
            "Отан сатқынының отбасы мүшесі ретінде сотталды; күйеуі — "
            '<a href="{url}">Ахметов Касым</a>.',
        ),
    ],
)
def test_the_wifes_case_names_her_husband(client, language, sentence):
    husband, wife, _son = make_family()
    cases = case_sections(page(client, wife, language))
    assert len(cases) == 1
    assert sentence.format(url=url(husband, language)) in cases[0]


def test_a_man_sentenced_as_a_family_member_is_spoken_of_as_a_man(client):
    husband, wife, son = make_family()
    make_case(son, sentence_kind="chsir", family_member_of=husband)
    text = page(client, son, "ru")
    assert "Осуждён как член семьи изменника Родины; отец — " in text
    assert "Sentenced as the son of" in page(client, son)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("Sentenced as family members of a traitor to the Motherland (ChSIR):", "Wife")),
        ("ru", ("Осуждены как члены семьи изменника Родины (ЧСИР):", "Жена")),
        ("kk", ("Отан сатқынының отбасы мүшелері ретінде сотталғандар (ЧСИР):", "Әйелі")),
    ],
)
def test_the_husbands_page_says_his_wife_was_sentenced_as_his_family_member(
    client, language, words
):
    husband, wife, _son = make_family()
    section = family_section(page(client, husband, language))
    heading, word = words
    sentenced = section.split(heading)[1].split("</ul>")[0]
    assert f"{word}:</span> <a href=" in sentenced
    assert shown(wife.full_name, language) in sentenced
    assert shown("Ахметов Ерлан", language) not in sentenced


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_an_unpublished_husband_is_never_named_on_his_wifes_page(client, status):
    husband, wife, son = make_family()
    husband.status = status
    husband.save()
    text = page(client, wife)
    assert "Касым" not in text and "Kasym" not in text and url(husband) not in text
    assert "Sentenced as a family member of a traitor to the Motherland." in case_sections(text)[0]
    assert "Husband" not in family_section(text)
    assert "Akhmetov Yerlan" in family_section(text)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_a_draft_relative_is_never_named_linked_or_counted(client, status):
    person = make_person(surname="Сейфуллин", given_name="Сакен", sex="m")
    draft = make_person(surname="Черновая", given_name="Гүлбаршын", sex="f", status=status)
    make_relationship(person, draft, "spouse")
    make_case(draft, sentence_kind="chsir", family_member_of=person)
    text = page(client, person)
    assert "Черновая" not in text and "Гүлбаршын" not in text
    assert 'class="family"' not in text and "family-picture" not in text
    assert "Сейфуллин" not in names(client, "?with_relatives=on")
    assert "Черновая" not in names(client, "?with_relatives=on")


def test_a_draft_beside_a_published_relative_stays_out_of_the_section_and_picture(client):
    husband, wife, son = make_family()
    draft = make_person(surname="Черновой", given_name="Бауыржан", sex="m", status=Status.DRAFT)
    make_relationship(husband, draft, "parent")
    section = family_section(page(client, husband))
    assert "family-picture" in section
    assert "Черновой" not in section and "Бауыржан" not in section
    assert section.count('class="family-box"') == 2  # the wife and the son, not the draft


def test_the_family_picture_draws_generations_with_the_person_marked(client):
    husband, wife, son = make_family()
    father = make_person(surname="Ахметов", given_name="Омар", sex="m", birth_date="1870")
    sister = make_person(surname="Ахметова", given_name="Айша", sex="f", birth_date="1900")
    make_relationship(father, husband, "parent")
    make_relationship(husband, sister, "sibling")
    text = family_section(page(client, husband))
    picture = text[text.index("<figure") : text.index("</figure>")]
    assert "<figcaption" in picture
    # Brothers and sisters last: a line from them down to the children would make them theirs.
    order = ["Omar", "Akhmetov Kasym", "Zeynep", "Yerlan", "Aysha"]
    positions = [picture.index(name) for name in order]
    assert positions == sorted(positions)
    assert 'aria-current="page"' in picture.split("Akhmetov Kasym")[0].rsplit("<li", 1)[1]
    assert picture.count("<ul aria-labelledby=") == 4
    assert "<script" not in picture


def biography_queries(client, person):
    cache.clear()
    page_cache.reset()
    with CaptureQueriesContext(connection) as queries:
        page(client, person)
    return len(queries)


def test_the_biography_asks_as_many_queries_with_thirty_relatives_as_with_one(
    client, django_assert_num_queries
):
    person = make_person(surname="Байтұрсынұлы", given_name="Ахмет", sex="m", birth_date="1872")
    wife = make_person(surname="Байтұрсынова", given_name="Бадрисафа", sex="f")
    make_relationship(person, wife, "spouse", start="1895")
    make_case(wife, sentence_kind="chsir", family_member_of=person)
    make_case(person, arrest_date="1937", sentence_kind="death")
    first_child = make_person(surname="Ұлы", given_name="Бала", birth_date="1899")
    make_relationship(person, first_child, "parent")
    make_relationship(wife, first_child, "parent")
    biography_queries(client, person)  # the first request fills caches every later one reads
    with_one = biography_queries(client, person)
    for number in range(28):
        child = make_person(surname=f"Ұлы{number}", given_name="Бала", birth_date="1900")
        make_relationship(person, child, "parent")
        make_relationship(wife, child, "parent")
        make_case(child, sentence_kind="chsir", family_member_of=person)
    cache.clear()
    page_cache.reset()
    with django_assert_num_queries(with_one):
        text = page(client, person)
    assert text.count('class="family-box"') == 30


def test_the_names_list_filters_people_with_relatives(client):
    husband, wife, son = make_family()
    make_person(surname="Жалғыз", given_name="Асан")
    everyone = names(client)
    assert "Жалғыз" in everyone and "Ахметова" in everyone
    with_relatives = names(client, "?with_relatives=on")
    assert "Жалғыз" not in with_relatives
    assert all(name in with_relatives for name in ("Касым", "Зейнеп", "Ерлан"))


def test_the_filter_narrows_a_name_search(client):
    make_family()
    make_person(surname="Ахметов", given_name="Болат")
    assert "Болат" in names(client, "?q=Ахметов")
    found = names(client, "?q=Ахметов&with_relatives=on")
    assert "Болат" not in found and "Касым" in found and "Ерлан" in found
    assert "Болат" in names(client, "?q=Ахметов&with_relatives=")


@pytest.mark.parametrize(
    "value", ["abc", "", "0", "false", "1" * 500, "%00", "[]", "on&with_relatives=off"]
)
def test_odd_values_of_the_filter_never_break_the_list(client, value):
    make_family()
    assert client.get(f"/en/people/?with_relatives={value}").status_code == 200
    assert client.get(f"/en/people/?q=Ахметов&with_relatives={value}").status_code == 200


def django_messages(path):
    """(context, message) of each message makemessages finds in a Python file."""
    keywords = {"gettext": None, "gettext_lazy": None, "pgettext": ((1, "c"), 2)}
    keywords["pgettext_lazy"] = keywords["pgettext"]
    with open(path, "rb") as source:
        found = extract("python", source, keywords=keywords)
        return {(context, message) for _line, message, _notes, context in found}


@pytest.mark.parametrize("sex", ["man", "woman", "person"])
def test_a_family_member_sentence_is_in_the_messages_makemessages_keeps(sex):
    found = django_messages(Path(family_page.__file__))
    unnamed = "Sentenced as a family member of a traitor to the Motherland."
    named = "Sentenced as the {own_word} of {name}, a family member of a traitor to the Motherland."
    assert (f"sentenced {sex}", unnamed) in found
    assert (f"sentenced {sex}", named) in found


def picture_of(text):
    return text[text.index("<figure") : text.index("</figure>")]


def box_of(picture, name):
    start = picture.rindex("<li", 0, picture.index(name))
    return picture[start : picture.index("</li>", start)]


def two_wives(status_of_second=Status.PUBLISHED):
    """A man with two wives; a daughter by the first, a son whose mother no record names."""
    husband = make_person(surname="Сейітқалиев", given_name="Жұмабек", sex="m")
    first = make_person(surname="Сейітқалиева", given_name="Бибіжамал", sex="f")
    second = make_person(
        surname="Құлмұхамедова", given_name="Гүлсім", sex="f", status=status_of_second
    )
    daughter = make_person(surname="Сейітқалиева", given_name="Айгерім", sex="f")
    son = make_person(surname="Сейітқалиев", given_name="Нұрсұлтан", sex="m")
    make_relationship(husband, first, "spouse", start="1920")
    make_relationship(husband, second, "spouse", start="1928")
    for child in (daughter, son):
        make_relationship(husband, child, "parent", start="1926")
    make_relationship(first, daughter, "parent")
    return husband, first, second, daughter, son


def test_the_picture_names_a_childs_other_parent_only_where_the_records_do(client):
    husband, first, second, daughter, son = two_wives()
    picture = picture_of(family_section(page(client, husband)))
    assert "Mother: Seyitqaliyeva Bibizhamal" in box_of(picture, "Aygerim")
    assert "Mother" not in box_of(picture, "Nursultan")
    # The children hang from a bar under the person and both wives, not from one wife.
    own_row = picture[picture.index('class="family-row family-row-spouse') :]
    assert own_row.startswith('class="family-row family-row-spouse family-row-holds-children"')
    assert picture.index("Gulsim") < picture.index("Aygerim")


def test_an_unpublished_wife_is_never_named_as_a_childs_mother(client):
    husband, first, second, daughter, son = two_wives(status_of_second=Status.DRAFT)
    make_relationship(second, son, "parent")
    text = page(client, husband)
    assert "Гүлсім" not in text and "Gulsim" not in text
    assert "Mother" not in box_of(picture_of(text), "Nursultan")


def test_the_picture_and_list_link_each_relative_once(client):
    husband, *_others = two_wives()
    section = family_section(page(client, husband))
    assert "<a " not in picture_of(section)  # the picture is text: one tab stop per relative
    for name in ("Bibizhamal", "Gulsim", "Aygerim", "Nursultan"):
        assert section.count(f"{name}</a>") == 1
    assert '<span class="family-box-name">Seyitqaliyeva Bibizhamal</span>' in picture_of(section)


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "The person and their spouse<", "The person and their spouses<"),
        ("ru", "Этот человек и супруг(а)<", "Этот человек и супруги<"),
        ("kk", "Өзі және жұбайы<", "Өзі және жұбайлары<"),
    ],
)
def test_the_own_row_says_spouse_or_spouses_by_their_number(client, language, one, two):
    husband, *_rest = make_family()
    assert one in picture_of(page(client, husband, language))
    husband, *_others = two_wives()
    assert two in picture_of(page(client, husband, language))


def test_only_a_marriage_and_an_other_tie_show_their_dates(client):
    husband, first, second, daughter, son = two_wives()
    sister = make_person(surname="Сейітқалиева", given_name="Зәуре", sex="f")
    make_relationship(husband, sister, "sibling", start="1905")
    list_part = family_section(page(client, husband)).split("<figure")[0]
    assert "married 1920" in list_part and "married 1928" in list_part
    assert "1926" not in list_part and "1905" not in list_part
    assert "from " not in list_part


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_archivists_words_for_an_other_relative_begin_with_a_capital(client, language):
    nephew = make_person(surname="Тоқтаров", given_name="Әлихан", sex="m")
    uncle = make_person(surname="Тоқтаров", given_name="Мұхтар", sex="m")
    make_relationship(uncle, nephew, "other", first_is="көкесі", second_is="інісінің ұлы")
    section = family_section(page(client, nephew, language))
    assert "Көкесі:</span>" in section and "көкесі" not in section
    assert '<span class="family-box-word">Көкесі</span>' not in section  # no row for "other"
    assert "Інісінің ұлы:</span>" in family_section(page(client, uncle, language))


def test_the_older_gedcom_link_says_what_it_downloads(client):
    husband, *_rest = make_family()
    section = family_section(page(client, husband))
    assert "Download the family (GEDCOM 5.5.1, for older programs)</a>" in section


def test_a_long_name_wraps_between_words_and_by_syllables_not_anywhere():
    css = (Path(__file__).parents[1] / "static/css/site.css").read_text()
    box = css[css.index(".family-box {") :].split("}")[0]
    assert "overflow-wrap: break-word" in box and "hyphens: auto" in box
    assert "anywhere" not in box


def test_only_the_first_spouse_is_joined_to_the_person_by_a_line():
    # A line from box to box would join a second wife to the first, and on a phone, where
    # the second wraps to a line of her own, point at nothing.
    css = (Path(__file__).parents[1] / "static/css/site.css").read_text()
    assert ".family-row-spouse .family-box + .family-box::before" not in css
    assert ".family-row-spouse .family-self + .family-box::before" in css


def test_a_relative_born_in_a_known_decade_shows_the_decade(client):
    husband, wife, _son = make_family()
    wife.birth_date = "1900-е"
    wife.save()
    assert "1900-е годы–?" in family_section(page(client, husband, "ru"))
