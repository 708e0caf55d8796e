"""The card every list of people draws for each person: names, search, camps, the home page."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def person_cards(people):
    """The <li> card of each of `people`. Drawn here, not by including a template per
    person: a names page of 25 spent a third of its time in the include's machinery."""
    return format_html_join("", "{}", ((person_card(person),) for person in people))


def person_card(person):
    portrait = person.portrait
    picture = ""
    if portrait and portrait.thumbnail:
        picture = format_html(
            '<img src="{}" alt="{}" width="64" loading="lazy">',
            portrait.thumbnail.url,
            portrait.alt_text,
        )
    shown = person.shown_name
    recorded = ""
    if not shown.is_recorded:
        recorded = format_html(
            ' <span class="recorded-name">{} {}</span>', gettext("as recorded:"), person.full_name
        )
    facts = person.card_facts
    if facts:
        facts = format_html(
            '<span class="person-facts">{}</span>',
            format_html_join(" · ", "<span>{}</span>", ((fact,) for fact in facts)),
        )
    return format_html(
        '<li class="person-card">{}\n<a href="{}">{}</a>{}\n{}</li>',
        picture,
        person.get_absolute_url(),
        shown,
        recorded,
        facts or "",
    )
