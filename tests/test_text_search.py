"""The site search inside the texts: biographies, histories, stories, pages, testimony and
captions, on PostgreSQL's full-text search and on SQLite's fallback; and the names of
camps, sites, deportations and peoples found with the names list's matcher."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection

from memorial.base import full_text
from memorial.base.models import Status
from memorial.site.text_search import SOURCES, Terms, scan
from tests.factories import (
    make_burial_site,
    make_camp,
    make_case,
    make_deportation,
    make_media,
    make_people,
    make_person,
    make_published_testimony,
    make_site_page,
    make_story,
)

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL"
)


def search(client, query, language="en"):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def section(page, kind):
    """The HTML of one section of text results, or "" when there is none."""
    found = re.search(rf'<section aria-labelledby="texts-{kind}".*?</section>', page, re.S)
    return found[0] if found else ""


def test_a_word_only_in_a_story_finds_the_story_with_the_word_marked(client):
    make_story(
        slug="letters",
        title_en="Letters home",
        body_en="<p>Her grandmother kept every <b>letter</b> he sent from Dolinka.</p>",
    )
    make_story(slug="other", title_en="Another story")
    found = section(search(client, "Dolinka"), "story")
    assert 'href="/en/stories/letters/"' in found and "Letters home" in found
    assert "<mark>Dolinka</mark>" in found
    assert "Another story" not in found
    # The text is HTML: the excerpt shows its words, never its tags.
    assert "<b>" not in found and "letter he sent" in found


def test_biographies_histories_and_pages_are_found_in_each_language(client):
    person = make_person(
        surname="Сейфуллин", biography_kk="<p>Ақын Көкшетау түрмесінде отырды.</p>"
    )
    make_camp(name="Steplag", description_ru="<p>Лагерь в Джезказгане, восстание 1954 года.</p>")
    make_burial_site(description_en="<p>A mass grave near the railway.</p>")
    make_deportation(description_en="<p>Families were sent by train in October.</p>")
    make_people(description_ru="<p>Переселены из Поволжья.</p>")
    make_site_page(slug="about-us", body_en="<p>The archive opens on Tuesdays.</p>")
    assert f"/kk/people/{person.pk}/" in section(search(client, "түрмесінде", "kk"), "biography")
    assert "Steplag" in section(search(client, "Джезказгане"), "camp")
    assert "mass <mark>grave</mark>" in section(search(client, "grave"), "burial_site")
    assert "<mark>train</mark>" in section(search(client, "train"), "deportation")
    assert "Поволжья" in section(search(client, "Поволжья"), "people")
    assert "/en/about-us/" in section(search(client, "Tuesdays"), "page")


def test_sqlite_and_postgresql_find_a_word_in_any_letter_case(client):
    make_camp(name="Alzhir", description_ru="<p>АКМОЛИНСКИЙ лагерь жён.</p>")
    assert "Alzhir" in section(search(client, "акмолинский"), "camp")


@on_postgresql
def test_russian_words_are_found_in_another_case_form(client):
    make_camp(name="Karlag", description_ru="<p>Заключённые строили дороги в степи.</p>")
    found = section(search(client, "дорога"), "camp")
    assert "Karlag" in found and "<mark>дороги</mark>" in found


def test_published_testimony_is_found_and_nothing_private_is(client):
    moderator = User.objects.create_user("moderator", "m@example.kz", "pw", is_staff=True)
    person = make_person(surname="Сапаров")
    make_published_testimony(person, moderator, story="He wrote letters from Spassk.")
    found = section(search(client, "Spassk"), "testimony")
    assert person.get_absolute_url() + "#testimonies-heading" in found
    for private in ("PRIVATE-SUBMITTER", "aigerim", "granddaughter", "PRIVATE-MODERATOR-NOTE"):
        assert "texts-" not in search(client, private)
    withdrawn = make_person(surname="Другой")
    testimony = make_published_testimony(withdrawn, moderator, story="Only Balkhash knew.")
    testimony.story_withdrawn_at = testimony.story_published_at
    testimony.save()
    assert section(search(client, "Balkhash"), "testimony") == ""


def test_unpublished_records_are_never_found(client):
    make_person(surname="Draftov", status=Status.DRAFT, biography_en="<p>Zeravshan</p>")
    make_camp(status=Status.REVIEW, description_en="<p>Zeravshan valley</p>")
    make_story(status=Status.DRAFT, body_en="<p>Zeravshan</p>")
    make_site_page(status=Status.DRAFT, body_en="<p>Zeravshan</p>")
    draft = make_person(status=Status.DRAFT)
    make_media(draft, caption_en="Zeravshan, 1931")
    page = search(client, "Zeravshan")
    assert "texts-" not in page and "No biography, history, story or page" in page


def test_captions_of_published_records_are_found(client):
    camp = make_camp(name="Karlag")
    make_media(camp, caption_en="The Dolinka headquarters, 1936")
    found = section(search(client, "headquarters"), "caption")
    assert camp.get_absolute_url() in found and "<mark>headquarters</mark>" in found


def test_a_caption_is_titled_with_the_name_the_page_shows(client):
    person = make_person(surname="Сейфуллин", given_name="Сәкен")
    make_media(person, caption_en="At the Akmolinsk station, 1936")
    found = section(search(client, "Akmolinsk"), "caption")
    # On /en/ a name recorded in Cyrillic is shown in Latin letters, as on the biography.
    assert ">Seyfullin Saken</a>" in found and "Сейфуллин" not in found
    camp = make_camp(name="Karlag")
    make_media(camp, caption_en="Akmolinsk road")
    assert ">Karlag</a>" in section(search(client, "Akmolinsk"), "caption")


def test_the_mark_stays_on_the_word_after_letters_lower_case_lengthens(client):
    # "İ".lower() is two characters: positions found on it would shift the mark.
    make_story(body_en="<p>İİİ Dolinka letters</p>")
    found = section(search(client, "Dolinka"), "story")
    assert "İİİ <mark>Dolinka</mark> letters" in found


def test_exactly_as_many_texts_as_are_ranked_are_not_more_than_that(client, monkeypatch):
    monkeypatch.setattr(full_text, "RANKED_AT_MOST", 3)
    for _index in range(3):
        make_story(body_en="<p>Ekibastuz</p>")
    page = section(search(client, "Ekibastuz"), "story")
    assert "more than" not in page
    make_story(body_en="<p>Ekibastuz</p>")
    assert "The best shown of more than 3 texts found" in section(
        search(client, "Ekibastuz"), "story"
    )
    assert "3-нан астам мәтін табылды" in section(search(client, "Ekibastuz", "kk"), "story")


def test_nothing_found_is_said_in_good_russian(client):
    page = search(client, "Зеравшан", "ru")
    assert "Ни в одной биографии, истории, рассказе или на странице нет этих слов." in page


def test_the_excerpt_escapes_what_the_text_holds(client):
    make_story(body_en="<p>Marked &lt;script&gt;alert(1)&lt;/script&gt; Tselinograd</p>")
    found = section(search(client, "Tselinograd"), "story")
    assert "<script>" not in found and "&lt;script&gt;" in found


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "-", "&", "a:*", "!!(", "'; drop table", "x" * 5000, "\u202e\u0000ж",
     "or", "-or -", '"" & | !', "Карлаг:* & !лагерь"],
)  # fmt: skip
def test_any_query_answers(client, query):
    make_story(body_en="<p>Karlag and Dolinka.</p>")
    search(client, query)


def test_text_results_cost_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    """Texts of every kind and people named as the query, with what their cards say:
    the page costs as many queries with 30 of each as with 3."""

    def add(number):
        for index in range(number):
            person = make_person(
                surname=f"Тестов{index}", biography_ru="<p>Жил в Семипалатинске.</p>"
            )
            make_media(person, caption_ru="Семипалатинск, 1930")
            make_story(body_ru="<p>Семипалатинск</p>")
            make_camp(description_ru="<p>Лагерь под Семипалатинском</p>")
            namesake = make_person(
                surname="Семипалатинск", given_name=f"Иван{index}", birth_place="Аягоз"
            )
            make_case(namesake, arrest_date="1937-09-12", sentence_kind="death")

    add(3)
    with django_assert_max_num_queries(40) as few:
        search(client, "Семипалатинск")
    add(27)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        page = search(client, "Семипалатинск")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("<mark>") >= 30
    people = re.search(r'<section aria-labelledby="people-results">.*?</section>', page, re.S)[0]
    assert people.count("Семипалатинск Иван") == 20 and "Аягоз" in people


def test_latin_finds_kazakh_and_russian_names_of_every_kind_of_record(client):
    make_camp(name="Алжир", place="Ақмола")
    make_burial_site(name="Жаңалық")
    make_deportation(title="Депортация в Акмолинскую область", origin="Акмола")
    make_people(name="Карлагские")
    page = search(client, "Akmola")
    assert "Алжир" in page and "Депортация в Акмолинскую" in page
    assert "Жаңалық" in search(client, "Zhanalyk")
    assert "Карлагские" in search(client, "Karlag")


def test_sqlite_and_postgresql_give_the_same_page(client):
    make_story(slug="one", title_en="Exile", body_en="<p>Sent to Karaganda in 1931.</p>")
    make_camp(name="Karlag", description_en="<p>Near Karaganda, from 1931.</p>")
    page = search(client, "Karaganda")
    assert 'id="texts-story"' in page and 'id="texts-camp"' in page
    assert page.index('id="camp-results"') < page.index('id="texts-camp"')
    assert section(page, "camp").count("<mark>Karaganda</mark>") == 1


@on_postgresql
@pytest.mark.parametrize("query", ["Karaganda", "Karaganda -camp", "camp or exile", "1931"])
def test_the_fallback_finds_what_postgresql_finds(query):
    make_story(slug="one", title_en="Exile", body_en="<p>Sent to Karaganda in 1931.</p>")
    make_camp(name="Karlag", description_en="<p>A camp near Karaganda, from 1931.</p>")
    make_camp(name="Steplag", description_ru="<p>Лагерь у Караганды.</p>")
    ranked = full_text.ranked_ids({source.kind: source.public() for source in SOURCES}, query, 10)
    for source in SOURCES:
        found, total = ranked[source.kind]
        scanned, scanned_total = scan(source, Terms.parse(query))
        assert {pk for pk, _ in found} == {pk for pk, _ in scanned}, source.kind
        assert total == scanned_total


def test_the_excerpt_is_the_passage_holding_most_of_the_words_asked(client):
    make_story(body_en="<p>Dolinka was a settlement. " + "Nothing. " * 60 + "Dolinka letters.</p>")
    found = section(search(client, "Dolinka letters"), "story")
    assert "<mark>Dolinka</mark> <mark>letters</mark>" in found
