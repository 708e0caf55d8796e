"""Editors' pages and stories: published at their time, featured where they belong, in the
feeds, the sitemap and the menu."""

from datetime import timedelta

import pytest
from django.utils import timezone

from memorial.base import page_cache
from memorial.pages.models import HomePage, Story
from tests.factories import make_camp, make_person, make_site_page, make_story

pytestmark = pytest.mark.django_db


def later(**delta):
    return timezone.now() + timedelta(**delta)


def test_a_draft_or_scheduled_story_is_nowhere_public(client):
    person = make_person()
    make_story(slug="draft", status="draft", people=[person])
    make_story(slug="scheduled", publish_at=later(hours=1), people=[person])
    for url in ["/en/stories/draft/", "/en/stories/scheduled/"]:
        assert client.get(url).status_code == 404, url
    for url in ["/en/", "/en/stories/", "/en/stories/atom/", person.get_absolute_url()]:
        text = client.get(url).content.decode()
        assert "/en/stories/draft/" not in text and "/en/stories/scheduled/" not in text, url


def test_a_scheduled_story_appears_at_its_time_even_on_cached_pages(
    client, settings, time_machine, version_reread_on_every_request
):
    settings.PUBLIC_CACHE_SECONDS = 3600  # the pages read before are still in the cache
    time_machine.move_to(timezone.now(), tick=False)
    person = make_person()
    camp = make_camp()
    story = make_story(slug="alzhir", publish_at=later(minutes=30), people=[person], camps=[camp])
    urls = ["/en/", "/en/stories/", person.get_absolute_url(), camp.get_absolute_url()]
    for url in urls:
        assert "/en/stories/alzhir/" not in client.get(url).content.decode(), url

    time_machine.shift(timedelta(minutes=40))
    for url in urls:
        assert "/en/stories/alzhir/" in client.get(url).content.decode(), url
    feed = client.get("/en/stories/atom/").content.decode()
    assert story.title_en in feed and "/en/stories/alzhir/" in feed


def test_the_story_shows_its_people_camps_and_only_published_ones(client):
    shown, hidden = make_person(surname="Шмидт"), make_person(surname="Тайный", status="draft")
    story = make_story(people=[shown, hidden], camps=[make_camp(name="ALZHIR")])
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Шмидт" in page and "ALZHIR" in page
    assert "Тайный" not in page


def test_feeds_are_in_the_language_of_their_address(client):
    make_story(title_ru="Выставка об АЛЖИРе", title_en="An exhibition on ALZHIR")
    assert "Выставка об АЛЖИРе" in client.get("/ru/stories/feed/").content.decode()
    atom = client.get("/en/stories/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "An exhibition on ALZHIR" in atom.content.decode()


def test_stories_and_pages_are_in_the_sitemap_with_their_language_versions(client):
    story = make_story(slug="alzhir")
    make_site_page(slug="about")
    make_story(slug="not-yet", publish_at=later(days=1))
    index = client.get("/sitemap.xml").content.decode()
    sections = [part.split("</loc>")[0] for part in index.split("<loc>")[1:]]
    text = "".join(
        client.get(address.split("testserver")[-1]).content.decode() for address in sections
    )
    assert "/en/stories/alzhir/" in text and "/kk/stories/alzhir/" in text
    assert 'hreflang="ru" href="http://testserver/ru/stories/alzhir/"' in text
    assert "/en/about/" in text
    assert "not-yet" not in text
    assert story.get_absolute_url() == "/en/stories/alzhir/"


def test_menu_and_footer_links_follow_the_editors_order(client):
    make_site_page(slug="contacts", title_en="Contacts", place="footer", position=2)
    make_site_page(slug="privacy", title_en="Privacy", place="footer", position=1)
    make_site_page(slug="about", title_en="About", place="menu")
    make_site_page(slug="hidden", title_en="Hidden", place="footer", status="draft")
    page = client.get("/en/").content.decode()
    footer = page.split('class="site-footer"')[1]
    assert footer.index("Privacy") < footer.index("Contacts")
    assert "Hidden" not in page
    assert '<a href="/en/about/">About</a>' in page.split('class="site-footer"')[0]


def test_a_page_only_in_russian_shows_it_with_a_note_in_kazakh(client):
    make_site_page(slug="day-of-remembrance", title_en="", title_ru="День памяти",
                   body_en="", body_ru="<p>31 мая.</p>")  # fmt: skip
    page = client.get("/kk/day-of-remembrance/").content.decode()
    assert '<h1 lang="ru">День памяти</h1>' in page
    assert 'class="translation-note"' in page and '<div lang="ru"><p>31 мая.</p></div>' in page


def test_the_home_page_shows_what_editors_chose(client):
    chosen = make_person(surname="Байтурсынов")
    make_person(surname="Другой", is_featured=True)
    story = make_story(title_en="Chosen story")
    make_story(title_en="Newer story", publish_at=later(seconds=-1))
    home = HomePage.load()
    home.intro_en = "<p>Editors' introduction.</p>"
    home.featured_story = story
    home.save()
    home.featured_people.set([chosen])
    page = client.get("/en/").content.decode()
    assert "Editors' introduction." in page
    assert "Chosen story" in page and "Newer story" not in page
    featured = page.split('id="featured-heading"')[1].split("</section>")[0]
    assert "Байтурсынов" in featured and "Другой" not in featured


def test_odd_story_list_parameters_are_ignored(client):
    make_story()
    for query in ["?kind=<script>", "?kind=news&page=999", "?page=x"]:
        assert client.get(f"/en/stories/{query}").status_code in (200, 404), query


def test_saving_a_story_schedules_cached_pages_to_follow(client):
    story = make_story(publish_at=later(hours=2))
    due = page_cache.cache.get(page_cache.DUE_KEY)
    assert abs(due - story.publish_at.timestamp()) < 1
    Story.objects.filter(pk=story.pk).delete()


def test_a_page_cannot_take_an_address_another_part_of_the_site_uses(admin_client):
    response = admin_client.post(
        "/admin/pages/page/add/",
        {"slug": "stories", "title_en": "Stories", "status": "published", "position": "0"},
    )
    assert response.status_code == 200
    assert "This address belongs to another part of the site" in response.content.decode()


def test_a_scheduled_storys_images_are_not_served_before_its_time(client):
    from tests.factories import make_media

    story = make_story(publish_at=later(hours=1))
    image = make_media(story)
    assert client.get(image.image.url).status_code == 404
    Story.objects.filter(pk=story.pk).update(publish_at=later(seconds=-1))
    assert client.get(image.image.url).status_code == 200
