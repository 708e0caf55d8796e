"""What a published record tells a catalogue, as simple Dublin Core.

Only what the record's public page shows goes in: the record's own columns, so that its
datestamp moves whenever they change, and the published records it names (a deportation's
peoples, a person's published relatives as dc:relation), which reach a harvester with the
record's next change or the next full harvest. Testimony, contact details, notes of any
kind, reliability notes, who edited a record and whether it is synthetic are never read
here."""

import html
import re

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.base.text import strip_html
from memorial.base.translation import LANGUAGE_CODES, column
from people.models import Person

SITE_TITLE = _("Memorial: victims of political repression in Kazakhstan")
SUBJECTS = {
    Person: _("Victims of political repression"),
    Camp: _("Gulag camps"),
    BurialSite: _("Places of execution and burial"),
    Deportation: _("Deportations of peoples"),
    DeportedPeople: _("Deported peoples"),
}
# A description is a catalogue's summary, not the whole text: the page has that.
DESCRIPTION_LENGTH = 1000

# Characters XML 1.0 cannot carry at all, even escaped: control characters, surrogates and
# the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value):
    return _NOT_XML.sub("", str(value))


def excerpt(text, limit=DESCRIPTION_LENGTH):
    """The text, or as many whole words of it as fit in `limit` characters, and an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def elements(record, absolute_url):
    """[(element name, value, language)] of a record's oai_dc; language is "" when the value
    is in no particular one or in the response's own."""
    url = absolute_url(record.get_absolute_url())
    found = [
        ("title", record.full_name if isinstance(record, Person) else str(record), ""),
        ("subject", SUBJECTS[type(record)], ""),
        *_OWN[type(record)](record),
        ("creator", SITE_TITLE, ""),
        ("publisher", SITE_TITLE, ""),
    ]
    texts = _texts(record)
    found += [("description", text, code) for code, text in texts]
    found += [("type", "Text", ""), ("format", "text/html", ""), ("identifier", url, "")]
    found += [("language", code, "") for code, _text in texts]
    found += [("relation", address, "") for address in _relatives(record, absolute_url)]
    found += [
        ("rights", settings.OPEN_DATA_LICENCE_NAME, ""),
        ("rights", settings.OPEN_DATA_LICENCE_URL, ""),
    ]
    order = ["title", "creator", "subject", "description", "publisher", "date", "type"]
    order += ["format", "identifier", "language", "relation", "coverage", "rights"]
    found.sort(key=lambda element: order.index(element[0]))  # stable: keeps each one's order
    return [(name, xml_text(value), code) for name, value, code in found if value not in (None, "")]


def _texts(record):
    """(language, plain text) of the record's narrative in each language it is written in."""
    name = "biography" if isinstance(record, Person) else "description"
    texts = []
    for code in LANGUAGE_CODES:
        # strip_html leaves text escaped for a page; the template escapes it once again.
        text = html.unescape(strip_html(getattr(record, column(name, code)), paragraphs=True))
        if text:
            texts.append((code, excerpt(text)))
    return texts


def _relatives(record, absolute_url):
    """The pages of a person's published relatives (Person.family leaves out the others),
    parents first, as the biography lists them."""
    if not isinstance(record, Person):
        return []
    return [absolute_url(member.relative.get_absolute_url()) for member in record.family]


def _label(record, field):
    return capfirst(record._meta.get_field(field).verbose_name)


def _person(person):
    facts = [
        (_label(person, "birth_date"), person.birth_date and person.birth_date.display()),
        (_label(person, "birth_place"), person.birth_place),
        (_label(person, "nationality"), person.nationality),
        (_label(person, "occupation"), person.occupation),
        (_label(person, "fate"), person.get_fate_display()),
        (_label(person, "death_date"), person.death_date and person.death_date.display()),
        (_label(person, "death_place"), person.death_place),
    ]
    summary = "; ".join(f"{label}: {value}" for label, value in facts if value)
    return [
        ("subject", person.get_fate_display(), ""),
        ("description", summary and f"{summary}.", ""),
        ("date", person.birth_date, ""),
        ("date", person.death_date, ""),
        ("coverage", person.birth_place, ""),
        ("coverage", person.death_place, ""),
    ]


def _place(record):
    return [("coverage", record.place, ""), ("coverage", record.region, "")]


def _camp(camp):
    title = [("title", camp.full_name, "")] if camp.full_name != camp.name else []
    return [
        *title,
        ("subject", camp.get_kind_display(), ""),
        ("date", camp.opened, ""),
        ("date", camp.closed, ""),
        *_place(camp),
        ("coverage", _period(camp.opened, camp.closed), ""),
    ]


def _burial_site(site):
    return [("subject", site.get_kind_display(), ""), *_place(site)]


def _deportation(deportation):
    legal_act = deportation.legal_act and gettext("%(label)s: %(text)s.") % {
        "label": _label(deportation, "legal_act"),
        "text": deportation.legal_act.rstrip("."),
    }
    return [
        *[("subject", people.name, "") for people in deportation.peoples.all()],
        ("description", legal_act, ""),
        ("date", deportation.start, ""),
        ("date", deportation.end, ""),
        ("coverage", deportation.origin, ""),
        *[("coverage", region.name, "") for region in deportation.destinations.all()],
        ("coverage", _period(deportation.start, deportation.end), ""),
    ]


def _deported_people(people):
    title = [("title", people.self_designation, "")] if people.self_designation else []
    return title


def _period(start, end):
    """An EDTF interval from the beginning of `start` to the end of `end`, when both are
    known ("1931/1959", "1937~/1938")."""
    if not start or not end:
        return ""
    return f"{str(start).split('/')[0]}/{str(end).split('/')[-1]}"


_OWN = {
    Person: _person,
    Camp: _camp,
    BurialSite: _burial_site,
    Deportation: _deportation,
    DeportedPeople: _deported_people,
}
