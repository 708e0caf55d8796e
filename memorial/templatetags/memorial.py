from django import template
from django.utils.safestring import mark_safe

from memorial.text import sanitize_html

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
