"""Checking one row of a list: every problem is named with its row, column and value, and a
good row becomes the values the import writes. Nothing is guessed that the row does not say:
the sentence's kind and term are read only from plain wording ("10 лет ИТЛ", "ВМН"), and
the text is always kept as written."""

import hashlib
import json
import re
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from memorial.base.dates import PartialDate

from ..matching import exact_key
from ..models import AuthorityKind, Fate, SentenceKind, Sex
from ..models.names import name_key_columns
from ..models.records import person_slug
from .columns import FIELDS_BY_NAME

LIMITS = {
    "surname": 120,
    "given_name": 120,
    "patronymic": 120,
    "birth_place": 255,
    "nationality": 100,
    "occupation": 255,
    "sentencing_body": 255,
    "sentence": 500,
    "source_reference": 120,
    "residence": 255,
    "death_place": 255,
    "rehabilitation_body": 255,
    "record_id": 150,
}
DATE_FIELDS = ("birth_date", "arrest_date", "sentence_date", "death_date")
# Pairs of dates of which the second cannot be in an earlier year than the first.
DATE_ORDER = (
    ("birth_date", "death_date"),
    ("birth_date", "arrest_date"),
    ("arrest_date", "sentence_date"),
    ("sentence_date", "rehabilitation_date"),
    ("arrest_date", "rehabilitation_date"),
)
CASE_FIELDS = ("arrest_date", "charge", "sentencing_body", "sentence_date", "sentence")

# Words around a date that lists add: "1899 г.р.", "1937 ж.", "1937 жылы".
_DATE_NOISE = re.compile(r"\s*(?:г\.?\s*р\.?|гг?\.?|год[а]?|ж\.|жылы|year)\s*$", re.IGNORECASE)
# "58-1а", "58-1 «б»"; not the "ч." of "58-10 ч. 1" (a part of the article).
_ARTICLE = re.compile(r"(?<![\d-])(5[89]-\d{1,2}(?:\s?[«\"]?(?!ч\.)[а-я][»\"]?(?![а-я]))?)", re.I)
_TERM_YEARS = re.compile(r"(?<!\d)(\d{1,2})\s*(?:лет|года?|г\.|жыл|years?|yrs?)(?!\w)", re.I)
_TERM_MONTHS = re.compile(r"(?<!\d)(\d{1,2})\s*(?:мес\w*|ай|months?)(?!\w)", re.I)
_SENTENCE_KINDS = (
    (
        SentenceKind.DEATH,
        re.compile(r"вмн|высш\w* мер|расстрел|ату жаза|атылсын|death|shoot", re.I),
    ),
    (SentenceKind.FAMILY_MEMBER, re.compile(r"чсир|член\w* семь", re.I)),
    (SentenceKind.CAMP, re.compile(r"итл|лагер|\bлаг\b|камп|camp|labou?r", re.I)),
    (SentenceKind.PRISON, re.compile(r"тюр|түрме|prison", re.I)),
    (SentenceKind.SPECIAL_SETTLEMENT, re.compile(r"спецпосел|special settlement", re.I)),
    (SentenceKind.EXILE, re.compile(r"ссылк|высылк|жер аудар|exile", re.I)),
    (SentenceKind.ACQUITTED, re.compile(r"оправдан|прекращ|ақталды|acquit|dropped", re.I)),
)
_AUTHORITY_KINDS = (
    (AuthorityKind.EXTRAJUDICIAL, re.compile(r"тройк|двойк|\bосо\b|особ\w* совещ|troika", re.I)),
    (AuthorityKind.COURT, re.compile(r"суд|трибунал|коллеги|\bсот|court|tribunal", re.I)),
    (AuthorityKind.SECURITY, re.compile(r"нквд|огпу|гпу|мгб|кгб|nkvd|ogpu|mgb", re.I)),
)
_FAMILY_MEMBER = _SENTENCE_KINDS[1][1]
_YES = {"да", "иә", "yes", "y", "+", "реабилитирован", "реабилитирована", "ақталды", "ақталған"}
_NO = {"нет", "жоқ", "no", "n", "-", "отказано", "не реабилитирован", "refused"}
_REHABILITATED_WORDS = re.compile(
    r"^(?:реабилитирован[аоы]?|ақталған|ақталды|rehabilitated)\s*", re.IGNORECASE
)

# What a checked row holds, in this order (see writing.py).
STAGED = (
    "row_number",
    "key",
    "surname",
    "given_name",
    "patronymic",
    "slug",
    "birth_date",
    "birth_place",
    "nationality",
    "occupation",
    "death_date",
    "has_case",
    "arrest_date",
    "charge",
    "sentencing_body",
    "sentencing_body_kind",
    "sentence_date",
    "sentence_kind",
    "term_years",
    "term_months",
    "sentence_text",
    "is_rehabilitated",
    "rehabilitation_date",
    "locator",
    # The name key's columns, in name_key_columns()'s order.
    "key_surname",
    "key_given",
    "key_given_first",
    "key_patronymic",
    "key_exact",
    # What text entries say beyond a spreadsheet's columns (empty for a spreadsheet).
    "sex",
    "residence",
    "fate",
    "death_place",
    "rehabilitation_body",
    "rehabilitation_body_kind",
    "excerpt",  # the entry's whole text
    "note",  # its phrases no field holds, in words
    "warnings",  # how many of those it could not place at all
    "articles",  # article codes read from the charge, e.g. ("58-10", "58-11")
    "more_cases",  # a text entry's later arrests, each a CaseValues
)
# The staged values that are not a column of the writer's staging table.
NOT_STAGED = ("warnings", "articles", "more_cases")
CaseValues = namedtuple(
    "CaseValues",
    "arrest_date charge sentencing_body sentencing_body_kind sentence_date sentence_kind "
    "term_years term_months sentence_text is_rehabilitated rehabilitation_date "
    "rehabilitation_body rehabilitation_body_kind articles",
)


StagedRow = namedtuple("StagedRow", STAGED)


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    value: str
    message: str
    entry: str = ""  # a text entry's first line, to name it by


@lru_cache(maxsize=200_000)
def parse_date(text):
    """(stored EDTF text, None) or (None, the problem). Dates repeat across a list, so
    each distinct text is read once."""
    cleaned = _DATE_NOISE.sub("", text).strip()
    try:
        return str(PartialDate.parse(cleaned)), None
    except ValidationError as error:
        return None, " ".join(error.messages)


# Names repeat across a list: each slug is made once.
slug_of = lru_cache(maxsize=200_000)(person_slug)


def sentence_kind(text):
    for kind, pattern in _SENTENCE_KINDS:
        if pattern.search(text):
            return kind
    return ""


@lru_cache(maxsize=4096)
def authority_kind(name):
    for kind, pattern in _AUTHORITY_KINDS:
        if pattern.search(name):
            return kind
    return AuthorityKind.OTHER


def kind_of_sentence(sentence, charge):
    """The sentence's kind from its words; a charge of being a family member (ЧСИР) makes a
    camp term, or a sentence that says no more, the family member's sentence."""
    kind = sentence_kind(sentence) if sentence else ""
    if kind in ("", SentenceKind.CAMP) and charge and _FAMILY_MEMBER.search(charge):
        return SentenceKind.FAMILY_MEMBER
    return kind


def case_values(case, dates, rehabilitated, rehabilitation_date):
    """A text entry's later arrest (a dict of its cells) as the values written for it."""
    sentence, body = case.get("sentence", ""), case.get("sentencing_body", "")
    rehabilitation_body = case.get("rehabilitation_body", "")
    term_years, term_months = _term(_TERM_YEARS, sentence), _term(_TERM_MONTHS, sentence)
    return CaseValues(
        dates.get("arrest_date"),
        case.get("charge", ""),
        body[: LIMITS["sentencing_body"]],
        authority_kind(body) if body else "",
        dates.get("sentence_date"),
        kind_of_sentence(sentence, case.get("charge", "")),
        term_years if term_years is not None and term_years <= 50 else None,
        term_months if term_months is not None and term_months <= 11 else None,
        sentence[: LIMITS["sentence"]],
        rehabilitated,
        rehabilitation_date,
        rehabilitation_body[: LIMITS["sentencing_body"]],
        authority_kind(rehabilitation_body) if rehabilitation_body else "",
        articles_of(case.get("charge", "")),
    )


def articles_of(charge):
    return tuple(sorted({" ".join(code.split()).lower() for code in _ARTICLE.findall(charge)}))


def _term(pattern, text):
    match = pattern.search(text)
    return int(match[1]) if match else None


class RowChecker:
    """Reads rows through a column mapping (field name -> header)."""

    def __init__(self, headers, columns):
        missing = [header for header in columns.values() if header not in headers]
        if missing:
            raise ValueError(
                _("These columns are not in the file: %(columns)s")
                % {"columns": ", ".join(missing)}
            )
        if "surname" not in columns and "full_name" not in columns:
            raise ValueError(_("Choose the column with the surname or with the full name."))
        self.columns = columns
        self.positions = {field: headers.index(header) for field, header in columns.items()}
        # Digests, not the keys themselves, so that a million rows cost tens of megabytes.
        self.first_row_of_record = {}  # record number -> the row it was first seen in
        self.occurrences = {}  # name and birth -> rows seen with them so far

    def values(self, cells):
        width = len(cells)
        return {
            field: cells[position].strip() if position < width else ""
            for field, position in self.positions.items()
        }

    def check(self, row_number, cells):
        """(values to stage, []) for a good row, or (None, [Problem, ...])."""
        value = self.values(cells)
        problems = []

        def problem(field, message):
            problems.append(
                Problem(row_number, self.columns[field], value.get(field, ""), message,
                        value.get("entry", ""))
            )  # fmt: skip

        surname, given, patronymic = self.name(value)
        self.check_name_and_lengths(value, (surname, given, patronymic), problem)
        dates, rehabilitation = self.dates(value, problem)
        self.check_date_order(dates, problem)
        more_cases = self.more_cases(value, problem)
        key, first_row = self.key(row_number, value, surname, given, patronymic, dates)
        if first_row:
            problem("record_id", _("The same record number as row %(row)s.") % {"row": first_row})
        if problems:
            return None, problems
        staged = self.staged(
            row_number, key, value, surname, given, patronymic, dates, rehabilitation, more_cases
        )
        return staged, []

    def check_name_and_lengths(self, value, name, problem):
        surname, given, patronymic = name
        if not surname:
            problem("surname" if "surname" in value else "full_name", _("The surname is empty."))
        for field, limit in LIMITS.items():
            if field in value and len(value[field]) > limit:
                problem(
                    field,
                    _("Longer than %(limit)s characters (%(length)s).")
                    % {"limit": limit, "length": len(value[field])},
                )
        if "full_name" in value:
            for part, text in zip(("surname", "given_name", "patronymic"), name, strict=True):
                if len(text) > LIMITS[part]:
                    problem("full_name", _("A part of the name is longer than 120 characters."))

    def dates(self, value, problem):
        """(field -> stored date, (is rehabilitated, rehabilitation date)) of the row."""
        dates = {}
        for field in DATE_FIELDS:
            if value.get(field):
                dates[field], message = parse_date(value[field])
                if message:
                    problem(field, message)
        is_rehabilitated, rehabilitation_date = None, None
        if value.get("rehabilitation_date"):
            is_rehabilitated, rehabilitation_date, message = self.rehabilitation(
                value["rehabilitation_date"]
            )
            if message:
                problem("rehabilitation_date", message)
            dates["rehabilitation_date"] = rehabilitation_date
        return dates, (is_rehabilitated, rehabilitation_date)

    @staticmethod
    def check_date_order(dates, problem):
        for start, end in DATE_ORDER:
            if dates.get(start) and dates.get(end) and dates[end][:4] < dates[start][:4]:
                problem(
                    end,
                    _("This date is before the %(other)s (%(date)s).")
                    % {
                        "other": FIELDS_BY_NAME[start].label,
                        "date": PartialDate.parse(dates[start]).display(),
                    },
                )

    def name(self, value):
        if "surname" in value:
            return value["surname"], value.get("given_name", ""), value.get("patronymic", "")
        words = value["full_name"].split()
        return (
            words[0] if words else "",
            words[1] if len(words) > 1 else "",
            " ".join(words[2:]),
        )

    @staticmethod
    def rehabilitation(text):
        """(is rehabilitated, date, problem): "1989", "реабилитирован 12.05.1989", "да", "нет"."""
        lowered = text.casefold().strip(" .")
        if lowered in _YES:
            return True, None, None
        if lowered in _NO:
            return False, None, None
        stored, message = parse_date(_REHABILITATED_WORDS.sub("", text).strip())
        if message:
            return None, None, message
        return True, stored, None

    @staticmethod
    def _digest(text):
        return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest())

    def key(self, row_number, value, surname, given, patronymic, dates):
        """(the row's stable key, the earlier row with the same record number or None).
        The key is the list's own record number when it has one; else a digest of the name,
        birth and birthplace, counted so that two identical rows stay two people."""
        record_id = value.get("record_id", "")
        if record_id:
            key = f"id:{record_id}"
            first_row = self.first_row_of_record.setdefault(self._digest(key), row_number)
            return key, (first_row if first_row != row_number else None)
        text = "|".join(
            [
                exact_key(surname, given, patronymic),
                dates.get("birth_date") or "",
                " ".join(value.get("birth_place", "").casefold().split()),
            ]
        )
        base = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
        digest = self._digest(base)
        occurrence = self.occurrences.get(digest, 0) + 1
        self.occurrences[digest] = occurrence
        return (f"name:{base}" if occurrence == 1 else f"name:{base}:{occurrence}"), None

    def staged(
        self, row_number, key, value, surname, given, patronymic, dates, rehabilitation,
        more_cases=(),
    ):  # fmt: skip
        is_rehabilitated, rehabilitation_date = rehabilitation
        sentence = value.get("sentence", "")
        body = value.get("sentencing_body", "")
        has_case = any(value.get(field) for field in CASE_FIELDS) or is_rehabilitated is not None
        # Terms the database would refuse (over 50 years, over 11 months) are left to the
        # sentence's own words.
        term_years = _term(_TERM_YEARS, sentence)
        term_months = _term(_TERM_MONTHS, sentence)
        return StagedRow(
            row_number,
            key,
            surname,
            given,
            patronymic,
            slug_of(surname, given),
            dates.get("birth_date"),
            value.get("birth_place", ""),
            value.get("nationality", ""),
            value.get("occupation", ""),
            dates.get("death_date"),
            has_case,
            dates.get("arrest_date"),
            value.get("charge", ""),
            body,
            authority_kind(body) if body else "",
            dates.get("sentence_date"),
            kind_of_sentence(sentence, value.get("charge", "")),
            term_years if term_years is not None and term_years <= 50 else None,
            term_months if term_months is not None and term_months <= 11 else None,
            sentence,
            is_rehabilitated,
            rehabilitation_date,
            value.get("source_reference", "") or _("row %(row)s") % {"row": row_number},
            *name_key_columns(surname, given, patronymic).values(),
            *text_values(value),
            articles_of(value["charge"]) if value.get("charge") else (),
            more_cases,
        )

    def more_cases(self, value, problem):
        """A text entry's later arrests, their dates checked as the row's own are."""
        if not value.get("more_cases"):
            return ()
        cases = []
        for case in json.loads(value["more_cases"]):
            dates = {}
            for name in ("arrest_date", "sentence_date"):
                if case.get(name):
                    dates[name], message = parse_date(case[name])
                    if message:
                        problem("more_cases", message)
            rehabilitated, rehabilitation_date = None, None
            if case.get("rehabilitation_date"):
                rehabilitated, rehabilitation_date, message = self.rehabilitation(
                    case["rehabilitation_date"]
                )
                if message:
                    problem("more_cases", message)
            cases.append(case_values(case, dates, rehabilitated, rehabilitation_date))
        return tuple(cases)


_SEXES, _FATES = frozenset(Sex.values), frozenset(Fate.values)
_NO_TEXT_VALUES = ("", "", "", "", "", "", "", "", 0)


def text_values(value):
    """(sex, residence, fate, death place, rehabilitation body and its kind, excerpt, note,
    warnings): what a text entry says beyond a spreadsheet's columns."""
    if "excerpt" not in value:
        return _NO_TEXT_VALUES  # a spreadsheet's row, a million times over: at once
    body = value.get("rehabilitation_body", "")
    unplaced = [line for line in value.get("unplaced", "").splitlines() if line.strip()]
    note = [line for line in value.get("note", "").splitlines() if line.strip()]
    sex, fate = value.get("sex", ""), value.get("fate", "")
    return (
        sex if sex in _SEXES else "",
        value.get("residence", ""),
        fate if fate in _FATES else "",
        value.get("death_place", ""),
        body,
        authority_kind(body) if body else "",
        value.get("excerpt", ""),
        "\n".join([*note, *unplaced]),
        len(unplaced),
    )
