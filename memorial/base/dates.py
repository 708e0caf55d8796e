"""Partial and approximate historical dates.

Archive records rarely give a full date: "1885", "March 1938", "c. 1890", "autumn 1937",
"between 1937 and 1938", "the 1880s". A :class:`PartialDate` keeps exactly what is known and
nothing more, so a year is never shown as a made-up 1 January.

It is stored as text in a subset of the Extended Date/Time Format (EDTF, ISO 8601-2) that
the Library of Congress maintains:

===========  ==============  =====================  =================  =========================
Known        Stored          English                Russian            Kazakh
===========  ==============  =====================  =================  =========================
a year       ``1890``        1890                   1890               1890
year, month  ``1938-03``     March 1938             март 1938 г.       1938 жылғы наурыз
a day        ``1938-03-05``  March 5, 1938          5 марта 1938 г.    1938 жылғы 5 наурыз
a season     ``1937-23``     autumn 1937            осень 1937 г.      1937 жылдың күзі
circa        ``1890~``       c. 1890                ок. 1890           шамамен 1890
between      ``1937/1938``   between 1937 and 1938  между 1937 и 1938  1937 және 1938 аралығында
a decade     ``1880/1889``   1880s                  1880-е годы        1880 жылдары
===========  ==============  =====================  =================  =========================

A decade is the range of its ten years, not EDTF's unspecified digits ``188X``: a range
whose start is a plain year ending in 0 and whose end is that year plus nine is shown as the
decade. So every stored value starts with its earliest four-digit year, ordering the text
orders the dates (a decade sorts among its first year, after the dates within that year),
and a year range is two string comparisons that an ordinary index serves: the ``year_from``
and ``year_to`` lookups, the admin's decade filter and the database's year checks
(:mod:`memorial.base.fields`) compare the first four characters.

Partial dates follow the order of the same language's full dates (memorial/formats): Russian adds
"г." after a year that follows a day, month or season, and governs the months and seasons
of a range in the instrumental ("между сентябрём 1937 г. и мартом 1938 г."); a year alone
stays bare, as in "1890–1938".

What archivists type, in Russian, Kazakh and English, is read by
:mod:`memorial.base.written_dates` (its docstring lists the forms it reads and refuses).
"""

import calendar
from dataclasses import dataclass
from functools import total_ordering

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from . import written_dates

MIN_YEAR = 1800
MAX_YEAR = 2099

SEASON_NAMES = {
    21: pgettext_lazy("season", "spring %(year)s"),
    22: pgettext_lazy("season", "summer %(year)s"),
    23: pgettext_lazy("season", "autumn %(year)s"),
    24: pgettext_lazy("season", "winter %(year)s"),
}
# A month named alone ("сентябрь 1937") and on a day ("5 сентября 1937"): Russian changes
# the word's case, English abbreviates it as Django's date format does ("Sept. 5, 1937").
MONTHS_ALONE = {
    1: pgettext_lazy("month alone", "January"),
    2: pgettext_lazy("month alone", "February"),
    3: pgettext_lazy("month alone", "March"),
    4: pgettext_lazy("month alone", "April"),
    5: pgettext_lazy("month alone", "May"),
    6: pgettext_lazy("month alone", "June"),
    7: pgettext_lazy("month alone", "July"),
    8: pgettext_lazy("month alone", "August"),
    9: pgettext_lazy("month alone", "September"),
    10: pgettext_lazy("month alone", "October"),
    11: pgettext_lazy("month alone", "November"),
    12: pgettext_lazy("month alone", "December"),
}
# Russian governs the months and seasons of a range in the instrumental: "между сентябрём
# 1937 г. и мартом 1938 г.", "между осенью 1937 г. и весной 1938 г.".
MONTHS_IN_A_RANGE = {
    1: pgettext_lazy("month in a range", "January"),
    2: pgettext_lazy("month in a range", "February"),
    3: pgettext_lazy("month in a range", "March"),
    4: pgettext_lazy("month in a range", "April"),
    5: pgettext_lazy("month in a range", "May"),
    6: pgettext_lazy("month in a range", "June"),
    7: pgettext_lazy("month in a range", "July"),
    8: pgettext_lazy("month in a range", "August"),
    9: pgettext_lazy("month in a range", "September"),
    10: pgettext_lazy("month in a range", "October"),
    11: pgettext_lazy("month in a range", "November"),
    12: pgettext_lazy("month in a range", "December"),
}
SEASONS_IN_A_RANGE = {
    21: pgettext_lazy("season in a range", "spring %(year)s"),
    22: pgettext_lazy("season in a range", "summer %(year)s"),
    23: pgettext_lazy("season in a range", "autumn %(year)s"),
    24: pgettext_lazy("season in a range", "winter %(year)s"),
}
MONTHS_ON_A_DAY = {
    1: pgettext_lazy("month on a day", "Jan."),
    2: pgettext_lazy("month on a day", "Feb."),
    3: pgettext_lazy("month on a day", "March"),
    4: pgettext_lazy("month on a day", "April"),
    5: pgettext_lazy("month on a day", "May"),
    6: pgettext_lazy("month on a day", "June"),
    7: pgettext_lazy("month on a day", "July"),
    8: pgettext_lazy("month on a day", "Aug."),
    9: pgettext_lazy("month on a day", "Sept."),
    10: pgettext_lazy("month on a day", "Oct."),
    11: pgettext_lazy("month on a day", "Nov."),
    12: pgettext_lazy("month on a day", "Dec."),
}


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, month, day or season, maybe approximate or a range."""

    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None
    approximate: bool = False
    end: "PartialDate | None" = None

    def __post_init__(self):
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValidationError(
                _("The year %(year)s is outside %(min)s–%(max)s."),
                code="year_range",
                params={"year": self.year, "min": MIN_YEAR, "max": MAX_YEAR},
            )
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError(
                _("There is no month %(month)s."), code="month", params={"month": self.month}
            )
        if self.day is not None:
            if self.month is None:
                raise ValidationError(_("A day needs a month."), code="day")
            last_day = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last_day:
                raise ValidationError(
                    _("There is no day %(day)s in that month."),
                    code="day",
                    params={"day": self.day},
                )
        if self.end is not None:
            if self.end.end is not None or self.end.approximate or self.approximate:
                raise ValidationError(
                    _("A range joins two plain dates, e.g. 1937/1938."), code="range"
                )
            if self.end.sort_key < self.sort_key:
                raise ValidationError(_("The range ends before it starts."), code="range_order")

    # -- parsing -------------------------------------------------------------------------

    @classmethod
    def parse(cls, text):
        """Read a stored value or what an archivist typed, in any form
        :mod:`memorial.base.written_dates` lists; raise ValidationError if unclear."""
        if isinstance(text, PartialDate):
            return text
        value = " ".join(str(text).split()).strip()
        if not value:
            raise ValidationError(_("Enter a date."), code="empty")
        try:
            return cls._parse(value)
        except ValidationError:
            raise
        except (ValueError, TypeError):
            raise ValidationError(
                _(
                    "“%(value)s” is not a date this portal understands. Examples: 1890, "
                    "c. 1890, March 1938, 5 September 1937, 5.IX.1937, autumn 1937, "
                    "1937–1938, 1880s."
                ),
                code="invalid",
                params={"value": value if len(value) <= 80 else value[:80] + "…"},
            ) from None

    @classmethod
    def _parse(cls, value):
        start, end, approximate = written_dates.read(value)
        if end is not None:
            end = cls(end.year, end.month, end.day, end.season)
        return cls(start.year, start.month, start.day, start.season, approximate, end)

    # -- storage and ordering ------------------------------------------------------------

    def _simple_text(self):
        if self.season:
            return f"{self.year:04d}-{self.season:02d}"
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def __str__(self):
        """The stored EDTF text, e.g. ``1890~`` or ``1937/1938``."""
        text = self._simple_text()
        if self.end is not None:
            return f"{text}/{self.end._simple_text()}"
        return text + ("~" if self.approximate else "")

    @property
    def sort_key(self):
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other):
        if not isinstance(other, PartialDate):
            return NotImplemented
        return str(self) < str(other)

    @property
    def latest_year(self):
        return self.end.year if self.end is not None else self.year

    # -- display -------------------------------------------------------------------------

    def _simple_display(self, in_a_range=False):
        if self.season:
            seasons = SEASONS_IN_A_RANGE if in_a_range else SEASON_NAMES
            return seasons[self.season] % {"year": self.year}
        if self.day:
            return pgettext("date with a day", "%(month)s %(day)s, %(year)s") % {
                "month": MONTHS_ON_A_DAY[self.month],
                "day": self.day,
                "year": self.year,
            }
        if self.month:
            return pgettext("date with a month", "%(month)s %(year)s") % {
                "month": (MONTHS_IN_A_RANGE if in_a_range else MONTHS_ALONE)[self.month],
                "year": self.year,
            }
        return str(self.year)

    @property
    def is_decade(self):
        """A range of the ten plain years of a decade: 1880/1889."""
        end = self.end
        return (
            end is not None
            and self == PartialDate(self.year, end=end)
            and end == PartialDate(self.year + 9)
            and self.year % 10 == 0
        )

    def display(self):
        """The date as a reader should see it, in the active language."""
        if self.is_decade:
            return pgettext("decade", "%(year)ss") % {"year": self.year}
        if self.end is not None:
            return _("between %(start)s and %(end)s") % {
                "start": self._simple_display(in_a_range=True),
                "end": self.end._simple_display(in_a_range=True),
            }
        if self.approximate and self.month and not self.day:
            # Russian puts the month after "ок." in the genitive: "ок. мая 1938".
            return pgettext("approximate month", "c. %(month)s %(year)s") % {
                "month": MONTHS_ON_A_DAY[self.month],
                "year": self.year,
            }
        if self.approximate:
            return _("c. %(date)s") % {"date": self._simple_display()}
        return self._simple_display()
