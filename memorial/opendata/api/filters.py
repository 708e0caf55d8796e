"""The API's filters: the public pages' own, so a list on the site and in the API agree.

A record is chosen by its id. An id that names no published record gives an empty list,
not an error: a script walking ids cannot tell a draft from nothing."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from camps.models import BurialSite, Camp, Imprisonment
from deportations.models import Deportation, DeportationRecord, DeportedPeople
from memorial.base.models import Status
from people.filters import PersonFilter
from people.models import RepressionCase

LARGEST_ID = 2**63 - 1  # PostgreSQL's bigint
MAX_TEXT = 200  # what the pages cut a search to; the API refuses more


class RecordIdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


class TrueFalseFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`, and nothing else: a typo is an error, not a silent "any"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)


class PersonApiFilter(PersonFilter):
    """The list of names' filters. The API walks people in the order they were recorded, so
    the page's sorting is left out, and a name search narrows rather than ranks."""

    camp = RecordIdFilter(label=_("Camp"), method="filter_camp")
    deportation = RecordIdFilter(label=_("Deportation"), method="filter_deportation")
    sentenced_by = RecordIdFilter(label=_("Sentenced by"), method="filter_sentenced_by")
    has_photo = TrueFalseFilter(label=_("Only with a photo"), method="filter_has_photo")
    with_relatives = TrueFalseFilter(
        label=_("Only with relatives on the portal"), method="filter_with_relatives"
    )
    sort = None  # as in Django's forms: the parent's filter is not inherited

    def filter_camp(self, queryset, name, value):
        held = Imprisonment.objects.filter(
            person=OuterRef("pk"), camp=value, camp__status=Status.PUBLISHED
        )
        return queryset.filter(Exists(held))

    def filter_deportation(self, queryset, name, value):
        deported = DeportationRecord.objects.filter(
            person=OuterRef("pk"), deportation=value, deportation__status=Status.PUBLISHED
        )
        return queryset.filter(Exists(deported))

    def filter_with_relatives(self, queryset, name, value):
        return queryset.with_relatives() if value else queryset

    def filter_sentenced_by(self, queryset, name, value):
        sentenced = RepressionCase.objects.filter(person=OuterRef("pk"), sentencing_body=value)
        return queryset.filter(Exists(sentenced))


class CampFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Camp.Kind.choices)
    part_of = RecordIdFilter(label=_("Part of"), field_name="parent")
    region = RecordIdFilter(label=_("Region"), field_name="region")

    class Meta:
        model = Camp
        fields = []


class BurialSiteFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=BurialSite.Kind.choices)
    region = RecordIdFilter(label=_("Region"), field_name="region")

    class Meta:
        model = BurialSite
        fields = []


class DeportationFilter(django_filters.FilterSet):
    people = RecordIdFilter(label=_("People deported"), method="filter_people")

    class Meta:
        model = Deportation
        fields = []

    def filter_people(self, queryset, name, value):
        deported = Deportation.peoples.through.objects.filter(
            deportation=OuterRef("pk"),
            deportedpeople=value,
            deportedpeople__status=Status.PUBLISHED,
        )
        return queryset.filter(Exists(deported))


class DeportedPeopleFilter(django_filters.FilterSet):
    class Meta:
        model = DeportedPeople
        fields = []
