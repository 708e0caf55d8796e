"""The timeline of deportations, drawn as SVG on the server: one row per deportation."""

from dataclasses import dataclass

WIDTH = 1000
LABEL_WIDTH = 0
ROW_HEIGHT = 64
TOP = 40


@dataclass(frozen=True)
class ChartRow:
    y: float
    x: float
    bar_width: float
    title: str
    peoples: str
    figure: str
    url: str
    years: str


def deportation_timeline(deportations):
    """Rows for deportations with a known start year, placed on a shared axis of years."""
    dated = [deportation for deportation in deportations if deportation.start]
    if not dated:
        return None
    first = min(deportation.start.year for deportation in dated)
    last = max((deportation.end or deportation.start).latest_year for deportation in dated)
    first, last = first - 1, last + 1
    year_width = (WIDTH - 40) / (last - first + 1)

    def x_of(year):
        return round(20 + (year - first) * year_width, 1)

    rows = []
    for index, deportation in enumerate(dated):
        start = deportation.start.year
        end = (deportation.end or deportation.start).latest_year
        figures = deportation.figures.all()
        rows.append(
            ChartRow(
                y=TOP + index * ROW_HEIGHT,
                x=x_of(start),
                bar_width=max(round((end - start + 1) * year_width, 1), 8),
                title=deportation.title,
                peoples=", ".join(people.name for people in deportation.peoples.all()),
                figure=figures[0].display_value() if figures else "",
                url=deportation.get_absolute_url(),
                years=str(start) if start == end else f"{start}–{end}",
            )
        )
    ticks = [
        {"x": x_of(year), "label": year}
        for year in range(first, last + 1)
        if year % 5 == 0 or (last - first) <= 10
    ]
    return {
        "width": WIDTH,
        "height": TOP + len(rows) * ROW_HEIGHT + 10,
        "rows": rows,
        "ticks": ticks,
        "axis_y": 24,
    }
