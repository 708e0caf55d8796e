"""The person's admin page fits a 1366 px laptop screen with everything a full record holds
(name variants, family, sentences, camps, deportations, sources, imported rows), in Kazakh
and Russian, and the admin's dark mode keeps its text readable."""

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from camps.models import Camp
from deportations.models import Deportation
from people.models import ImportedRow, Person
from tests.browser.conftest import AXE, save_screenshot
from tests.factories import (
    make_case,
    make_citation,
    make_deportation_record,
    make_imprisonment,
    make_person,
    make_relationship,
    make_source,
)

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1366, 800
LONG_TITLE = (
    "Государственный архив Карагандинской области, фонд Р-1, опись 2, дело 345: "
    "уголовное дело по обвинению в контрреволюционной деятельности"
)


@pytest.fixture
def full_record(demo):
    """A person with a row in every one of the change page's tables, and long texts."""
    person = Person.objects.get(surname="Seifullin")
    source = make_source(title=LONG_TITLE)
    for surname, given in [("Сейфуллин", "Сәкен"), ("Сейфуллин", "Садуакас"), ("Seifullin", "S.")]:
        person.name_variants.create(
            surname=surname, given_name=given, patronymic="Хаджиахметович", source=source
        )
    wife = make_person(surname="Сейфуллина", given_name="Гульбахрам", sex="f")
    make_relationship(person, wife, kind="spouse")
    make_case(person, arrest_date="1937-09-24", charge="участие в контрреволюционной организации")
    make_imprisonment(
        person, Camp.objects.get(slug="karlag"), start="1937", end="1938",
        prisoner_number="А-12345", source=source, notes="Сведения из учётной карточки " * 8,
    )  # fmt: skip
    make_deportation_record(
        person, Deportation.objects.first(), settled_place="посёлок Долинка",
        arrival_date="1937-10", source=source, notes="Прибыл эшелоном " * 10,
    )  # fmt: skip
    make_citation(person, source, locator="л. 12–14 об.", note="Протокол допроса " * 12)
    ImportedRow.objects.create(
        source=source, person=person, key=f"{source.pk}:7", row_number=7, locator="с. 212",
        imported_at=timezone.now(), excerpt="Сейфуллин Сакен, 1894 г. р., уроженец " * 6,
        words_kept="Сейфуллин Сакен 1894",
    )  # fmt: skip
    User.objects.create_superuser("keeper", "keeper@example.kz", "a-long-password-1937")
    return person


def signed_in_page(browser, live_server, language, color_scheme="light"):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, color_scheme=color_scheme
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("keeper")
    page.locator("#id_password").fill("a-long-password-1937")
    page.locator("input[type=submit]").click()
    return page


def too_wide(page):
    """What reaches past the window's right edge: the elements the reader would scroll to."""
    return page.evaluate(
        f"""() => [...document.querySelectorAll('#content *')]
            .filter(element => element.getBoundingClientRect().right > {WIDTH} + 1)
            .slice(0, 8).map(element => element.tagName + '.' + element.className)"""
    )


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_person_change_page_needs_no_sideways_scrolling(
    browser, live_server, full_record, language
):
    page = signed_in_page(browser, live_server, language)
    page.goto(f"{live_server.url}/admin/people/person/{full_record.pk}/change/")
    assert page.locator("#namevariant_set-group, #name_variants-group").count() == 1
    save_screenshot(page, f"admin-person-change-1366-{language}")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= WIDTH, too_wide(page)
    page.context.close()


def contrast_problems(page):
    page.evaluate(AXE.read_text() + "\n;true")
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['color-contrast']})")
    assert result["passes"], "axe checked no text's contrast"
    return [
        f"{node['target']}: {node['failureSummary'][:160]}"
        for violation in result["violations"]
        for node in violation["nodes"][:5]
    ]


@pytest.mark.parametrize(
    "address",
    [
        "/admin/",
        "/admin/people/person/",
        "/admin/people/person/{pk}/change/",
        "/admin/people/person/duplicates/",
        "/admin/translations/",
    ],
)
def test_the_dark_admin_keeps_its_contrast(browser, live_server, full_record, address):
    page = signed_in_page(browser, live_server, "ru", color_scheme="dark")
    page.goto(live_server.url + address.format(pk=full_record.pk))
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    if "change" in address:
        save_screenshot(page, "admin-person-change-dark")
    assert contrast_problems(page) == []
    page.context.close()
