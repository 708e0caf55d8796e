"""Model fields shared by every app: partial dates and formatted text."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Substr
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .dates import MAX_YEAR, MIN_YEAR, PartialDate
from .editor import FormattedTextFormField, editor_widget
from .text import sanitize_html

PARTIAL_DATE_HELP = _(
    "As much as is known, as the source writes it: 1890; c. 1890; March 1938 or 03.1938; "
    "5 September 1937, 05.09.1937 or 5.IX.1937; autumn 1937; 1937–1938 for “between”; "
    "1880s. Leave empty when the source gives no date."
)
# What is typed ("5 сентября 1937 г.", "1941 жылдан 1942 жылға дейін") is longer than what
# is stored.
TYPED_DATE_LENGTH = 100


class PartialDateInput(forms.TextInput):
    """The date as typed or stored, and beside it how the portal reads it, in the active
    language, so an archivist sees "1880/1889" is the 1880s before saving it."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        reading = self.reading(value)
        if reading is None:
            return html
        return format_html('{} <span class="partial-date-reading">{}</span>', html, reading)

    @staticmethod
    def reading(value):
        if value is None or str(value).strip() == "":
            return None
        try:
            shown = PartialDate.parse(value).display()
        except ValidationError:
            return None
        if shown == str(value).strip():
            return None
        return _("read as: %(date)s") % {"date": shown}


class PartialDateFormField(forms.CharField):
    widget = PartialDateInput

    def __init__(self, **kwargs):
        kwargs["max_length"] = max(kwargs.get("max_length") or 0, TYPED_DATE_LENGTH)
        # The admin asks for its own text input; keep its look and add the reading.
        widget = kwargs.get("widget") or self.widget
        if isinstance(widget, type):
            widget = widget()
        if not isinstance(widget, PartialDateInput):
            widget = PartialDateInput(attrs=widget.attrs)
        kwargs["widget"] = widget
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "" if value is None else str(value)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return PartialDate.parse(value)
        except ValidationError as error:
            if error.code == "invalid":
                raise  # the message already quotes the text
            # "There is no day 31 in that month." alone does not say which text was read.
            raise ValidationError(
                _("“%(value)s”: %(reason)s"),
                code=error.code,
                params={"value": value[:80], "reason": " ".join(error.messages)},
            ) from None

    def run_validators(self, value):
        super().run_validators(None if value is None else str(value))


class PartialDateField(models.CharField):
    """A historical date stored as EDTF text; see :mod:`memorial.base.dates`."""

    description = _("Partial or approximate date")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", PARTIAL_DATE_HELP)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_length", 32), ("null", True), ("blank", True)):
            if kwargs.get(key) == default:
                del kwargs[key]
        if kwargs.get("help_text") == PARTIAL_DATE_HELP:
            del kwargs["help_text"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return PartialDate.parse(value)

    def to_python(self, value):
        if value is None or value == "":
            return None
        return PartialDate.parse(value)

    def run_validators(self, value):
        # Validators such as the maximum length check the stored text.
        super().run_validators(None if value is None else str(value))

    def get_prep_value(self, value):
        # Typed text is stored in its canonical form; text that is no date passes through,
        # because constraints compare against bounds such as "2100" that are not dates.
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return str(PartialDate.parse(value))
            except ValidationError:
                return value
        return str(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})


class _YearLookup(models.Lookup):
    """Compare a partial date's earliest year with a plain year, using the column's index."""

    prepare_rhs = False

    def get_prep_lookup(self):
        try:
            year = int(self.rhs)
        except (TypeError, ValueError):
            raise ValidationError(_("A year must be a number."), code="year") from None
        return year

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql, params = self.year_sql(lhs)
        return sql, (*lhs_params, *params)


@PartialDateField.register_lookup
class YearFrom(_YearLookup):
    """``birth_date__year_from=1890``: dates whose earliest year is 1890 or later."""

    lookup_name = "year_from"

    def year_sql(self, lhs):
        return f"{lhs} >= %s", [f"{self.rhs:04d}"]


@PartialDateField.register_lookup
class YearTo(_YearLookup):
    """``birth_date__year_to=1899``: dates whose earliest year is 1899 or earlier."""

    lookup_name = "year_to"

    def year_sql(self, lhs):
        return f"{lhs} < %s", [f"{self.rhs + 1:04d}"]


@PartialDateField.register_lookup
class InYear(_YearLookup):
    """``birth_date__in_year=1890``: dates whose earliest year is 1890."""

    lookup_name = "in_year"

    def year_sql(self, lhs):
        return f"({lhs} >= %s AND {lhs} < %s)", [f"{self.rhs:04d}", f"{self.rhs + 1:04d}"]


def year_range_constraint(field_name, model_label):
    """Reject stored years outside MIN_YEAR..MAX_YEAR, whatever wrote the row."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field_name}__isnull": True})
        | models.Q(
            **{f"{field_name}__gte": f"{MIN_YEAR:04d}", f"{field_name}__lt": f"{MAX_YEAR + 1:04d}"}
        ),
        name=f"{model_label}_{field_name}_year_range",
        violation_error_message=format_lazy(
            _("The year is outside {min}–{max}."), min=MIN_YEAR, max=MAX_YEAR
        ),
    )


def date_order_constraint(start, end, model_label):
    """An end is never in a year before its start."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__isnull": True})
        | GreaterThanOrEqual(Substr(end, 1, 4), Substr(start, 1, 4)),
        name=f"{model_label}_{end}_not_before_{start}",
        violation_error_message=_("The end date is before the start date."),
    )


class FormattedTextField(models.TextField):
    """HTML written by archivists, sanitised to a safe set of tags every time it is saved."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # Every admin of every model with formatted text gets the editor from here.
        kwargs["widget"] = editor_widget(kwargs.get("widget"))
        return super().formfield(**{"form_class": FormattedTextFormField, **kwargs})


def fact_source_field():
    """The source of a single fact (an arrest, a term in a camp, a spelling of a name).
    A cited source cannot be deleted while a fact rests on it."""
    return models.ForeignKey(
        "memorial.Source",
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
