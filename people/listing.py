"""What a list of names says of each person beside the name, so that namesakes can be told
apart as in Memorial's lists: "1894–1938 · born Karkaraly uyezd · shot in 1938".

Read from the person's own row and from what PersonQuerySet.for_listing() annotates of their
first sentence, so a page of names costs no query more than the names themselves. This module
reads no model: the models' module uses it.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from memorial.base.dates import PartialDate

# The Russian verb agrees with the person ("расстрелян", "расстреляна"): each phrase is
# written out for a man, a woman and a person whose sex is not recorded, for makemessages
# finds no message whose context is a variable. Each phrase: (with its year, without).
FATE_PHRASES = {
    "shot": {
        "m": (
            pgettext_lazy("fate of a man", "shot in %(year)s"),
            pgettext_lazy("fate of a man", "shot"),
        ),
        "f": (
            pgettext_lazy("fate of a woman", "shot in %(year)s"),
            pgettext_lazy("fate of a woman", "shot"),
        ),
        "": (
            pgettext_lazy("fate of a person", "shot in %(year)s"),
            pgettext_lazy("fate of a person", "shot"),
        ),
    },
    "died_in_custody": {
        "m": (
            pgettext_lazy("fate of a man", "died in custody in %(year)s"),
            pgettext_lazy("fate of a man", "died in custody"),
        ),
        "f": (
            pgettext_lazy("fate of a woman", "died in custody in %(year)s"),
            pgettext_lazy("fate of a woman", "died in custody"),
        ),
        "": (
            pgettext_lazy("fate of a person", "died in custody in %(year)s"),
            pgettext_lazy("fate of a person", "died in custody"),
        ),
    },
    "died_in_exile": {
        "m": (
            pgettext_lazy("fate of a man", "died in exile in %(year)s"),
            pgettext_lazy("fate of a man", "died in exile"),
        ),
        "f": (
            pgettext_lazy("fate of a woman", "died in exile in %(year)s"),
            pgettext_lazy("fate of a woman", "died in exile"),
        ),
        "": (
            pgettext_lazy("fate of a person", "died in exile in %(year)s"),
            pgettext_lazy("fate of a person", "died in exile"),
        ),
    },
    # The year of death is not the year of release: a release is said without one.
    "released": {
        "m": (None, pgettext_lazy("fate of a man", "released")),
        "f": (None, pgettext_lazy("fate of a woman", "released")),
        "": (None, pgettext_lazy("fate of a person", "released")),
    },
    "unknown": {sex: (None, gettext_lazy("fate unknown")) for sex in ("m", "f", "")},
}
SENTENCED = {
    "m": (
        pgettext_lazy("fate of a man", "sentenced in %(year)s"),
        pgettext_lazy("fate of a man", "sentenced"),
    ),
    "f": (
        pgettext_lazy("fate of a woman", "sentenced in %(year)s"),
        pgettext_lazy("fate of a woman", "sentenced"),
    ),
    "": (
        pgettext_lazy("fate of a person", "sentenced in %(year)s"),
        pgettext_lazy("fate of a person", "sentenced"),
    ),
}
# Sentence kinds that are no sentence to a term: said alone, with their year.
NO_TERM = {"acquitted"}
# A kind that says nothing a reader can use ("other"): the card says "sentenced" alone.
UNNAMED = {"other"}


def year_of(date):
    if date is None:
        return "?"
    if date.is_decade:
        return date.display()
    if date.approximate or date.end is not None:
        return _("c. %(date)s") % {"date": date.year}
    return str(date.year)


def life_years(person):
    """Birth and death years, "?" where one is unknown; nothing where both are."""
    if not (person.birth_date or person.death_date):
        return ""
    return f"{year_of(person.birth_date)}–{year_of(person.death_date)}"


def dated(phrases, date):
    """A phrase with its year ("shot in 1938"); an uncertain year after a comma ("shot,
    c. 1938"), which reads in every language; the phrase alone without a date."""
    with_year, alone = phrases
    if date is None or with_year is None:
        return str(alone)
    if date.is_decade or date.approximate or date.end is not None:
        return f"{alone}, {year_of(date)}"
    return str(with_year) % {"year": date.year}


def term_of(years, months):
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if months:
        parts.append(ngettext("%(count)d month", "%(count)d months", months) % {"count": months})
    return " ".join(parts)


def listed_sentence(person):
    """The first sentence's columns that for_listing() read: {"kind", "date", "years",
    "months"}, or {} for a person read without them or without a sentence."""
    return getattr(person, "listing_sentence", None) or {}


def sentence_phrase(person, sex, labels):
    """The first sentence on record: "sentenced in 1937: corrective labour camp (ITL),
    10 years", in the words of the biography's own timeline."""
    listed = listed_sentence(person)
    kind = listed.get("kind") or ""
    date = PartialDate.parse(listed["date"]) if listed.get("date") else None
    term = term_of(listed.get("years"), listed.get("months"))
    label = "" if kind in UNNAMED else labels.get(kind, "")
    if kind in NO_TERM:
        return f"{label}, {year_of(date)}" if date else str(label)
    what = ", ".join(str(part) for part in (label, term) if part)
    if not (what or date):
        return ""
    sentenced = dated(SENTENCED[sex], date)
    return f"{sentenced}: {what}" if what else sentenced


def card_facts(person, sentence_labels):
    """The life years, birthplace, sentence and fate of a person on a list, where known;
    `sentence_labels` names each kind of sentence (SentenceKind's labels)."""
    sex = person.sex if person.sex in ("m", "f") else ""
    facts = [life_years(person)]
    if person.birth_place:
        facts.append(_("born %(place)s") % {"place": person.birth_place})
    sentence = sentence_phrase(person, sex, sentence_labels)
    # A sentence to be shot that was carried out is said once, by the fate.
    if not (person.fate == "shot" and listed_sentence(person).get("kind") == "death"):
        facts.append(sentence)
    if person.fate in FATE_PHRASES:
        facts.append(dated(FATE_PHRASES[person.fate][sex], person.death_date))
    return [fact for fact in facts if fact]
