"""A family takes their words back through the private link from their receipt, with no
account and no one to ask: the biography stops showing them at once, cached or not."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from playwright.sync_api import expect

from memorial.base.roles import MODERATOR
from people.models import Person, Testimony
from tests.browser.conftest import run_axe, save_screenshot

pytestmark = pytest.mark.browser

STORY = "Grandmother kept his last letter from Dolinka."


@pytest.fixture
def moderator(transactional_db):
    user = User.objects.create_user(
        "moderator", "mod@example.kz", "a-long-password-1937", is_staff=True
    )
    user.groups.add(Group.objects.get(name=MODERATOR))
    return user


def send_testimony(page):
    page.goto(page.base_url + "/en/testimony/")
    page.get_by_label("Your name").fill("Айгерім Сапарова")
    page.get_by_label("Your relation to the person").fill("great-granddaughter")
    page.get_by_label("Email").fill("aigerim@example.kz")
    page.get_by_label("The person’s name").fill("Сейфуллин Сәкен")
    page.get_by_role("textbox", name="The story").fill(STORY)
    page.get_by_label("I agree that the portal stores and processes what I send").check()
    page.get_by_label("The story and photos may be published on the portal").check()
    page.get_by_role("button", name="Send").click()
    return page.locator(".reference").inner_text()


def publish_as_moderator(page, testimony, person):
    page.goto(page.base_url + "/admin/login/?next=/admin/people/testimony/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("a-long-password-1937")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=testimony.reference).click()
    # The person field is an autocomplete: type the surname, choose the biography.
    page.locator(".field-person .select2-selection").click()
    page.locator(".select2-search__field").fill("Seifullin")
    page.locator(".select2-results__option", has_text="Seifullin").first.click()
    page.get_by_role("button", name="Save", exact=True).click()
    testimony.refresh_from_db()
    assert testimony.person == person
    page.locator(f"input[name=_selected_action][value='{testimony.pk}']").check()
    page.locator("select[name=action]").select_option("publish_story")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("1 story published.")


def test_a_family_withdraws_their_published_words_through_the_private_link(
    page, demo, moderator, settings
):
    settings.TESTIMONY_MIN_SECONDS = 0
    person = Person.objects.get(surname="Seifullin")
    mail.outbox.clear()
    reference = send_testimony(page)
    testimony = Testimony.objects.get(reference=reference)
    receipt_link = page.locator("a.family-link").get_attribute("href")
    receipt = next(message for message in mail.outbox if message.to == ["aigerim@example.kz"])
    emailed = re.search(r"http://\S+/en/testimony/yours/\S+/", receipt.body).group(0)
    assert emailed == receipt_link
    page.reload()  # on a shared computer the next person sees the reference, not the link
    expect(page.locator(".reference")).to_have_text(reference)
    assert page.locator("a.family-link").count() == 0
    expect(page.get_by_role("main")).to_contain_text("You will find it in the receipt email.")

    publish_as_moderator(page, testimony, person)

    visitor = page.context.browser.new_page()  # a visitor with no session: cached pages
    biography = page.base_url + person.get_absolute_url()
    visitor.goto(biography)
    visitor.reload()  # the second visit comes from the page cache
    assert STORY in visitor.locator(".testimonies").inner_text()

    family = page.context.browser.new_context().new_page()
    family.goto(emailed)
    # The link's secret leaves the address bar at once (and with it every log line after).
    assert family.url == page.base_url + "/en/testimony/yours/"
    expect(family.get_by_role("heading", level=1)).to_have_text("Your testimony")
    expect(family.locator("dl")).to_contain_text("Published on the biography.")
    assert "aigerim@example.kz" not in family.content()
    assert run_axe(family) == []
    family.get_by_role("link", name="Withdraw my consent to publication").click()
    expect(family.get_by_role("heading", level=2)).to_have_text(
        "Withdraw your consent to publication?"
    )
    assert run_axe(family) == []
    family.get_by_role("button", name="Yes, withdraw my consent").click()
    expect(family.get_by_role("status")).to_contain_text("Your consent is withdrawn.")
    expect(family.locator("dl")).to_contain_text("Withdrawn")
    save_screenshot(family, "family-link-withdrawn")

    visitor.reload()
    assert visitor.locator(".testimonies").count() == 0
    assert STORY not in visitor.content()
    fresh = page.context.browser.new_page()
    fresh.goto(biography)
    assert STORY not in fresh.content()
    testimony.refresh_from_db()
    assert not testimony.consent_publish_story and testimony.story_withdrawn_at
    notices = [message for message in mail.outbox if "private link" in message.subject]
    assert notices and notices[0].to == ["mod@example.kz"]
    for opened in (visitor, fresh, family):
        opened.close()
