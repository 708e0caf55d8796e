"""The evaluation set of the text import: made-up entries in Memorial's narrative form and
Open List's labelled form (text_entries_evaluation/entries.txt), and what a careful reader
takes from each (expected.json, in the order of the entries). `manage.py
evaluate_text_import` prints each field's accuracy; the tests hold every field at 95 % or
more.

None of these people is real: the names are common ones of the peoples of the region, and
the dates and places are invented for the test alone. This data is never loaded into a
portal."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from people.importing.reading import open_table
from people.importing.rows import RowChecker
from people.importing.text_entries import camp_matcher, camp_words

DIRECTORY = Path(__file__).parent / "text_entries_evaluation"
# The fields measured, as the checked row (rows.StagedRow) holds them.
FIELDS = (
    "surname",
    "given_name",
    "patronymic",
    "sex",
    "birth_date",
    "birth_place",
    "nationality",
    "occupation",
    "residence",
    "arrest_date",
    "charge",
    "articles",
    "sentencing_body",
    "sentence_date",
    "sentence_kind",
    "term_years",
    "sentence_text",
    "is_rehabilitated",
    "rehabilitation_date",
    "rehabilitation_body",
    "fate",
    "death_date",
    "death_place",
    "locator",
    "later_arrests",
    "camps",
)
# The camps the evaluation's portal has, as (id, name, full name, abbreviation).
CAMPS = (
    (1, "Karlag", "Karaganda corrective labour camp", "KarLAG"),
    (2, "ALZhIR", "Akmola camp for wives of traitors to the Motherland", "АЛЖИР"),
    (3, "Steplag", "Steppe camp", ""),
)
CAMP_NAMES = {camp_id: name for camp_id, name, *_ in CAMPS}
CAMPS_NAMED = camp_matcher(CAMPS)


@dataclass
class Figures:
    entries: int = 0
    bad: int = 0
    right: dict = field(default_factory=dict)  # field -> entries read right
    counted: dict = field(default_factory=dict)  # field -> entries that say or got it
    misses: list = field(default_factory=list)  # (entry's first line, field, expected, got)

    def accuracy(self, name):
        counted = self.counted.get(name, 0)
        return self.right.get(name, 0) / counted if counted else 1.0


def got_values(staged):
    """The measured fields of a checked row; none for an entry the import refused."""
    if staged is None:
        return {}
    values = {name: getattr(staged, name) for name in FIELDS if name in staged._fields}
    values["articles"] = sorted(staged.articles)
    values["later_arrests"] = [case.arrest_date for case in staged.more_cases]
    values["camps"] = [CAMP_NAMES[camp_id] for camp_id in CAMPS_NAMED(camp_words(staged))]
    return values


def expected_values(expected):
    values = {name: expected.get(name) for name in FIELDS}
    values["articles"] = sorted(expected.get("articles", []))
    values["later_arrests"] = expected.get("later_arrests", [])
    values["camps"] = sorted(expected.get("camps", []))
    if expected.get("rehabilitation_date"):
        values["is_rehabilitated"] = True
    return values


def empty(value):
    return value in (None, "", [], ())


def score(figures, first_line, expected, got):
    for name in FIELDS:
        want, have = expected[name], got.get(name)
        if empty(want) and empty(have):
            continue
        figures.counted[name] = figures.counted.get(name, 0) + 1
        if want == have or (empty(want) and empty(have)):
            figures.right[name] = figures.right.get(name, 0) + 1
        else:
            figures.misses.append((first_line, name, want, have))


def evaluate(directory=DIRECTORY):
    """Read the set's entries as the import reads them, and count what it read right."""
    expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    figures = Figures()
    with open_table(directory / "entries.txt") as table:
        checker = RowChecker(table.headers, table.columns)
        for (number, cells), wanted in zip(table.rows, expected, strict=True):
            first_line = cells[0]
            if not first_line.startswith(wanted["first_line"]):
                raise ValueError(f"entry {number} is {first_line!r}, not {wanted['first_line']!r}")
            staged, problems = checker.check(number, cells)
            figures.entries += 1
            figures.bad += bool(problems)
            score(figures, first_line, expected_values(wanted), got_values(staged))
    return figures
