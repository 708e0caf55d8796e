"""An editor writes a story in Russian, adds its Kazakh version, features a person and a camp,
schedules it, and it appears at the set time on the home page, in the feed and on those
pages; a biography with only a Russian text is shown on the English page with a note."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from camps.models import Camp
from memorial.base.roles import EDITOR
from memorial.pages.models import Story
from people.models import Person
from tests.browser.conftest import run_axe, save_screenshot

pytestmark = pytest.mark.browser

TITLE_RU = "Выставка «АЛЖИР: память о матерях»"
TITLE_KK = "«АЛЖИР: аналар жады» көрмесі"


@pytest.fixture
def editor(transactional_db):
    user = User.objects.create_user(
        "editor", "editor@example.kz", "a-long-password-1997", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def choose(page, field, typed, option):
    """Pick a record in one of the admin's autocomplete boxes, as an editor does."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").last.fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()
    page.locator("#content h1").click()  # done with the box


def write(page, field, text):
    """Type a paragraph into a formatted text's rich-text editor."""
    page.locator(f".field-{field} .prose-editor > .ProseMirror").click()
    page.keyboard.type(text)


def test_an_editor_schedules_a_story_that_appears_at_its_time(page, demo, editor, browser):
    person = Person.objects.get(surname="Seifullin")
    karlag = Camp.objects.get(slug="karlag")
    page.goto(page.base_url + "/admin/login/?next=/admin/pages/story/add/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-password-1997")
    page.get_by_role("button", name="Log in").click()

    page.locator("#id_kind").select_option("exhibition")
    page.get_by_label("Title (Russian)").fill(TITLE_RU)
    page.get_by_label("Summary (Russian)").fill("Письма и вещи узниц Акмолинского лагеря.")
    write(page, "body_ru", "Восемнадцать тысяч женщин прошли через АЛЖИР.")
    # The Kazakh version, added to the same story.
    page.get_by_label("Title (Kazakh)").fill(TITLE_KK)
    write(page, "body_kk", "АЛЖИР арқылы он сегіз мың әйел өтті.")
    choose(page, "featured_people", "Seifullin", "Seifullin")
    choose(page, "featured_camps", "Karlag", "Karlag")
    page.get_by_label("Publication status").select_option("published")
    appears_at = timezone.localtime(timezone.now() + timedelta(seconds=25))
    page.locator("#id_publish_at_0").fill(appears_at.strftime("%Y-%m-%d"))
    page.locator("#id_publish_at_1").fill(appears_at.strftime("%H:%M:%S"))
    save_screenshot(page, "editor-story-form")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/pages/story/")
    assert page.locator(".messagelist .success").count() == 1
    story = Story.objects.get(title_ru=TITLE_RU)
    assert story.slug.startswith("vystavka-alzhir")  # made from the Russian title
    assert list(story.featured_people.all()) == [person]
    assert list(story.featured_camps.all()) == [karlag]

    visitor_context = browser.new_context()
    visitor = visitor_context.new_page()
    base = page.base_url
    visitor.goto(base + "/ru/")
    assert TITLE_RU not in visitor.content()  # not before its time
    assert visitor.goto(base + f"/ru/stories/{story.slug}/").status == 404

    deadline = timezone.now() + timedelta(seconds=60)
    while TITLE_RU not in visitor.content():
        assert timezone.now() < deadline, "the story did not appear at its time"
        visitor.wait_for_timeout(1000)
        visitor.goto(base + "/ru/")
    assert timezone.now() >= appears_at - timedelta(seconds=1)

    visitor.goto(base + "/kk/")
    assert TITLE_KK in visitor.content()
    feed = visitor.goto(base + "/ru/stories/feed/").text()
    assert TITLE_RU in feed
    address = person.get_absolute_url().split("/", 2)[2]
    visitor.goto(f"{base}/ru/{address}")
    assert TITLE_RU in visitor.locator("#stories-heading + ul").inner_text()
    visitor.goto(f"{base}/ru/camps/{karlag.slug}/")
    assert TITLE_RU in visitor.locator("#stories-heading + ul").inner_text()
    visitor.goto(base + f"/ru/stories/{story.slug}/")
    assert visitor.get_by_role("heading", level=1).inner_text() == TITLE_RU
    assert run_axe(visitor) == []
    save_screenshot(visitor, "story-published")
    visitor_context.close()
    assert page.csp_violations == []


def test_a_russian_only_biography_is_shown_on_the_english_page_with_a_note(page, demo):
    person = Person.objects.get(surname="Seifullin")
    person.biography_en = ""
    person.biography_ru = "<p>Поэт, основатель казахской советской литературы.</p>"
    person.save()
    address = person.get_absolute_url().split("/", 2)[2]
    page.goto(f"{page.base_url}/en/{address}")
    note = page.locator(".translation-note")
    assert note.inner_text() == (
        "Not yet translated into English. Shown in the language it was written in: Russian."
    )
    assert page.locator('.narrative [lang="ru"]').inner_text().startswith("Поэт")
    assert run_axe(page) == []
    save_screenshot(page, "biography-translation-note")
