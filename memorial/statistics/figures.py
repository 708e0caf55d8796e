"""The figures behind the charts, counted by the database in a few grouped queries.

At a million people each pass over the arrests and sentences costs a second, so the five
charts of the cases are read in one pass: the cases grouped by arrest year, sentence year,
sentence, rehabilitation decade and sentencing body together, a few thousand groups that are
then added up per chart. The people's two charts (fate, nationality) are one more pass, the
camps and the deportations one each. Nothing here loops over records, only over the groups
the database returns.

`count_all` returns, for each chart, its bars of (key, label, count) and how many records
have no value, so a chart can say what it rests on."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Max, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from camps.models import Imprisonment
from deportations.models import DeportationRecord
from memorial.base.models import Status
from people.models import Authority, Fate, RepressionCase, SentenceKind

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


def text(expression):
    return Coalesce(expression, Value(""), output_field=CharField())


def case_groups(cases):
    """Cases grouped by everything the five charts of cases count: rows of (arrest year,
    sentence year, sentence, rehabilitation decade, body, count). The decade is None for a
    case not rehabilitated and "" for one without a date."""
    decade = Case(
        When(is_rehabilitated=True, then=text(Substr("rehabilitation_date", 1, 3))),
        output_field=CharField(),
    )
    return (
        cases.order_by()
        .annotate(
            arrest_year=text(Substr("arrest_date", 1, 4)),
            sentence_year=text(Substr("sentence_date", 1, 4)),
            decade=decade,
            body=Coalesce("sentencing_body_id", Value(0)),
        )
        .values_list("arrest_year", "sentence_year", "sentence_kind", "decade", "body")
        .annotate(n=Count("pk"))
        .values_list("arrest_year", "sentence_year", "sentence_kind", "decade", "body", "n")
    )


def groups_of_cases(people, filtered):
    """The groups of the chosen people's cases. Unfiltered, every case counted less those of
    people not published: the same figures without reading the whole table of people, which
    holds their biographies (at a million people, half a gigabyte)."""
    if filtered:
        return list(case_groups(RepressionCase.objects.filter(person__in=people.values("pk"))))
    hidden = [status for status in Status.values if status != Status.PUBLISHED]
    every = Counter({group[:-1]: group[-1] for group in case_groups(RepressionCase.objects)})
    unpublished = case_groups(RepressionCase.objects.filter(person__status__in=hidden))
    every.subtract({group[:-1]: group[-1] for group in unpublished})
    return [(*key, n) for key, n in every.items() if n > 0]


def tally(groups, column):
    """The groups' counts added up by one of their columns: {value: count}."""
    totals = Counter()
    for group in groups:
        totals[group[column]] += group[-1]
    return totals


def by_year(totals):
    unknown = totals.pop("", 0)
    years = sorted(int(year) for year in totals)
    if not years:
        return Counted((), unknown)
    # Every year between the first and the last, so the axis is time and a gap shows.
    bars = tuple(
        Bar(str(year), str(year), totals.get(f"{year:04d}", 0))
        for year in range(years[0], years[-1] + 1)
    )
    return Counted(bars, unknown)


def by_choice(totals, choices):
    """Groups named by a model's choices, the largest first."""
    unknown = totals.pop("", 0) + totals.pop(None, 0)
    labels = dict(choices)
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return Counted(tuple(Bar(key, str(labels.get(key, key)), n) for key, n in ordered), unknown)


def by_decade(totals):
    totals.pop(None, 0)  # not rehabilitated, or not known to be
    unknown = totals.pop("", 0)
    bars = tuple(
        Bar(f"{key}0", pgettext("decade", "%(year)ss") % {"year": f"{key}0"}, n)
        for key, n in sorted(totals.items())
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


def by_body(totals):
    unknown = totals.pop(0, 0)
    names = dict(Authority.objects.filter(pk__in=list(totals)).values_list("pk", "name"))
    rows = [(pk, names.get(pk, pk), n) for pk, n in totals.items()]
    return Counted(with_other(rows, _("other bodies")), unknown)


def case_charts(people, filtered):
    groups = groups_of_cases(people, filtered)
    return {
        "arrests-by-year": by_year(tally(groups, 0)),
        "sentences-by-year": by_year(tally(groups, 1)),
        "sentences-by-kind": by_choice(tally(groups, 2), SentenceKind.choices),
        "rehabilitations-by-decade": by_decade(tally(groups, 3)),
        "sentencing-bodies": by_body(tally(groups, 4)),
    }


def people_charts(people):
    """Fates and nationalities in one pass over the people. Nationalities are free text:
    "Kazakh", "kazakh " and "Kazakh" are one group (joined here, among the few hundred
    spellings the database returns), shown as most often written."""
    # COUNT(*), not of the ids: the fates and nationalities are then read from their index.
    groups = list(people.order_by().values_list("fate", "nationality").annotate(n=Count("*")))
    spellings = Counter()
    for _fate, nationality, n in groups:
        spellings[nationality.strip()] += n
    nationalities, labels = Counter(), {}
    for spelling, n in sorted(spellings.items(), key=lambda item: item[1]):
        nationalities[spelling.lower()] += n
        labels[spelling.lower()] = spelling  # the most frequent spelling is written last
    unknown = nationalities.pop("", 0)
    rows = [(key, labels[key], n) for key, n in nationalities.items()]
    return {
        "fates": by_choice(tally(groups, 0), Fate.choices),
        "nationalities": Counted(with_other(rows, _("other nationalities")), unknown),
    }


def people_per_place(records, place, title, other_label):
    """People per camp or deportation: each person once per place, published places only."""
    rows = (
        records.filter(**{f"{place}__status": Status.PUBLISHED})
        .order_by()
        .values(f"{place}_id")
        .annotate(label=Max(f"{place}__{title}"), n=Count("person_id", distinct=True))
        .values_list(f"{place}_id", "label", "n")
    )
    return Counted(with_other(list(rows), other_label), None)


def place_charts(people):
    chosen = people.values("pk")
    return {
        "camps": people_per_place(
            Imprisonment.objects.filter(person__in=chosen), "camp", "name", _("other camps")
        ),
        "deportations": people_per_place(
            DeportationRecord.objects.filter(person__in=chosen),
            "deportation",
            "title",
            _("other deportations"),
        ),
    }


def count_all(people, *, filtered=True):
    """Every chart's figures for the people chosen: {chart's slug: Counted}. Unfiltered, the
    people are all the published people."""
    return {**case_charts(people, filtered), **people_charts(people), **place_charts(people)}
