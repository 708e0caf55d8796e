"""An archivist writes a biography in the admin's rich-text editor, with a heading, a list
and a link, and the public page shows them; a script or an event handler pasted through
the editor's HTML view, or typed into the plain textarea without JavaScript, is gone after
saving."""

import pytest
from django.contrib.auth.models import Group, User

from memorial.base.roles import ARCHIVIST
from people.models import Person
from tests.browser.conftest import run_axe, save_screenshot

pytestmark = pytest.mark.browser

PASSWORD = "a-long-password-1997"
HOSTILE = (
    "<p onclick=\"document.title='clicked'\">Named in the Book of Memory.</p>"
    "<script>document.title='scripted'</script>"
)


@pytest.fixture
def archivist(transactional_db):
    user = User.objects.create_user("archivist", "archivist@example.kz", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=ARCHIVIST))
    return user


def open_person(page, person):
    address = f"/admin/people/person/{person.pk}/change/"
    page.goto(f"{page.base_url}/admin/login/?next={address}")
    page.get_by_label("Username").fill("archivist")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{address}")


def save(page):
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1


def write_biography(page, field):
    """Empty the editor, then a heading, a paragraph, a list and a link, with the menu."""
    field.locator(".prose-editor > .ProseMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    field.locator(".prose-menubar__selected").click()
    field.locator("[data-name=heading2]").click()
    page.keyboard.type("Arrest and sentence\nArrested in Alma-Ata in 1937.\n")
    field.get_by_role("button", name="unordered list").click()
    page.keyboard.type("Sentenced by the NKVD troika\nRehabilitated in 1958\n\n")
    page.keyboard.type("See the case file")
    for _ in "case file":
        page.keyboard.press("Shift+ArrowLeft")
    field.get_by_role("button", name="insert link").click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.get_by_label("URL").fill("https://example.kz/archive/p-1234")
    dialog.get_by_role("button", name="Update").click()


def test_an_archivist_writes_a_biography_the_public_page_shows(page, demo, archivist, browser):
    person = Person.objects.get(surname="Seifullin")
    open_person(page, person)
    field = page.locator(".field-biography_en")
    assert field.locator(".prose-editor > .ProseMirror").count() == 1
    assert field.locator("textarea").is_hidden()  # the editor took it over
    write_biography(page, field)
    save_screenshot(page, "admin-biography-editor")
    save(page)

    person.refresh_from_db()
    assert "<h2>Arrest and sentence</h2>" in person.biography_en
    assert "<li><p>Rehabilitated in 1958</p></li></ul>" in person.biography_en

    visitor_context = browser.new_context()
    visitor = visitor_context.new_page()
    visitor.goto(page.base_url + person.get_absolute_url())
    narrative = visitor.locator(".narrative")
    assert narrative.get_by_role("heading", name="Arrest and sentence", level=2).count() == 1
    assert narrative.locator("ul > li").all_inner_texts() == [
        "Sentenced by the NKVD troika",
        "Rehabilitated in 1958",
    ]
    link = narrative.get_by_role("link", name="case file")
    assert link.get_attribute("href") == "https://example.kz/archive/p-1234"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert run_axe(visitor) == []
    visitor_context.close()
    assert page.csp_violations == []


def test_a_script_pasted_through_the_html_view_is_gone_after_saving(page, demo, archivist):
    person = Person.objects.get(surname="Seifullin")
    open_person(page, person)
    field = page.locator(".field-biography_en")
    field.get_by_role("button", name="edit HTML").click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.locator("textarea").fill(HOSTILE)
    dialog.get_by_role("button", name="Update").click()
    save(page)
    # Even while the editor read the pasted HTML, the admin's CSP refused its handler.
    assert all("inline event handler" in blocked for blocked in page.csp_violations)
    page.csp_violations.clear()

    person.refresh_from_db()
    assert person.biography_en == "<p>Named in the Book of Memory.</p>"
    page.goto(page.base_url + person.get_absolute_url())
    page.get_by_text("Named in the Book of Memory.").click()
    assert page.title() not in ("clicked", "scripted")
    assert page.csp_violations == []


def test_without_javascript_the_textarea_is_sanitised_the_same_way(browser, live_server, demo):
    User.objects.create_user("archivist", "a@example.kz", PASSWORD, is_staff=True).groups.add(
        Group.objects.get(name=ARCHIVIST)
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    person = Person.objects.get(surname="Seifullin")
    open_person(page, person)
    textarea = page.locator("textarea[name=biography_en]")
    assert textarea.is_visible()
    assert "Zhanalyk" in textarea.input_value()  # the stored HTML, to edit by hand
    textarea.fill(HOSTILE + "<ul><li>Rehabilitated in 1958</li></ul>")
    save(page)
    person.refresh_from_db()
    assert person.biography_en == (
        "<p>Named in the Book of Memory.</p><ul><li>Rehabilitated in 1958</li></ul>"
    )
    context.close()


def test_the_editor_speaks_the_admins_language(browser, live_server, demo, archivist):
    context = browser.new_context(locale="ru")
    page = context.new_page()
    page.base_url = live_server.url
    person = Person.objects.get(surname="Seifullin")
    open_person_in_russian(page, person)
    field = page.locator(".field-biography_ru")
    field.get_by_role("button", name="полужирный").wait_for()
    names = field.locator(".prose-menubar__button").evaluate_all(
        "buttons => buttons.map(button => button.getAttribute('aria-label'))"
    )
    assert "маркированный список" in names and "bold" not in names
    field.locator(".prose-editor > .ProseMirror").click()
    field.locator(".prose-menubar__selected").click()
    field.locator(".prose-menubar__option", has_text="Заголовок 2").click()
    page.keyboard.type("Арест")
    field.get_by_role("button", name="редактировать HTML").click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    assert dialog.get_by_role("heading").inner_text() == "Редактировать HTML"
    assert "<h2>Арест</h2>" in dialog.locator("textarea").input_value()
    context.close()


def open_person_in_russian(page, person):
    address = f"/admin/people/person/{person.pk}/change/"
    page.goto(f"{page.base_url}/admin/login/?next={address}")
    page.locator("#id_username").fill("archivist")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"**{address}")
