"""Partial and approximate historical dates.

Archive records rarely give a full date: "1885", "March 1938", "c. 1890", "autumn 1937",
"between 1937 and 1938". A :class:`PartialDate` keeps exactly what is known and nothing
more, so a year is never shown as a made-up 1 January.

It is stored as text in a subset of the Extended Date/Time Format (EDTF, ISO 8601-2) that
the Library of Congress maintains:

=================  ============  =========================
What is known      Stored as     Shown (English)
=================  ============  =========================
a year             ``1890``      1890
year and month     ``1938-03``   March 1938
a day              ``1938-03-05`` 5 March 1938
a season           ``1937-23``   autumn 1937
circa              ``1890~``     c. 1890
between            ``1937/1938`` between 1937 and 1938
=================  ============  =========================

Every stored value starts with its earliest four-digit year, so ordering the text orders
the dates, and a year range is two string comparisons that an ordinary index serves.
"""

import calendar
import datetime
from dataclasses import dataclass
from functools import total_ordering

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import written_dates

MIN_YEAR = 1800
MAX_YEAR = 2099


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
        """Read a stored value or what an archivist typed; raise ValidationError if unclear."""
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
                    "c. 1890, 1938-03, 1938-03-05, 05.03.1938, autumn 1937, 1937/1938."
                ),
                code="invalid",
                params={"value": value},
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

    def _simple_display(self):
        if self.season:
            names = {
                21: pgettext("season", "spring %(year)s"),
                22: pgettext("season", "summer %(year)s"),
                23: pgettext("season", "autumn %(year)s"),
                24: pgettext("season", "winter %(year)s"),
            }
            return names[self.season] % {"year": self.year}
        if self.day:
            return formats.date_format(
                datetime.date(self.year, self.month, self.day), "DATE_FORMAT"
            )
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    def display(self):
        """The date as a reader should see it, in the active language."""
        if self.end is not None:
            return _("between %(start)s and %(end)s") % {
                "start": self._simple_display(),
                "end": self.end._simple_display(),
            }
        if self.approximate:
            return _("c. %(date)s") % {"date": self._simple_display()}
        return self._simple_display()
