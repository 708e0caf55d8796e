"""The filters of the list of names; every combination is a shareable URL."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from camps.models import Camp, Imprisonment
from deportations.models import Deportation, DeportationRecord
from memorial.base.dates import MAX_YEAR, MIN_YEAR
from memorial.base.models import MediaItem
from memorial.base.text import clean_query
from memorial.base.widgets import PlainSelect

from .models import Authority, AuthorityKind, Fate, Person, RepressionCase, SentenceKind

KAZAKH_RUSSIAN_LETTERS = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЫІЭЮЯ"
LATIN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

ANY = _("any")

SORTS = {
    "name": ["surname", "given_name", "patronymic", "pk"],
    "-name": ["-surname", "-given_name", "-patronymic", "-pk"],
    "born": [F("birth_date").asc(nulls_last=True), "surname", "pk"],
    "-born": [F("birth_date").desc(nulls_last=True), "surname", "pk"],
    "recent": [F("published_at").desc(nulls_last=True), "-pk"],
}


class ListedChoices(django_filters.fields.ModelChoiceIterator):
    """A filter's records read as one plain query. Django reads a model's choices through
    QuerySet.iterator(), which on PostgreSQL opens a server-side cursor: three round trips
    and a cursor held to the end of the transaction, for a few dozen camps."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for record in self.queryset.all():
            yield self.choice(record)


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedChoices


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedModelChoiceField


class YearFilter(django_filters.NumberFilter):
    """A whole year within the range the records hold; anything else is a form error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        help_text=_("In any script: Байтұрсынұлы, Baitursynov"),
    )
    born_from = YearFilter(label=_("Born from (year)"), method="filter_born_from")
    born_to = YearFilter(label=_("Born until (year)"), method="filter_born_to")
    nationality = django_filters.CharFilter(label=_("Nationality"), lookup_expr="icontains")
    place = django_filters.CharFilter(label=_("Place of birth or residence"), method="filter_place")
    camp = ListedModelChoiceFilter(
        empty_label=ANY,
        label=_("Camp"),
        queryset=Camp.objects.published(),
        method="filter_camp",
        widget=PlainSelect,
    )
    deportation = ListedModelChoiceFilter(
        empty_label=ANY,
        label=_("Deportation"),
        queryset=Deportation.objects.published(),
        method="filter_deportation",
        widget=PlainSelect,
    )
    fate = django_filters.ChoiceFilter(
        empty_label=ANY, label=_("Fate"), choices=Fate.choices, widget=PlainSelect
    )
    sentence = django_filters.ChoiceFilter(
        empty_label=ANY,
        label=_("Sentence"),
        choices=SentenceKind.choices,
        method="filter_sentence",
        widget=PlainSelect,
    )
    sentenced_by = ListedModelChoiceFilter(
        empty_label=ANY,
        label=_("Sentenced by"),
        queryset=Authority.objects.filter(
            kind__in=[AuthorityKind.EXTRAJUDICIAL, AuthorityKind.COURT]
        ),
        method="filter_sentenced_by",
        widget=PlainSelect,
    )
    rehabilitated = django_filters.ChoiceFilter(
        empty_label=ANY,
        label=_("Rehabilitated"),
        choices=[("yes", _("yes")), ("no", _("no or not known"))],
        method="filter_rehabilitated",
        widget=PlainSelect,
    )
    has_photo = django_filters.BooleanFilter(
        label=_("Only with a photo"),
        method="filter_has_photo",
        widget=forms.CheckboxInput,
    )
    with_relatives = django_filters.BooleanFilter(
        label=_("Only with relatives on the portal"),
        method="filter_with_relatives",
        widget=forms.CheckboxInput,
    )
    letter = django_filters.CharFilter(method="filter_letter", widget=forms.HiddenInput)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        empty_label=None,
        choices=[
            ("name", _("name, A–Z")),
            ("-name", _("name, Z–A")),
            ("born", _("year of birth, earliest first")),
            ("-born", _("year of birth, latest first")),
            ("recent", _("recently published")),
        ],
        method="filter_sort",
        widget=PlainSelect,
    )

    class Meta:
        model = Person
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # Cleaned text only: no control characters, and never longer than a name needs.
        if data is not None:
            data = data.copy()
            for key in ("q", "nationality", "place", "letter"):
                if key in data:
                    data[key] = clean_query(data[key])
        super().__init__(data, *args, **kwargs)

    def filter_name(self, queryset, name, value):
        # Names are matched and ranked by people.search.find_people in the view, after
        # every other filter has narrowed the list.
        return queryset

    def filter_born_from(self, queryset, name, value):
        return queryset.filter(birth_date__year_from=int(value))

    def filter_born_to(self, queryset, name, value):
        return queryset.filter(birth_date__year_to=int(value))

    def filter_place(self, queryset, name, value):
        return queryset.filter(Q(birth_place__icontains=value) | Q(residence__icontains=value))

    def filter_camp(self, queryset, name, camp):
        return queryset.filter(
            Exists(Imprisonment.objects.filter(person=OuterRef("pk"), camp=camp))
        )

    def filter_deportation(self, queryset, name, deportation):
        return queryset.filter(
            Exists(DeportationRecord.objects.filter(person=OuterRef("pk"), deportation=deportation))
        )

    def filter_sentence(self, queryset, name, value):
        return queryset.filter(
            Exists(RepressionCase.objects.filter(person=OuterRef("pk"), sentence_kind=value))
        )

    def filter_sentenced_by(self, queryset, name, authority):
        return queryset.filter(
            Exists(RepressionCase.objects.filter(person=OuterRef("pk"), sentencing_body=authority))
        )

    def filter_rehabilitated(self, queryset, name, value):
        rehabilitated = Exists(
            RepressionCase.objects.filter(person=OuterRef("pk"), is_rehabilitated=True)
        )
        return queryset.filter(rehabilitated if value == "yes" else ~rehabilitated)

    def filter_has_photo(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                MediaItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(Person),
                    object_id=OuterRef("pk"),
                    kind="photo",
                )
            )
        )

    def filter_with_relatives(self, queryset, name, value):
        return queryset.with_relatives() if value else queryset

    def filter_letter(self, queryset, name, value):
        letter = value[:1]
        if not letter.isalpha():
            return queryset
        # Surnames are recorded capitalised; one prefix lets an index serve the filter.
        return queryset.filter(surname__startswith=letter.upper())

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))
