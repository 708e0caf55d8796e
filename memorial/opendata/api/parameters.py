"""The query string of an API list, checked as a form: a field per parameter it knows.

Mistakes are answered one kind at a time, in this order: names the list does not know,
parameters given with no value, the page (`after`, then `limit`), text too long, then the
kind's own filters. A script fixing its query meets each kind of mistake in turn, named by
parameter, in the visitor's language.
"""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .filters import LARGEST_ID, MAX_TEXT

EMPTY, PAGE, TOO_LONG, FILTER = "empty", "page", "too_long", "filter"
ANSWERED_FIRST = (EMPTY, PAGE, TOO_LONG, FILTER)  # after the names the list does not know


class EveryValue(forms.Widget):
    """A parameter as every value it was given (?q=a&q=b): an empty one among them is a
    mistake, though the filters read the last."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name)


class Parameter(forms.Field):
    """A parameter the list knows; its value, if any, is checked by the kind's filters."""

    widget = EveryValue

    def __init__(self):
        super().__init__(required=False)

    def to_python(self, values):
        if "" in values:
            raise ValidationError(_("Give a value, or leave the parameter out."), code=EMPTY)
        return values[-1] if values else None


class Text(Parameter):
    """Text as given, before the filters clean it: more than they would keep is refused."""

    def to_python(self, values):
        value = super().to_python(values)
        if value is not None and len(value) > MAX_TEXT:
            raise ValidationError(
                _("Give at most %(count)s characters.") % {"count": MAX_TEXT}, code=TOO_LONG
            )
        return value


class WholeNumber(Parameter):
    def __init__(self, minimum, maximum, default):
        super().__init__()
        self.minimum, self.maximum, self.default = minimum, maximum, default

    def to_python(self, values):
        value = super().to_python(values)
        if value is None:
            return self.default
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or not self.minimum <= number <= self.maximum:
            message = _("Give a whole number from %(minimum)s to %(maximum)s.")
            raise ValidationError(
                message % {"minimum": self.minimum, "maximum": self.maximum}, code=PAGE
            )
        return number


class ListParameters(forms.Form):
    """`after` and `limit`, then the kind's filters: any other name given is a mistake."""

    def __init__(self, query, kind):
        super().__init__(query)
        self.kind = kind
        self.unknown = {}
        self.filterset = None  # made once everything before the filters is right
        self.fields["after"] = WholeNumber(0, LARGEST_ID, default=0)
        self.fields["limit"] = WholeNumber(
            1, settings.API_MAX_PAGE_SIZE, default=settings.API_PAGE_SIZE
        )
        for name, filter_ in kind.filterset.base_filters.items():
            text = isinstance(filter_, django_filters.CharFilter)
            self.fields[name] = Text() if text else Parameter()

    def clean(self):
        # Names the list does not know are no fields: a parameter may be named anything,
        # even nothing (?=1), and still be named in the answer.
        unknown = sorted(set(self.data) - set(self.fields))
        if unknown:
            self.unknown = {name: [_("This list has no such filter.")] for name in unknown}
            names = ", ".join(unknown)
            raise ValidationError(_("Unknown parameter: %(names)s.") % {"names": names})
        # The filters' own checks (a year's range, an id's, a choice) come last, once
        # everything before them is right.
        if self.errors:
            return self.cleaned_data
        self.filterset = self.kind.filterset(self.data, queryset=self.kind.records())
        for name, messages in self.filterset.errors.items():
            for message in messages:
                self.add_error(name, ValidationError(message, code=FILTER))
        return self.cleaned_data

    def mistake(self):
        """(code, message, {parameter: [messages]}) for the first kind of mistake found."""
        if self.unknown:
            return "unknown_parameter", self.non_field_errors()[0], self.unknown
        for code in ANSWERED_FIRST:
            named = {
                name: [error.message for error in errors]
                for name, errors in self.errors.as_data().items()
                if errors[0].code == code
            }
            if named:
                return answer(code, named)
        return None


def answer(code, named):
    if code == EMPTY:
        message = _("Give a value, or leave the parameter out.")
        return "invalid_parameter", message, dict(sorted(named.items()))
    if code == PAGE:
        # `after` before `limit`: one number at a time, as the message names one range.
        name, messages = next(iter(named.items()))
        return "invalid_parameter", messages[0], {name: messages}
    return "invalid_parameter", _("Some filters are not valid."), named
