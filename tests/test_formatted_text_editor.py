"""Formatted text in the admin: every such field is the rich-text editor, which without
JavaScript is an ordinary textarea, offers no more than the sanitiser keeps, and whatever
is sent is sanitised by the same rules."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.test import RequestFactory
from django_prose_editor.config import allowlist_from_extensions

from camps.models import Camp
from deportations.models import Deportation
from memorial.base.editor import EDITOR_EXTENSIONS, FormattedTextEditor
from memorial.base.fields import FormattedTextField
from memorial.base.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from memorial.pages.models import Story
from people.models import Person

# What the sanitiser keeps from text written before the editor, or pasted into its HTML
# view, that the editor has no button for.
KEPT_BUT_NOT_OFFERED = {"b", "i", "q", "cite", "abbr"}


def admin_form(model, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return admin.site._registry[model].get_form(request)


def formatted_fields(model):
    return [field.name for field in model._meta.fields if isinstance(field, FormattedTextField)]


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Person, Camp, Deportation, Story])
def test_every_formatted_field_in_the_admin_is_the_editor(model, admin_user):
    form = admin_form(model, admin_user)
    names = formatted_fields(model)
    assert names
    for name in names:
        widget = form.base_fields[name].widget
        assert isinstance(widget, FormattedTextEditor), name
        assert "django_prose_editor/configurable.js" in str(widget.media)


def test_without_javascript_the_editor_is_a_textarea_with_its_name_and_text():
    field = Person._meta.get_field("biography_ru").formfield(widget=AdminTextareaWidget)
    html = field.widget.render("biography_ru", "<p>Поэт &amp; учитель</p>", {"id": "id_bio"})
    assert html.startswith('<textarea name="biography_ru"')
    assert 'id="id_bio"' in html
    assert html.endswith("&lt;p&gt;Поэт &amp;amp; учитель&lt;/p&gt;</textarea>")
    # The editor itself is only the scripts' reading of a data attribute.
    assert "data-django-prose-editor-configurable=" in html


def test_the_editors_scripts_and_styles_are_the_portals_own_files():
    media = str(FormattedTextEditor().media)
    for address in ('src="', 'href="'):
        for tag in media.split(address)[1:]:
            assert tag.startswith("/static/"), tag


def test_a_form_that_asks_for_its_own_widget_keeps_it():
    field = Person._meta.get_field("biography_ru").formfield(widget=forms.Textarea)
    assert type(field.widget) is forms.Textarea


def test_the_editor_offers_no_tag_or_attribute_the_sanitiser_removes():
    allowed = allowlist_from_extensions(EDITOR_EXTENSIONS)
    assert allowed["tags"] <= ALLOWED_TAGS
    assert allowed["tags"] == ALLOWED_TAGS - KEPT_BUT_NOT_OFFERED
    # rel is the sanitiser's own, "noopener noreferrer", on every link; a numbered list's
    # start and style the editor knows but does not offer (its list properties are off).
    not_offered = {"a": {"rel"}, "ol": {"start", "type", "data-type"}}
    for tag, attributes in allowed["attributes"].items():
        offered = attributes - not_offered.get(tag, set())
        assert offered <= ALLOWED_ATTRIBUTES.get(tag, set()), tag
    assert EDITOR_EXTENSIONS["OrderedList"] == {"enableListAttributes": False}
    assert EDITOR_EXTENSIONS["Link"]["enableTarget"] is False
    assert set(allowed["url_schemes"]) == {"http", "https", "mailto"}


def test_what_is_sent_is_sanitised_and_an_empty_paragraph_is_no_text():
    field = Person._meta.get_field("biography_ru").formfield()
    sent = (
        '<h2 onclick="alert(1)">Арест</h2><script>alert(2)</script>'
        '<ul><li><a href="javascript:alert(3)">дело</a></li></ul>'
    )
    assert (
        field.clean(sent) == '<h2>Арест</h2><ul><li><a rel="noopener noreferrer">дело</a></li></ul>'
    )
    assert field.clean("<p></p>") == ""
    assert field.clean("<p> <br></p>") == ""
