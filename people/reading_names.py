"""The name a reader sees: the form of a person's name that fits the page's language.

A Kazakh page shows the Kazakh form, a Russian page the Russian form, an English page a
recorded Latin form, else the recorded name in Latin letters (romanized, and said to be).
Where no such form is recorded, the name as the main source records it. The forms are
copied onto the person (`Person.kazakh_name` and the others) whenever a name variant is
saved, so lists, feeds and the API show them without reading every person's variants.
"""

from dataclasses import dataclass

from django.utils.translation import get_language

from memorial.base.romanization import romanize

from .matching import script_of

# A name variant's kind, and the person's column that keeps its first form.
FORM_COLUMNS = {"kazakh": "kazakh_name", "russian": "russian_name", "latin": "latin_name"}
LANGUAGE_FORMS = {"kk": "kazakh", "ru": "russian", "en": "latin"}


@dataclass(frozen=True)
class ShownName:
    text: str
    # "kazakh", "russian" or "latin": a recorded form; "romanized": the recorded name in
    # Latin letters made here; "recorded": the name as the main source records it.
    form: str

    def __str__(self):
        return self.text

    @property
    def is_recorded(self):
        return self.form == "recorded"

    @property
    def is_romanized(self):
        return self.form == "romanized"


def joined(surname, given_name, patronymic):
    return " ".join(part for part in (surname, given_name, patronymic) if part)


def forms_of(variants):
    """The columns Person keeps: the first variant of each kind, in the order entered."""
    forms = dict.fromkeys(FORM_COLUMNS.values(), "")
    for variant in sorted(variants, key=lambda variant: variant.pk or 0):
        column = FORM_COLUMNS.get(variant.kind)
        if column and not forms[column]:
            forms[column] = joined(variant.surname, variant.given_name, variant.patronymic)[:400]
    return forms


def shown_name(person, language=None):
    """The ShownName of a person on a page in `language` (the active one by default)."""
    language = (language or get_language() or "en").split("-")[0]
    recorded = person.full_name
    form = LANGUAGE_FORMS.get(language)
    text = getattr(person, FORM_COLUMNS[form]) if form else ""
    if text and text != recorded:
        return ShownName(text, form)
    if form == "latin" and script_of(recorded) == "cyrl":
        return ShownName(romanize(recorded), "romanized")
    return ShownName(recorded, "recorded")
