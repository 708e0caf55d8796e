"""The charts of the statistics page: what each counts, and its picture drawn as SVG geometry
for the template (no script draws anything in the browser).

Two shapes: columns along a time axis (years, decades) and horizontal bars for categories,
each bar's label written above it so a long name never shrinks the bar."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

WIDTH = 480
# The columns' plot: room on the left for the scale (at least), below for the years.
PLOT_LEFT, PLOT_TOP, PLOT_HEIGHT, AXIS_ROOM = 52, 14, 200, 34
# A category's row: its label, then its bar, then space.
ROW_HEIGHT, BAR_HEIGHT, LABEL_ROOM = 50, 20, 22
# Room after the longest bar for its number.
NUMBER_ROOM = 92
LONGEST_LABEL = 44


@dataclass(frozen=True)
class ChartKind:
    slug: str
    title: str
    category: str  # the table's first column
    unit: str  # what is counted: the table's second column
    counted: str
    unknown: str | None
    on_time_axis: bool = False
    note: str = ""
    # Groups are decades: described as decades, not as their labels ("the 1950s", which
    # Russian declines: "с 1950-х по 1980-е").
    in_decades: bool = False


CHARTS = (
    ChartKind(
        "arrests-by-year",
        gettext_lazy("Arrests by year"),
        gettext_lazy("Year"),
        gettext_lazy("Arrests"),
        gettext_lazy("Arrests with a known year"),
        gettext_lazy("Arrests with no year recorded"),
        on_time_axis=True,
    ),
    ChartKind(
        "sentences-by-year",
        gettext_lazy("Sentences by year"),
        gettext_lazy("Year"),
        gettext_lazy("Sentences"),
        gettext_lazy("Sentences with a known year"),
        gettext_lazy("Sentences with no year recorded"),
        on_time_axis=True,
    ),
    ChartKind(
        "sentences-by-kind",
        gettext_lazy("Sentences by kind"),
        gettext_lazy("Sentence"),
        gettext_lazy("Cases"),
        gettext_lazy("Cases with the sentence recorded"),
        gettext_lazy("Cases with no sentence recorded"),
    ),
    ChartKind(
        "fates",
        gettext_lazy("Fates"),
        gettext_lazy("Fate"),
        gettext_lazy("People"),
        gettext_lazy("People whose fate is recorded"),
        gettext_lazy("People whose fate has not been checked yet"),
    ),
    ChartKind(
        "rehabilitations-by-decade",
        gettext_lazy("Rehabilitations by decade"),
        gettext_lazy("Decade"),
        gettext_lazy("Rehabilitations"),
        gettext_lazy("Rehabilitations with a known date"),
        gettext_lazy("Rehabilitations with no date recorded"),
        on_time_axis=True,
        in_decades=True,
    ),
    ChartKind(
        "nationalities",
        gettext_lazy("The most frequent nationalities"),
        gettext_lazy("Nationality"),
        gettext_lazy("People"),
        gettext_lazy("People with a nationality recorded"),
        gettext_lazy("People with no nationality recorded"),
        note=gettext_lazy("Nationalities as the sources write them."),
    ),
    ChartKind(
        "sentencing-bodies",
        gettext_lazy("Sentencing bodies"),
        gettext_lazy("Sentenced by"),
        gettext_lazy("Cases"),
        gettext_lazy("Cases with the sentencing body recorded"),
        gettext_lazy("Cases with no sentencing body recorded"),
    ),
    ChartKind(
        "camps",
        gettext_lazy("People per camp"),
        gettext_lazy("Camp"),
        gettext_lazy("People"),
        gettext_lazy("People counted in a camp"),
        None,
        note=gettext_lazy("A person held in more than one camp is counted in each."),
    ),
    ChartKind(
        "deportations",
        gettext_lazy("People per deportation"),
        gettext_lazy("Deportation"),
        gettext_lazy("People"),
        gettext_lazy("People counted in a deportation"),
        None,
        note=gettext_lazy("A person deported more than once is counted in each deportation."),
    ),
)
CHART_OF = {chart.slug: chart for chart in CHARTS}


def shown(number):
    return number_format(number, force_grouping=True)


def at(number):
    """A coordinate as SVG writes it: a dot for decimals and no thousands separator whatever
    the page's language (the template would write "52,5" on a Russian page)."""
    return f"{round(number, 1):g}"


def round_up(value):
    """The top of the scale: 1, or 2, 4, 6 or 8 times a power of ten, at least the value, so
    that half of it is a whole number too."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for factor in (2, 4, 6, 8, 10):
            if step * factor >= value:
                return step * factor
        step *= 10


def year_step(count):
    """Label every year, or every 2nd, 5th, 10th…, so that at most ten labels show."""
    for step in (1, 2, 5, 10, 20, 50):
        if count <= step * 10:
            return step
    return 100


def columns(counted):
    """Columns along a time axis, with a scale of three lines."""
    bars = counted.bars
    top = round_up(max(bar.count for bar in bars))
    # Room for the scale's longest number ("100 000" at a million people): 10 a letter, as
    # the letters are larger on a phone.
    left = max(PLOT_LEFT, 12 + 10 * len(shown(top)))
    slot = (WIDTH - left - 4) / len(bars)
    step = year_step(len(bars))
    base = PLOT_TOP + PLOT_HEIGHT
    shapes = []
    for index, bar in enumerate(bars):
        height = PLOT_HEIGHT * bar.count / top
        x = left + index * slot
        shapes.append(
            {
                "x": at(x + slot * 0.1),
                "y": at(base - height),
                "width": at(max(slot * 0.8, 1)),
                "height": at(height),
                "label_x": at(x + slot / 2),
                "labelled": int(bar.key) % step == 0 if bar.key.isdigit() else True,
                "bar": bar,
                "shown": shown(bar.count),
            }
        )
    scale = [
        {"y": at(base - PLOT_HEIGHT * part), "label": shown(int(top * part))}
        for part in ((0, 1) if top == 1 else (0, 0.5, 1))
    ]
    return {
        "columns": shapes,
        "scale": scale,
        "height": at(base + AXIS_ROOM),
        "base": at(base),
        "left": at(left),
        "scale_x": at(left - 6),
    }


def horizontal_bars(counted):
    largest = max(bar.count for bar in counted.bars) or 1
    room = WIDTH - NUMBER_ROOM
    rows = []
    for index, bar in enumerate(counted.bars):
        y = index * ROW_HEIGHT
        width = max(room * bar.count / largest, 2)
        label = bar.label
        if len(label) > LONGEST_LABEL:
            label = label[: LONGEST_LABEL - 1].rstrip() + "…"
        rows.append(
            {
                "label_y": at(y + 16),
                "bar_y": at(y + LABEL_ROOM),
                "width": at(width),
                "number_x": at(width + 6),
                "number_y": at(y + LABEL_ROOM + 15),
                "label": label,
                "bar": bar,
                "shown": shown(bar.count),
            }
        )
    return {"rows": rows, "height": at(len(rows) * ROW_HEIGHT)}


def description(kind, counted):
    """What the picture shows, in words: its text alternative."""
    largest = counted.largest
    if largest is None:
        return _("No records to count.")
    first, last = counted.bars[0], counted.bars[-1]
    if kind.in_decades:
        return pgettext(
            "decades",
            "From the %(first)ss to the %(last)ss; the most, %(count)s, in the %(label)ss.",
        ) % {
            "first": first.key,
            "last": last.key,
            "count": shown(largest.count),
            "label": largest.key,
        }
    if kind.on_time_axis:
        return _("From %(first)s to %(last)s; the most, %(count)s, in %(label)s.") % {
            "first": first.label,
            "last": last.label,
            "count": shown(largest.count),
            "label": largest.label,
        }
    return _("The most: %(label)s, %(count)s.") % {
        "label": largest.label,
        "count": shown(largest.count),
    }


def draw(kind, counted):
    """Everything the template needs to show one chart, its table and what it rests on."""
    picture = None
    if counted.bars and any(bar.count for bar in counted.bars):
        picture = columns(counted) if kind.on_time_axis else horizontal_bars(counted)
        picture["width"] = at(WIDTH)
    return {
        "slug": kind.slug,
        "title": str(kind.title),
        "category": str(kind.category),
        "unit": str(kind.unit),
        "note": str(kind.note),
        "counted_label": str(kind.counted),
        "counted": shown(counted.counted),
        "unknown_label": str(kind.unknown) if kind.unknown is not None else "",
        "unknown": shown(counted.unknown) if counted.unknown is not None else "",
        "description": description(kind, counted),
        "on_time_axis": kind.on_time_axis,
        "picture": picture,
        "rows": [(bar.label, bar.count) for bar in counted.bars],
        "unknown_count": counted.unknown,
        # The table lists what was found: the empty years of a time axis only in the picture.
        "table": [
            (bar.label, shown(bar.count))
            for bar in counted.bars
            if bar.count or not kind.on_time_axis
        ],
    }
