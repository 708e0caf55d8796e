from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from memorial.base.text import sanitize_html

register = template.Library()


@register.filter
def partial_date(value):
    """Show a PartialDate honestly in the active language: "c. 1890", "March 1938"."""
    if not value:
        return ""
    return value.display()


@register.filter
def formatted(html):
    """Archivists' formatted text, sanitised again at display in case a bulk write skipped it."""
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitised on the line above


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The current page in each language: (code, name in that language, path, is current)."""
    request = context["request"]
    current = translation.get_language()
    path = request.get_full_path()
    return [
        (
            code,
            translation.get_language_info(code)["name_local"],
            translate_url(path, code),
            code == current,
        )
        for code, _name in settings.LANGUAGES
    ]


@register.inclusion_tag("includes/narrative.html")
def narrative(text):
    """A translated text with its language marked, and a note when the visitor's language
    has no version yet and another language's is shown."""
    names = {}
    if getattr(text, "is_fallback", False):
        names = {
            "requested": get_language_info(text.requested)["name_translated"],
            "shown": get_language_info(text.language)["name_translated"],
        }
    return {"text": text, **names}
