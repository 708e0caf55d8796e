"""The admin in Kazakh and Russian: every page an archivist opens reads in their language.

A walk through every admin page (lists, forms, histories, deletions, the portal's own pages)
as a superuser finds no English word that Django or one of its libraries would have put
there: the words are taken from their own English messages, and the records' own texts
(names, titles, which the demo partly has in English) are taken out of the page first."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import django_filters
import django_tasks_db
import pytest
import reversion
from babel.messages.pofile import read_po
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from reversion.models import Version

from memorial.base import history
from memorial.base.models import Source
from people.models import Article, ColumnMapping, ImportBatch, ImportJob, NameKey, Person
from tests.factories import make_published_testimony

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru"]
DJANGO = Path(django.__file__).parent
CATALOGUES = [
    DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/contenttypes/locale/en/LC_MESSAGES/django.po",
    # The libraries have no English catalogue: the Russian one lists their messages.
    Path(reversion.__file__).parent / "locale/ru/LC_MESSAGES/django.po",
    Path(django_filters.__file__).parent / "locale/ru/LC_MESSAGES/django.po",
]
# Written in Latin letters in Russian and Kazakh too.
ALLOWED = {"url", "control", "command", "mac", "email", "id", "csv", "json", "html", "xlsx"}
PROPER_NAMES = ["Single Sign-On", "Single Sing-On", "LDAP"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>")
WORD = re.compile(r"[A-Za-z][a-z]+|[A-Z]{2,}")


def english_words():
    """The words of Django's, django-reversion's, django-filter's and django-tasks' messages."""
    messages = []
    for path in CATALOGUES:
        with open(path, "rb") as handle:
            for message in read_po(handle):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                messages.extend(ids)
    source = (Path(django_tasks_db.__file__).parent / "models.py").read_text()
    messages += re.findall(r'_\(\s*"([^"]+)"', source)
    messages.append("Tasks Database Backend")
    words = {
        word.lower()
        for message in messages
        for word in WORD.findall(PLACEHOLDER.sub(" ", message))
        if len(word) > 2
    }
    return words - ALLOWED


class PageText(HTMLParser):
    """What a reader sees or hears: text, titles, labels, alternative texts, buttons."""

    SKIPPED = {"script", "style", "textarea"}

    def __init__(self):
        super().__init__()
        self.texts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIPPED:
            self.skipping += 1
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data.strip())


def records_texts():
    """Every text the records hold, longest first: names and titles are data, not Django's."""
    texts = set()
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
        ]
        for record in model._base_manager.all()[:500]:
            texts.add(str(record))
            texts.update(str(getattr(record, name) or "") for name in fields)
    texts.update(PROPER_NAMES)
    texts = sorted((text for text in texts if len(text) > 1), key=len, reverse=True)
    return re.compile("|".join(re.escape(text) for text in texts))


def untranslated(html, vocabulary, data):
    parser = PageText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        words = {word for word in WORD.findall(data.sub(" ", text)) if word.lower() in vocabulary}
        if words:
            found.append(f"{text[:100]!r}: {sorted(words)}")
    return found


def admin_pages(client):
    """Every page of the admin a superuser can open, with one record of each kind."""
    pages = [
        reverse("admin:index"),
        reverse("admin:translation_overview"),
        reverse("admin:people_person_duplicates"),
        reverse("admin:password_change"),
        *[
            reverse("admin:people_importjob_change", args=[job.pk])
            for job in ImportJob.objects.all()
        ],
        reverse("admin:people_importbatch_roll_back", args=[ImportBatch.objects.first().pk]),
        *versions_pages(),
    ]
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        record = model._base_manager.order_by("pk").first()
        if record is not None:
            pages += [reverse(f"{name}_{view}", args=[record.pk]) for view in VIEWS]
        try:
            pages.append(reverse(f"{name}_recoverlist"))
        except NoReverseMatch:
            pass
    return pages


VIEWS = ["change", "history", "delete"]


LIST = "№;ФИО;Год рождения\n1;Жумабаев Асан Нурланович;1899\n2;Цой Валентина;19100\n"


@pytest.fixture
def records(superuser, admin_client):
    """The demo, a testimony, saved columns, and imports in their states: an uploaded list
    waiting for its columns, a checked one, and a batch that can be rolled back."""
    call_command("load_demo", verbosity=0)
    make_published_testimony(Person.objects.first(), superuser)
    ColumnMapping.objects.create(name="Книга памяти", columns={"surname": "Фамилия"})
    source = Source.objects.first()
    upload = SimpleUploadedFile("Караганда.csv", LIST.encode("cp1251"))
    admin_client.post(reverse("admin:people_importjob_add"), {"file": upload, "source": source.pk})
    ImportJob.objects.create(
        original_name="Акмола.csv", file=SimpleUploadedFile("Акмола.csv", b"x"),
        source=source, state="checked", rows_read=2, rows_bad=1,
        problems=[{"row": 2, "field": "birth_date", "message": "год 19100 невозможен"}],
    )  # fmt: skip
    batch = ImportBatch.objects.create(
        source=source, file_name="Акмола.csv", imported_at=timezone.now(), imported_by=superuser
    )
    # A version to look at and bring back, and a deleted record to recover.
    person = Person.objects.first()
    history.keep_first_version(person)
    article = Article.objects.create(code="58-13", title="борьба с революционным движением")
    article.delete()  # written down before it goes (memorial/base/history.py)
    return {"batch": batch}


def versions_pages():
    person = Person.objects.first()
    version = Version.objects.get_for_object(person).first()
    deleted = Version.objects.get_deleted(Article).first()
    return [
        reverse("admin:people_person_revision", args=[person.pk, version.pk]),
        reverse("admin:people_article_recover", args=[deleted.pk]),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_admin_page_reads_in_the_archivists_language(admin_client, records, language):
    vocabulary, data = english_words(), records_texts()
    admin_client.cookies["django_language"] = language
    found = {}
    for url in admin_pages(admin_client):
        response = admin_client.get(url, follow=True)
        if response.status_code == 403:  # an add page for records only imports write
            continue
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == language
        if words := untranslated(response.content.decode(), vocabulary, data):
            found[url] = words
    assert not found, "\n".join(f"{url}\n  " + "\n  ".join(words) for url, words in found.items())


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_the_admin_says_after_a_save_or_a_deletion_is_translated(
    admin_client, records, language
):
    vocabulary, data = english_words(), records_texts()
    admin_client.cookies["django_language"] = language
    added = admin_client.post(reverse("admin:memorial_region_add"), {"name": "Жетісу"}, follow=True)
    article = Article.objects.first()
    deleted = admin_client.post(
        reverse("admin:people_article_delete", args=[article.pk]), {"post": "yes"}, follow=True
    )
    # Deleting several people at once: the confirmation, then what it did.
    people = [person.pk for person in Person.objects.all()[:2]]
    action = {"action": "delete_selected", "_selected_action": people}
    listing = reverse("admin:people_person_changelist")
    confirmation = admin_client.post(listing, action)
    assert confirmation.status_code == 200
    assert not untranslated(confirmation.content.decode(), vocabulary, data)
    many = admin_client.post(listing, {**action, "post": "yes"}, follow=True)
    for response in (added, deleted, many):
        assert response.status_code == 200
        assert list(response.context["messages"])
        assert not untranslated(response.content.decode(), vocabulary, data)


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        (
            "ru",
            [
                "Выберите человека для изменения",
                "Добавить человека",
                "Изменить человека",
                "Вы уверены, что хотите удалить человека",
                "Выберите историю для изменения",
            ],
        ),
        (
            "kk",
            [
                "Өзгерту үшін адамды таңдаңыз",
                "Адамды қосу",
                "Адамды өзгерту",
                "Өзгерту үшін әңгімені таңдаңыз",
            ],
        ),
    ],
)
def test_the_titles_name_the_record_in_the_form_the_sentence_needs(
    admin_client, records, language, titles
):
    admin_client.cookies["django_language"] = language
    person = Person.objects.first()
    pages = "".join(
        admin_client.get(url).content.decode()
        for url in [
            reverse("admin:people_person_changelist"),
            reverse("admin:people_person_add"),
            reverse("admin:people_person_change", args=[person.pk]),
            reverse("admin:people_person_delete", args=[person.pk]),
            reverse("admin:pages_story_changelist"),
        ]
    )
    for title in titles:
        assert title in pages
    with translation.override(language):
        assert "человек для" not in pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admins_scripts_speak_the_language_too(admin_client, language):
    """The calendar, the clock and the permissions' two-box chooser take their words from
    the admin's JavaScript catalogue: it holds every one of Django's in both languages."""
    admin_client.cookies["django_language"] = language
    script = admin_client.get(reverse("admin:jsi18n")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])
    with open(DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po", "rb") as handle:
        messages = [message for message in read_po(handle) if message.id]
    missing = []
    for message in messages:
        single = message.id if isinstance(message.id, str) else message.id[0]
        key = f"{message.context}\x04{single}" if message.context else single
        if not catalogue.get(key):
            missing.append(key)
    assert not missing


def test_a_person_with_name_variants_is_deleted_with_them(admin_client):
    """Their name keys go with them: rebuilt as each variant went, they outlived the person."""
    person = Person.objects.create(surname="Сейфуллин", given_name="Сәкен", status="draft")
    person.name_variants.create(surname="Seifullin", given_name="Saken")
    url = reverse("admin:people_person_delete", args=[person.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not NameKey.objects.filter(person_id=person.pk).exists()
