"""The name a reader sees: the form of a person's name that fits the page's language.

A Kazakh page shows the Kazakh form, a Russian page the Russian form, an English page the
recorded name if it is in Latin letters, else a recorded Latin form, else the recorded name
in Latin letters (romanized, and said to be).
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
# Where a page's own form is not recorded and the recorded name is not in Cyrillic letters
# (a Latin spelling from a foreign source), the other Cyrillic form reads better than it.
CYRILLIC_FALLBACK = {"kk": "russian", "ru": "kazakh"}
LANGUAGES = tuple(LANGUAGE_FORMS)


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


def forms_of(variants, person=None):
    """The columns Person keeps: the first variant of each kind, in the order entered. A
    variant that gives a surname alone spells the surname, not the name: where the record
    has a given name, it is no heading (a heading "Baitursynuly" would drop "Akhmet")."""
    forms = dict.fromkeys(FORM_COLUMNS.values(), "")
    needs_given_name = bool(person is not None and person.given_name)
    usable = [
        variant
        for variant in sorted(variants, key=lambda variant: variant.pk or 0)
        if variant.given_name or not needs_given_name
    ]
    for variant in usable:
        column = FORM_COLUMNS.get(variant.kind)
        if column and not forms[column]:
            forms[column] = joined(variant.surname, variant.given_name, variant.patronymic)[:400]
    # Without a Latin transliteration on record, a source's own spelling in Latin letters
    # ("Abaiov Iskak" in a German list) is still a recorded Latin form, better than ours.
    spellings = [variant for variant in usable if variant.kind == "spelling"]
    for variant in spellings:
        if not forms["latin_name"] and variant.script == "latn":
            forms["latin_name"] = joined(variant.surname, variant.given_name, variant.patronymic)
    forms["latin_name"] = forms["latin_name"][:400]
    return forms


def shown_name(person, language=None):
    """The ShownName of a person on a page in `language` (the active one by default)."""
    language = (language or get_language() or "en").split("-")[0]
    recorded = person.full_name
    form = LANGUAGE_FORMS.get(language)
    if form is None:
        return ShownName(recorded, "recorded")
    script = script_of(recorded)
    text = getattr(person, FORM_COLUMNS[form])
    # A name recorded in Latin letters is already in the English reader's script: the
    # source's own spelling comes before a transliteration of another form.
    if text == recorded or (form == "latin" and script == "latn"):
        return ShownName(recorded, "recorded")
    if text:
        return ShownName(text, form)
    if form == "latin" and script == "cyrl":
        return ShownName(romanize(recorded), "romanized")
    other = CYRILLIC_FALLBACK.get(language)
    text = getattr(person, FORM_COLUMNS[other]) if other else ""
    if text and script != "cyrl" and text != recorded:
        return ShownName(text, other)
    return ShownName(recorded, "recorded")


def shown_names(person):
    """The ShownName of a person in each of the portal's languages, for open data."""
    return {language: shown_name(person, language) for language in LANGUAGES}


def recorded_language(person):
    """The language of the recorded name where a variant says it ("kk", "ru"), else ""."""
    recorded = person.full_name
    for language, form in LANGUAGE_FORMS.items():
        if form != "latin" and getattr(person, FORM_COLUMNS[form]) == recorded:
            return language
    return ""
