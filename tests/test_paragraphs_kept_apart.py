"""Wherever an archivist's formatted text becomes plain text, its paragraphs stay apart:
"…in 1937.</p><p>Named among…" never reads "…in 1937.Named among…"."""

import csv
import gzip
import json
import re
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.utils import translation

from memorial.base.structured_data import summary
from memorial.site.text_search import Terms, excerpt, plain_text
from tests.factories import make_camp, make_deportation, make_person, make_story

pytestmark = pytest.mark.django_db

TEXT = "<p>He was arrested in 1937.</p><p>Named among the victims &amp; rehabilitated.</p>"
RUN_TOGETHER = "1937.Named"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def descriptions(data):
    """Every "description" in a JSON-LD block, however deep."""
    if isinstance(data, dict):
        found = [data["description"]] if "description" in data else []
        return found + [text for value in data.values() for text in descriptions(value)]
    if isinstance(data, list):
        return [text for value in data for text in descriptions(value)]
    return []


def page_json_ld(client, record):
    with translation.override("en"):
        url = record.get_absolute_url()
    page = client.get(url).content.decode()
    return json.loads(LD_JSON.search(page).group(1)), page


def test_a_summary_keeps_paragraphs_apart_unescaped():
    assert summary(TEXT) == ("He was arrested in 1937.\n\nNamed among the victims & rehabilitated.")
    assert summary(TEXT, paragraphs=False) == (
        "He was arrested in 1937. Named among the victims & rehabilitated."
    )


def test_a_long_summary_is_cut_at_a_word_and_says_so():
    cut = summary(TEXT, 40)
    assert cut == "He was arrested in 1937.\n\nNamed among…"
    assert len(cut) <= 40


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_person(surname="Сейфуллин", biography_en=TEXT),
        lambda: make_camp(name="Карлаг", description_en=TEXT),
        lambda: make_deportation(title="Deportation of Koreans, 1937", description_en=TEXT),
        lambda: make_story(body_en=TEXT, summary_en=""),
    ],
    ids=["person", "camp", "deportation", "story"],
)
def test_json_ld_descriptions_keep_paragraphs_apart(client, make):
    data, _page = page_json_ld(client, make())
    found = [text for text in descriptions(data) if "1937" in text]
    assert found == ["He was arrested in 1937.\n\nNamed among the victims & rehabilitated."]


def test_a_person_page_meta_description_keeps_paragraphs_apart_escaped_once(client):
    _data, page = page_json_ld(client, make_person(surname="Сейфуллин", biography_en=TEXT))
    expected = "He was arrested in 1937. Named among the victims &amp; rehabilitated."
    assert f'<meta name="description" content="{expected}">' in page
    assert f'<meta property="og:description" content="{expected}">' in page
    assert RUN_TOGETHER not in page


@pytest.mark.parametrize(("path", "tag"), [("feed", "description"), ("atom", "summary")])
def test_the_story_feeds_keep_paragraphs_apart(client, path, tag):
    make_story(body_en=TEXT, summary_en="")
    feed = ElementTree.fromstring(client.get(f"/en/stories/{path}/").content)
    (item,) = [element for element in feed.iter() if element.tag.endswith(("item", "entry"))]
    (description,) = [element.text for element in item if element.tag.endswith(tag)]
    # HTML, as feed readers read a description: each paragraph its own, escaped once.
    assert description == (
        "<p>He was arrested in 1937.</p>\n\n<p>Named among the victims &amp; rehabilitated.</p>"
    )


def test_the_search_excerpt_does_not_run_the_paragraphs_together():
    shown = excerpt([plain_text(TEXT)], Terms.parse("named"))
    assert "1937. <mark>Named</mark> among the victims &amp; rehabilitated." in shown
    assert RUN_TOGETHER not in plain_text(TEXT)


def test_the_search_page_shows_the_excerpt_with_paragraphs_apart(client):
    make_person(surname="Сейфуллин", biography_en=TEXT)
    page = client.get("/en/search/", {"q": "rehabilitated"}).content.decode()
    assert "1937. Named among the victims &amp; <mark>rehabilitated</mark>." in page


def test_the_downloads_keep_the_formatted_text_with_its_paragraphs(settings, tmp_path):
    """The downloads hold the API's formatted text (safe HTML, as the data dictionary says),
    so each paragraph stays its own element: nothing is flattened."""
    settings.OPEN_DATA_ROOT = tmp_path
    make_person(surname="Сейфуллин", biography_en=TEXT)
    call_command("export_open_data", stdout=StringIO(), base_url="https://memorial.example")
    with gzip.open(tmp_path / "people.csv.gz", "rt", encoding="utf-8", newline="") as file:
        (row,) = csv.DictReader(file)
    with gzip.open(tmp_path / "people.jsonl.gz", "rt", encoding="utf-8") as file:
        (line,) = [json.loads(text) for text in file]
    assert row["biography_en"] == TEXT
    assert line["biography"]["en"] == TEXT
