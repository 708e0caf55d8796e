"""Dates read in each language's own order and forms: Kazakh "2016 жылғы 31 мамыр", Russian
"31 мая 2016 г.", English as the English pages have always shown them ("May 31, 2016"), on
the pages, in the citations, and for the partial dates of the records."""

import datetime
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from memorial.base.dates import PartialDate
from memorial.opendata.api.citations import plain_citation
from tests.factories import make_person, make_story

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
KAZAKH_MONTHS = (
    "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан"
).split()
RUSSIAN_MONTHS_ON_A_DAY = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()
ENGLISH_MONTHS_ON_A_DAY = (
    "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.".split()
)  # Django's English "N": AP style abbreviations


def written(day, language):
    """A day as a reader of each language writes it, spelt out here independently."""
    if language == "kk":
        return f"{day.year} жылғы {day.day} {KAZAKH_MONTHS[day.month - 1]}"
    if language == "ru":
        return f"{day.day} {RUSSIAN_MONTHS_ON_A_DAY[day.month - 1]} {day.year} г."
    return f"{ENGLISH_MONTHS_ON_A_DAY[day.month - 1]} {day.day}, {day.year}"


def test_written_spells_the_three_languages_as_the_issue_asks():
    day = datetime.date(2016, 5, 31)
    assert [written(day, code) for code in ("kk", "ru", "en")] == [
        "2016 жылғы 31 мамыр",
        "31 мая 2016 г.",
        "May 31, 2016",
    ]


@pytest.mark.parametrize(
    ("language", "formats"),
    [
        (
            "kk",
            {
                "DATE_FORMAT": "2016 жылғы 31 мамыр",
                "SHORT_DATE_FORMAT": "31.05.2016",
                "MONTH_DAY_FORMAT": "31 мамыр",
                "YEAR_MONTH_FORMAT": "2016 жылғы мамыр",
                "DATETIME_FORMAT": "2016 жылғы 31 мамыр, 14:05",
            },
        ),
        (
            "ru",
            {
                "DATE_FORMAT": "31 мая 2016 г.",
                "SHORT_DATE_FORMAT": "31.05.2016",
                "MONTH_DAY_FORMAT": "31 мая",
                "DATETIME_FORMAT": "31 мая 2016 г. 14:05",
            },
        ),
        (
            "en",
            {
                "DATE_FORMAT": "May 31, 2016",
                "MONTH_DAY_FORMAT": "May 31",
                "YEAR_MONTH_FORMAT": "May 2016",
                "DATETIME_FORMAT": "May 31, 2016, 2:05 p.m.",
            },
        ),
    ],
)
def test_each_language_formats_dates_in_its_own_order(language, formats):
    moment = datetime.datetime(2016, 5, 31, 14, 5)
    with translation.override(language):
        assert {name: date_format(moment, name) for name in formats} == formats


def test_a_kazakh_month_is_lower_case_inside_a_date_for_every_month():
    with translation.override("kk"):
        for month in range(1, 13):
            day = datetime.date(1937, month, 5)
            assert date_format(day, "DATE_FORMAT") == written(day, "kk")


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_story_page_dates_the_story_in_the_page_language(client, language):
    story = make_story(
        title_kk="Әңгіме",
        title_ru="История",
        publish_at=datetime.datetime(2016, 5, 31, 12, 0, tzinfo=ALMATY),
    )
    with translation.override(language):
        url = story.get_absolute_url()
    page = client.get(url).content.decode()
    assert f">{written(story.publish_at, language)}</time>" in page
    assert "Мамыр 31" not in page


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_citation_on_a_page_gives_the_day_it_was_read_in_the_page_language(client, language):
    story = make_story(title_kk="Әңгіме", title_ru="История")
    with translation.override(language):
        url = story.get_absolute_url()
    page = client.get(url).content.decode()
    accessed = {"kk": "қаралған күні: ", "ru": "дата обращения: ", "en": "accessed "}[language]
    assert f"({accessed}{written(timezone.localdate(), language)})." in page


@pytest.mark.parametrize(
    ("language", "accessed"),
    [
        ("kk", "(қаралған күні: 2016 жылғы 31 мамыр)."),
        ("ru", "(дата обращения: 31 мая 2016 г.)."),
        ("en", "(accessed May 31, 2016)."),
    ],
)
def test_a_plain_citation_dates_the_access_in_its_language(language, accessed):
    story = make_story(title_kk="Әңгіме", title_ru="История")
    with translation.override(language):
        citation = plain_citation(
            story, lambda path: f"https://memorial.example{path}", datetime.date(2016, 5, 31)
        )
    assert citation.endswith(accessed)


@pytest.mark.parametrize(
    ("stored", "kazakh", "russian", "english"),
    [
        ("1937-09-05", "1937 жылғы 5 қыркүйек", "5 сентября 1937 г.", "Sept. 5, 1937"),
        ("1938-03", "1938 жылғы наурыз", "март 1938 г.", "March 1938"),
        ("1937-23", "1937 жылдың күзі", "осень 1937 г.", "autumn 1937"),
        ("1890~", "шамамен 1890", "ок. 1890", "c. 1890"),
    ],
)
def test_a_person_page_shows_partial_dates_in_the_order_of_the_full_ones(
    client, stored, kazakh, russian, english
):
    person = make_person(surname="Сейфуллин", birth_date=stored, death_date="1938-02-25")
    for language, shown in (("kk", kazakh), ("ru", russian), ("en", english)):
        with translation.override(language):
            url = person.get_absolute_url()
            died = written(datetime.date(1938, 2, 25), language)
        page = client.get(url).content.decode()
        life = re.search(r'<p class="life-dates">(.*?)</p>', page).group(1)
        assert life == f"{shown} – {died}", language


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_partial_day_reads_like_the_full_date_of_the_same_day(language):
    day = datetime.date(1937, 9, 5)
    with translation.override(language):
        full = date_format(day, "DATE_FORMAT")
        partial = PartialDate.parse("1937-09-05").display()
    assert partial == full == written(day, language)


@pytest.mark.parametrize(
    "stored",
    ["1938-03", "1937-09-05", "1937-23", "1938-05~", "1937-09/1938-03", "1937-23/1938-21"],
)
def test_what_a_date_reads_as_can_be_typed_back_in_every_language(stored):
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            shown = PartialDate.parse(stored).display()
        assert str(PartialDate.parse(shown)) == stored, shown


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_open_data_page_dates_the_downloads_in_the_page_language(
    client, settings, tmp_path, language
):
    settings.OPEN_DATA_ROOT = tmp_path
    make_person(surname="Сейфуллин")
    call_command("export_open_data", stdout=StringIO(), base_url="https://memorial.example")
    with translation.override(language):
        url = reverse("open_data")
    page = client.get(url).content.decode()
    as_of = {"kk": "{} күнгі барлық", "ru": "Все опубликованные записи на {},", "en": "as of {},"}
    assert as_of[language].format(written(timezone.localdate(), language)) in page


@pytest.mark.parametrize(
    ("language", "written"), [("kk", "204\xa0080"), ("ru", "204\xa0080"), ("en", "204,080")]
)
def test_large_numbers_are_grouped_as_each_language_writes_them(language, written):
    with translation.override(language):
        assert intcomma(204080) == written
