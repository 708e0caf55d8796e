"""The fields a list of names can fill, and the headers archives give them in Russian,
Kazakh and English, so that the mapping of a new list is guessed before anyone adjusts it."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    headers: tuple[str, ...]


FIELDS = (
    Field(
        "record_id",
        _("record number in the list"),
        ("id", "№", "no", "nr", "номер", "№ п/п", "п/п", "рет", "рет саны", "record", "number"),
    ),
    Field(
        "full_name",
        _("full name (surname, given name, patronymic)"),
        (
            "фио",
            "ф.и.о",
            "фамилия имя отчество",
            "фамилия, имя, отчество",
            "аты-жөні",
            "аты жөні",
            "тәа",
            "full name",
            "name",
        ),
    ),
    Field("surname", _("surname"), ("фамилия", "тегі", "surname", "last name", "family name")),
    Field("given_name", _("given name"), ("имя", "аты", "given name", "first name", "forename")),
    Field(
        "patronymic",
        _("patronymic"),
        ("отчество", "әкесінің аты", "patronymic", "middle name", "father's name"),
    ),
    Field(
        "birth_date",
        _("year or date of birth"),
        (
            "год рождения",
            "г.р",
            "дата рождения",
            "родился",
            "туған жылы",
            "туған күні",
            "birth year",
            "year of birth",
            "date of birth",
            "born",
        ),
    ),
    Field(
        "birth_place",
        _("place of birth"),
        ("место рождения", "уроженец", "туған жері", "place of birth", "birthplace"),
    ),
    Field("nationality", _("nationality"), ("национальность", "ұлты", "nationality", "ethnicity")),
    Field(
        "occupation",
        _("occupation"),
        (
            "профессия",
            "род занятий",
            "место работы",
            "место работы и должность",
            "кәсібі",
            "жұмыс орны",
            "occupation",
            "profession",
        ),
    ),
    Field(
        "arrest_date",
        _("date of arrest"),
        (
            "дата ареста",
            "арестован",
            "арест",
            "қамауға алынған күні",
            "қамауға алынды",
            "arrest date",
            "date of arrest",
            "arrested",
        ),
    ),
    Field(
        "charge",
        _("charge"),
        ("обвинение", "статья", "статья ук", "айыптау", "бабы", "charge", "article", "charges"),
    ),
    Field(
        "sentencing_body",
        _("sentencing body"),
        (
            "кем осужден",
            "осужден",
            "орган",
            "осудивший орган",
            "соттаған орган",
            "кім соттады",
            "sentenced by",
            "sentencing body",
        ),
    ),
    Field(
        "sentence_date",
        _("date of sentence"),
        (
            "дата осуждения",
            "дата приговора",
            "когда осужден",
            "үкім күні",
            "сотталған күні",
            "sentence date",
            "date of sentence",
        ),
    ),
    Field(
        "sentence",
        _("sentence"),
        ("приговор", "мера наказания", "наказание", "үкім", "жаза", "sentence", "punishment"),
    ),
    Field(
        "death_date",
        _("date of death or execution"),
        (
            "дата смерти",
            "дата расстрела",
            "расстрелян",
            "умер",
            "дата смерти или расстрела",
            "қайтыс болған күні",
            "атылған күні",
            "атылды",
            "date of death",
            "executed",
            "died",
            "death",
        ),
    ),
    Field(
        "rehabilitation_date",
        _("date of rehabilitation"),
        (
            "реабилитирован",
            "дата реабилитации",
            "ақталған",
            "ақталған күні",
            "ақталды",
            "rehabilitated",
            "rehabilitation date",
            "date of rehabilitation",
        ),
    ),
    Field(
        "source_reference",
        _("source reference (archive file, page)"),
        (
            "источник",
            "архивное дело",
            "архивный шифр",
            "дереккөз",
            "мұрағат ісі",
            "source",
            "reference",
            "archive file",
        ),
    ),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)
FIELDS_BY_NAME = {field.name: field for field in FIELDS}

_NOT_LETTERS = re.compile(r"[^\w№/]+")


def normal_header(text):
    """A header as compared: case, ё, punctuation and spacing do not matter."""
    text = str(text or "").casefold().replace("ё", "е")
    return " ".join(_NOT_LETTERS.sub(" ", text).split())


_ALIASES = {normal_header(alias): field.name for field in FIELDS for alias in field.headers}


def guess_columns(headers):
    """Field name -> header, for the headers a file has. An exact match wins over a header
    that only begins with a known one ("Дата рождения (год)"); each header fills one field."""
    guessed, taken = {}, set()
    normal = [(header, normal_header(header)) for header in headers if str(header or "").strip()]
    for header, text in normal:
        field = _ALIASES.get(text)
        if field and field not in guessed:
            guessed[field] = header
            taken.add(header)
    for header, text in normal:
        if header in taken:
            continue
        for alias, field in sorted(_ALIASES.items(), key=lambda item: -len(item[0])):
            if field not in guessed and text.startswith(alias + " "):
                guessed[field] = header
                taken.add(header)
                break
    if "full_name" in guessed and "surname" in guessed:
        # A list has either one name column or split ones; the split ones are more exact.
        del guessed["full_name"]
    return {name: guessed[name] for name in FIELD_NAMES if name in guessed}
