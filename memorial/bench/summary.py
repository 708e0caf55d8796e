"""The latest figures at each size, read back from the runs docs/benchmarks.md records.

Each run of `benchmark --write` adds an entry "## <when> UTC, N people" of Markdown tables.
This reads the newest entry for every size, picks the figures the targets are set on, and
writes one table per size and a table of how each figure grows from size to size, between
two markers near the top of the file (`benchmark_summary --write`; `make bench` runs it last).
"""

import re
from dataclasses import dataclass

START = "<!-- sizes: written by `manage.py benchmark_summary`, do not edit by hand -->"
END = "<!-- /sizes -->"
ENTRY = re.compile(r"^## (?P<when>.+?) UTC, (?P<people>[\d,]+) people$")
IMPORT_ENTRY = re.compile(r"^## (?P<when>.+?) UTC, import of (?P<rows>[\d,]+) rows")
IMPORT_TARGET = 0.8  # of PostgreSQL's own COPY of the same rows


@dataclass(frozen=True)
class Figure:
    name: str
    row: str  # a pattern the first cell of the row starts with, as the benchmark writes it
    column: int  # which of the row's other cells
    unit: str
    target: float | None = None
    at_least: bool = False  # a target the figure must reach, not stay under

    def judged(self, value):
        if self.target is None or value is None:
            return ""
        met = value >= self.target if self.at_least else value <= self.target
        return "met" if met else "**missed**"

    def target_text(self):
        if self.target is None:
            return ""
        sign = "≥" if self.at_least else "≤"
        return f"{sign} {self.target:g}{self.unit}"


# The targets of issue 21 (and, for text search and statistics, of issue 18).
FIGURES = [
    Figure("name search p95", r"name search \(matcher\)$", 1, " ms", 30),
    Figure("intended name in the top 10", r"name search \(matcher\)$", 3, " %", 95, True),
    Figure("biography, rendered, p95", r"biography page \(rendered, not", 1, " ms", 10),
    Figure(
        "biography from the cache / minimal view",
        r"\*\*biography \(from the cache\)",
        0,
        "",
        1.0,
        True,
    ),  # fmt: skip
    Figure("names list, filtered, p95", r"names list, filtered", 1, " ms", 30),
    Figure("API page p95", r"one page of 100 people", 1, " ms", 30),
    Figure("admin changelist p95", r"admin person changelist$", 1, " ms", 100),
    Figure("admin changelist, searched, p95", r"admin person changelist, searched", 1, " ms", 200),
    Figure("text search p95", r"texts, all kinds, ranked", 2, " ms", 100),
    Figure("search page (names and texts) p95", r"search page, names and texts", 2, " ms"),
    Figure("statistics from the cache p95", r"unfiltered .*from the cache", 2, " ms", 50),
    Figure("statistics recounted p95", r"unfiltered .*recounted", 2, " ms", 2000),
    Figure("statistics filtered, recounted, p95", r"filtered .*recounted", 2, " ms", 2000),
    # No target: the machine's own speed in that run. The same code ran at 1,676 to 3,794
    # requests a second on the same kind of machine, so figures compare within a run.
    Figure("minimal Django view (the machine's speed)", r"minimal Django view$", 0, " requests/s"),
]


def entries(text):
    """{people: (when, [lines])} of the newest entry for each size."""
    newest, current = {}, None
    for line in text.splitlines():
        if line.startswith("## "):
            match = ENTRY.match(line)
            current = None
            if match:
                people = int(match["people"].replace(",", ""))
                if people not in newest:  # newest first: the first seen is the latest
                    newest[people] = (match["when"], [])
                    current = newest[people][1]
        elif current is not None:
            current.append(line)
    return newest


def matches(cell, row):
    return re.match(row, cell) is not None


def value_of(lines, figure):
    """The figure's number in an entry's tables, or None where the run did not measure it."""
    for line in lines:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not matches(cells[0], figure.row):
            continue
        values = cells[1:]
        if figure.column >= len(values):
            return None
        try:
            return float(values[figure.column].strip("*% ").replace(",", ""))
        except ValueError:
            return None
    return None


def shown(value, figure):
    if value is None:
        return "–"
    if figure.unit in (" %", " requests/s"):
        return f"{value:,.0f}"
    return f"{value:,.2f}" if figure.unit == "" else f"{value:,.1f}"


def size_tables(newest):
    lines = []
    for people in sorted(newest):
        when, entry = newest[people]
        lines += [f"**{people:,} people** (run of {when} UTC):", "",
                  "| figure | value | target | |", "|---|---:|---|---|"]  # fmt: skip
        for figure in FIGURES:
            value = value_of(entry, figure)
            unit = figure.unit if value is not None else ""
            lines.append(
                f"| {figure.name} | {shown(value, figure)}{unit} | {figure.target_text()} "
                f"| {figure.judged(value)} |"
            )
        lines.append("")
    return lines


def growth_table(newest):
    sizes = sorted(newest)
    lines = [
        "How each figure grows with the number of people (the newest run at each size; the "
        "last column is the largest size's figure over the smallest's):",
        "",
        "| figure | " + " | ".join(f"{people:,}" for people in sizes) + " | growth |",
        "|---|" + "---:|" * (len(sizes) + 1),
        "| run (UTC) | " + " | ".join(newest[people][0] for people in sizes) + " | |",
    ]
    for figure in FIGURES:
        values = [value_of(newest[people][1], figure) for people in sizes]
        known = [value for value in values if value]
        growth = f"× {known[-1] / known[0]:.1f}" if len(known) >= 2 else ""
        cells = [shown(value, figure) for value in values]
        name = f"{figure.name},{figure.unit}" if figure.unit.strip() else figure.name
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} |")
    return lines


def import_lines(text):
    """The newest import run's rates as shares of COPY's, against the target."""
    lines, when = [], None
    for line in text.splitlines():
        match = IMPORT_ENTRY.match(line)
        if match and when is None:
            when = match["when"]
            lines.append(
                f"Imports (run of {when} UTC, {match['rows']} rows), each as a share of "
                "PostgreSQL's own COPY of the rows it wrote (target ≥ 80 %):"
            )
            lines.append("")
        elif when is not None and line.startswith("## "):
            break
        elif when is not None and line.startswith("| ") and line.rstrip().endswith("% |"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            share = float(cells[-1].rstrip("%")) / 100
            verdict = "met" if share >= IMPORT_TARGET else "**missed**"
            lines.append(f"- {cells[0]}: {cells[4]} a second, {cells[-1]} of COPY's ({verdict})")
    return lines


def summary(text):
    """The section between the markers, from the runs in `text`."""
    newest = entries(text)
    if not newest:
        return [START, "", "No runs recorded yet.", "", END]
    imports = import_lines(text)
    return [START, "", *size_tables(newest), *growth_table(newest), "",
            *imports, *([""] if imports else []), END]  # fmt: skip


def with_summary(text):
    """The file's text with its summary section replaced (or added before *Runs*)."""
    section = "\n".join(summary(text))
    if START in text and END in text:
        before, _, rest = text.partition(START)
        _, _, after = rest.partition(END)
        return before + section + after
    before, marker, after = text.partition("### Runs")
    return before + "### The latest at each size\n\n" + section + "\n\n" + marker + after
