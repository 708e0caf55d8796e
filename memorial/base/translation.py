"""Narrative text in Kazakh, Russian and English.

A translated text is three columns, one per language (`biography_kk`, `biography_ru`,
`biography_en`), and a `TranslatedText` property of the same name (`biography`) that gives
the text in the visitor's language. When that language has none yet, it gives the first
language that has (Russian, then Kazakh, then English), marked so that the page can say so
and mark up the text with its language. Names are not translated: they have variants.
"""

import re
from functools import cache

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# Most archival texts are written in Russian first.
FALLBACK_ORDER = ["ru", "kk", "en"]


LANGUAGE_LABELS = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


def translated_fields(field_class, verbose_name, **options):
    """The three columns of one text, in LANGUAGE_CODES order, to unpack in a model:
    `biography_kk, biography_ru, biography_en = translated_fields(...)`."""
    return tuple(
        field_class(format_lazy("{} ({})", verbose_name, LANGUAGE_LABELS[code]), **options)
        for code in LANGUAGE_CODES
    )


def column(name, code):
    return f"{name}_{code}"


def active_language():
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


class Text(str):
    """A text in one language, and the language the reader asked for."""

    language: str
    requested: str

    def __new__(cls, value, *, language, requested):
        text = super().__new__(cls, value)
        text.language, text.requested = language, requested
        return text

    @property
    def is_fallback(self):
        return bool(self) and self.language != self.requested


class TranslatedText(property):
    """`record.biography`: the text in the active language, or in the first that has one.
    Assigning sets the active language's column."""

    def __init__(self, name):
        self.name = name
        super().__init__(self._get, self._set)

    def _get(self, record):
        wanted = active_language()
        for code in [wanted, *FALLBACK_ORDER]:
            value = getattr(record, column(self.name, code), "")
            if value:
                return Text(value, language=code, requested=wanted)
        return Text("", language=wanted, requested=wanted)

    def _set(self, record, value):
        setattr(record, column(self.name, active_language()), value)


@cache
def translated_names(model):
    """The names of a model's translated texts, e.g. ["biography"]."""
    return [name for name in dir(model) if isinstance(getattr(model, name, None), TranslatedText)]


def missing_languages(record):
    """Languages in which some text the record has in another language is still missing."""
    missing = []
    for code in LANGUAGE_CODES:
        for name in translated_names(type(record)):
            values = [getattr(record, column(name, other)) for other in LANGUAGE_CODES]
            if any(values) and not getattr(record, column(name, code)):
                missing.append(code)
                break
    return missing


def waiting_for(model, code):
    """A filter for the records that have a text in another language but not in `code`."""
    condition = Q()
    for name in translated_names(model):
        others = Q()
        for other in LANGUAGE_CODES:
            if other != code:
                others |= ~Q(**{column(name, other): ""})
        condition |= Q(**{column(name, code): ""}) & others
    return condition


KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def detect_language(text):
    """The language an untagged text is most likely written in, for moving texts written
    before there were three columns. By shares of letters, so that a Russian text quoting a
    Kazakh name (Байтұрсынұлы) stays Russian and an English one quoting a Russian name stays
    English: mostly Cyrillic letters is Kazakh or Russian, and Kazakh when at least a
    quarter of its Cyrillic words have letters only Kazakh has."""
    letters = [letter for letter in text if letter.isalpha()]
    cyrillic = [letter for letter in letters if "\u0400" <= letter <= "\u04ff"]
    if not letters or len(cyrillic) < len(letters) / 2:
        return "en"
    words = [
        word
        for word in re.findall(r"\w+", text)
        if any("\u0400" <= letter <= "\u04ff" for letter in word)
    ]
    kazakh = sum(1 for word in words if KAZAKH_LETTERS & set(word))
    return "kk" if kazakh >= len(words) / 4 else "ru"


def move_into_languages(app_label, model_name, names, chunk=5000):
    """A migration step: each old single-language text goes into the column of the language
    it is written in (detect_language), a chunk of rows at a time."""

    def move(apps, schema_editor):
        from django.db.models import F

        model = apps.get_model(app_label, model_name)
        for name in names:
            rows = model._base_manager.exclude(**{name: ""}).order_by("pk")
            last = 0
            while True:
                part = list(rows.filter(pk__gt=last).values_list("pk", name)[:chunk])
                if not part:
                    break
                last = part[-1][0]
                by_language = {}
                for pk, text in part:
                    by_language.setdefault(detect_language(text), []).append(pk)
                for code, ids in by_language.items():
                    model._base_manager.filter(pk__in=ids).update(**{column(name, code): F(name)})

    return move


def move_back_from_languages(app_label, model_name, names):
    """The reverse step: the single text becomes the first language that has one."""

    def move_back(apps, schema_editor):
        from django.db.models import Case, F, Value, When

        model = apps.get_model(app_label, model_name)
        for name in names:
            model._base_manager.update(
                **{
                    name: Case(
                        *[
                            When(~Q(**{column(name, code): ""}), then=F(column(name, code)))
                            for code in FALLBACK_ORDER
                        ],
                        default=Value(""),
                        output_field=model._meta.get_field(column(name, "en")),
                    )
                }
            )

    return move_back
