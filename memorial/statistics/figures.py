"""The figures behind the charts: one grouped query per chart, counted by the database.

Every function takes the people chosen (published people, narrowed by the names list's
filters) and returns rows of (key, label, count) plus how many records have no value, so a
chart can say what it rests on. Nothing here loops over records, only over the groups the
database returns (a few dozen years or categories)."""

from dataclasses import dataclass

from django.db.models import CharField, Count, Max
from django.db.models.functions import Lower, Substr, Trim
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from camps.models import Imprisonment
from deportations.models import DeportationRecord
from memorial.base.models import Status
from people.models import Fate, RepressionCase, SentenceKind

# The most frequent values shown one by one; the rest are added up as "other".
TOP = 10
OTHER = "other"


@dataclass(frozen=True)
class Bar:
    key: str  # what the CSV and the table name the group by: a year, a code, an id
    label: str
    count: int
    is_other: bool = False


@dataclass(frozen=True)
class Counted:
    bars: tuple
    unknown: int | None  # records without the value; None when a record without one
    # cannot be told apart (a person held in no camp)

    @property
    def counted(self):
        return sum(bar.count for bar in self.bars)

    @property
    def largest(self):
        return max(self.bars, key=lambda bar: bar.count, default=None)


def cases_of(people):
    return RepressionCase.objects.filter(person__in=people.values("pk")).order_by()


def grouped(queryset, key):
    """(key, count) of each group, by the database: one query."""
    return list(queryset.values_list(key).annotate(n=Count("pk")).order_by(key))


def by_year(people, field):
    year = Substr(field, 1, 4, output_field=CharField())
    rows = dict(grouped(cases_of(people).annotate(year=year), "year"))
    unknown = rows.pop(None, 0)
    years = sorted(int(year) for year in rows)
    if not years:
        return Counted((), unknown)
    # Every year between the first and the last, so the axis is time and a gap shows.
    bars = tuple(
        Bar(str(year), str(year), rows.get(f"{year:04d}", 0))
        for year in range(years[0], years[-1] + 1)
    )
    return Counted(bars, unknown)


def arrests_by_year(people):
    return by_year(people, "arrest_date")


def sentences_by_year(people):
    return by_year(people, "sentence_date")


def by_choice(rows, choices):
    """Groups named by a model's choices, the largest first."""
    rows = dict(rows)
    unknown = rows.pop("", 0) + rows.pop(None, 0)
    labels = dict(choices)
    ordered = sorted(rows.items(), key=lambda item: (-item[1], item[0]))
    return Counted(tuple(Bar(key, str(labels.get(key, key)), n) for key, n in ordered), unknown)


def sentences_by_kind(people):
    return by_choice(grouped(cases_of(people), "sentence_kind"), SentenceKind.choices)


def fates(people):
    return by_choice(grouped(people.order_by(), "fate"), Fate.choices)


def rehabilitations_by_decade(people):
    decade = Substr("rehabilitation_date", 1, 3, output_field=CharField())
    cases = cases_of(people).filter(is_rehabilitated=True).annotate(decade=decade)
    rows = dict(grouped(cases, "decade"))
    unknown = rows.pop(None, 0)
    bars = tuple(
        Bar(f"{key}0", pgettext("decade", "%(year)ss") % {"year": f"{key}0"}, n)
        for key, n in sorted(rows.items())
    )
    return Counted(bars, unknown)


def with_other(rows, other_label):
    """The TOP largest of (key, label, count), ordered, and the rest as one "other" bar."""
    ordered = sorted(rows, key=lambda row: (-row[2], str(row[1])))
    bars = [Bar(str(key), str(label), n) for key, label, n in ordered[:TOP]]
    rest = sum(row[2] for row in ordered[TOP:])
    if rest:
        bars.append(Bar(OTHER, str(other_label), rest, is_other=True))
    return tuple(bars)


def nationalities(people):
    # Free text: "Kazakh", "kazakh " and "Kazakh" are one group, shown as most often written.
    rows = (
        people.order_by()
        .annotate(key=Lower(Trim("nationality")))
        .values("key")
        .annotate(label=Max("nationality"), n=Count("pk"))
        .values_list("key", "label", "n")
    )
    rows = list(rows)
    unknown = sum(n for key, label, n in rows if not key)
    known = [(key, label.strip(), n) for key, label, n in rows if key]
    return Counted(with_other(known, _("other nationalities")), unknown)


def sentencing_bodies(people):
    rows = list(
        cases_of(people)
        .values("sentencing_body_id")
        .annotate(label=Max("sentencing_body__name"), n=Count("pk"))
        .values_list("sentencing_body_id", "label", "n")
    )
    unknown = sum(n for key, label, n in rows if key is None)
    known = [row for row in rows if row[0] is not None]
    return Counted(with_other(known, _("other bodies")), unknown)


def people_per_place(records, place, other_label):
    """People per camp or deportation: each person once per place, published places only."""
    rows = (
        records.filter(**{f"{place}__status": Status.PUBLISHED})
        .order_by()
        .values(f"{place}_id")
        .annotate(label=Max(f"{place}__{'name' if place == 'camp' else 'title'}"))
        .annotate(n=Count("person_id", distinct=True))
        .values_list(f"{place}_id", "label", "n")
    )
    return Counted(with_other(list(rows), other_label), None)


def people_per_camp(people):
    records = Imprisonment.objects.filter(person__in=people.values("pk"))
    return people_per_place(records, "camp", _("other camps"))


def people_per_deportation(people):
    records = DeportationRecord.objects.filter(person__in=people.values("pk"))
    return people_per_place(records, "deportation", _("other deportations"))
