"""The names list's filters, applied to the statistics: the same form, the same addresses."""

from urllib.parse import urlencode

from people.filters import PersonFilter
from people.models import Person

# The name search ranks names and the sort orders them: neither changes what is counted.
NOT_COUNTED = ("q", "sort")


def statistics_filter(data):
    """PersonFilter over published people, without the filters that only order or rank."""
    filterset = PersonFilter(data, queryset=Person.objects.published())
    for name in NOT_COUNTED:
        filterset.filters.pop(name, None)
    return filterset


def chosen(form):
    """The filters given, in the form's order, as (name, text): one spelling for one choice,
    so that the cache key and the links are the same however the address was written."""
    items = []
    for name in form.fields:
        value = form.cleaned_data.get(name)
        if value in (None, "", False):
            continue
        if value is True:
            value = "on"
        elif hasattr(value, "pk"):
            value = value.pk
        items.append((name, str(value)))
    return items


def query_string(items):
    return urlencode(items)


def described(form):
    """The active filters as the visitor reads them: (label, value)."""
    shown = []
    for name, _text in chosen(form):
        field = form.fields[name]
        value = form.cleaned_data[name]
        if value is True:
            shown.append((field.label, ""))
            continue
        choices = dict(getattr(field, "choices", ()) or ())
        shown.append((field.label, str(choices.get(value, value)) if choices else str(value)))
    return shown
