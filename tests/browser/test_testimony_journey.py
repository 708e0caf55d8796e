"""A family's testimony, from the form through the moderators' queue to the biography and
back off it again, in a real browser."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from memorial.base.roles import MODERATOR
from people.models import Person, Testimony
from tests.browser.conftest import run_axe, save_screenshot
from tests.factories import jpeg_with_gps

pytestmark = pytest.mark.browser


@pytest.fixture
def moderator(transactional_db):
    user = User.objects.create_user(
        "moderator", "mod@example.kz", "a-long-password-1937", is_staff=True
    )
    user.groups.add(Group.objects.get(name=MODERATOR))
    return user


def test_testimony_from_form_to_biography_and_withdrawn(page, demo, moderator, settings):
    settings.TESTIMONY_MIN_SECONDS = 0
    person = Person.objects.get(surname="Seifullin")
    page.goto(page.base_url + person.get_absolute_url())
    page.get_by_role("link", name="Send information about this person").click()
    assert "About: Seifullin Saken" in page.locator(".about-person").inner_text()
    assert run_axe(page) == []

    page.get_by_label("Your name").fill("Айгерім Сапарова")
    page.get_by_label("Your relation to the person").fill("great-granddaughter")
    page.get_by_label("Email").fill("aigerim@example.kz")
    page.get_by_label("The person’s name").fill("Сейфуллин Сәкен")
    page.get_by_role("textbox", name="The story").fill(
        "Our family kept his poems <and> his letters."
    )
    photo = jpeg_with_gps()
    page.get_by_label("Photos and documents").set_input_files(
        files=[{"name": "letters.jpg", "mimeType": "image/jpeg", "buffer": photo.read()}]
    )
    page.get_by_role("button", name="Send").click()
    # The consent was forgotten: the form says so and keeps everything, the photo included.
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_role("textbox", name="The story").input_value().startswith("Our family kept")
    assert page.get_by_label("letters.jpg").is_checked()
    save_screenshot(page, "testimony-form-error")
    page.get_by_label("I agree that the portal stores and processes what I send").check()
    page.get_by_label("The story and photos may be published on the portal").check()
    page.get_by_role("button", name="Send").click()
    reference = page.locator(".reference").inner_text()
    testimony = Testimony.objects.get(reference=reference)
    assert testimony.person == person and testimony.attachments.count() == 1

    page.goto(page.base_url + "/admin/login/?next=/admin/people/testimony/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("a-long-password-1937")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=reference).click()
    page.get_by_label("Status").select_option("in_review")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(f"input[name=_selected_action][value='{testimony.pk}']").check()
    page.locator("select[name=action]").select_option("publish_story")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("1 story published.")

    visitor = page.context.browser.new_page()
    visitor.goto(page.base_url + person.get_absolute_url())
    story = visitor.locator(".testimonies")
    assert "Our family kept his poems <and> his letters." in story.inner_text()
    assert "great-granddaughter" in story.inner_text()
    assert "aigerim@example.kz" not in visitor.content()
    save_screenshot(visitor, "biography-with-testimony")

    page.goto(page.base_url + "/admin/people/testimony/")
    page.locator(f"input[name=_selected_action][value='{testimony.pk}']").check()
    page.locator("select[name=action]").select_option("withdraw_story")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("withdrawn from the public pages")
    visitor.reload()
    assert visitor.locator(".testimonies").count() == 0
    testimony.refresh_from_db()
    assert testimony.story_withdrawn_at is not None
    assert [entry.new_status for entry in testimony.history.all()] == [
        "new",
        "in_review",
        "accepted",
        "accepted",
    ]
    visitor.close()
