"""A person's family on their change form: each relationship is entered once and shows on
both people's records, in one of two tables, by the side the person is on."""

from weakref import WeakKeyDictionary

import reversion
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from memorial.base import history
from people.models import Person, Relationship, RelationshipKind

# The family formsets of one request, so that the second can see what the first holds: a
# pair entered twice in one submit, once in each table, is caught before it is saved
# (constraints are checked one row at a time, against what is already saved).
FORMSETS_OF_REQUEST = WeakKeyDictionary()

SAME_PAIR_TWICE = _(
    "This relative is linked to this person in this way twice in what you sent (a parent "
    "and child counts once, whichever is the parent): keep one row."
)


def pair_key(person_id, relative_id, kind):
    """The same for a pair entered either way round; a parent and child either way is one."""
    return (kind, frozenset((person_id, relative_id)))


class FamilyFormSet(forms.BaseInlineFormSet):
    """Rows of one table; `siblings` are the family tables of the same request, in order."""

    def __init__(self, *args, siblings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.siblings = siblings if siblings is not None else []
        self.siblings.append(self)

    def relatives_touched(self):
        """The other people of the rows added, changed or deleted in this submit (the one
        a row named before a change too)."""
        ids = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if form.has_changed() or data.get("DELETE"):
                chosen = data.get(self.relative_field)
                ids.update({chosen.pk if chosen else None, form.initial.get(self.relative_field)})
        ids.discard(None)
        return list(Person.objects.filter(pk__in=ids)) if ids else []

    def entered_pairs(self):
        """(form, pair key) of each row that links a pair anew in this submit: added, or
        saved with another relative or kind. A saved pair left as it was is checked by the
        database constraint, which names the pair already linked."""
        relative_field = self.relative_field
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get(relative_field):
                continue
            if form.instance.pk and not {relative_field, "kind"} & set(form.changed_data):
                continue
            yield form, pair_key(self.instance.pk, data[relative_field].pk, data.get("kind"))

    def clean(self):
        super().clean()
        # Each table answers for its own rows, against its own and the tables before it.
        seen = set()
        for formset in self.siblings[: self.siblings.index(self)]:
            seen.update(key for _form, key in formset.entered_pairs())
        for form, key in self.entered_pairs():
            if key in seen:
                form.add_error(None, ValidationError(SAME_PAIR_TWICE, code="same_pair"))
            seen.add(key)


class RelationshipInline(admin.StackedInline):
    """Shared by both tables: `relative_field` names the other person of the pair. Stacked,
    two fields a line: as a table its ten columns were three times the page's width. The
    template shows `kind_help`, the table's rule, on top of its heading; each row shows it too."""

    model = Relationship
    formset = FamilyFormSet
    template = "admin/people/person/family_inline.html"
    extra = 0
    relative_field = ""
    kind_labels = {}
    kind_help = ""

    def get_fieldsets(self, request, obj=None):
        own_words, relative_words = self.words_fields()
        fields = [
            (self.relative_field, "kind"),
            (own_words, relative_words),
            ("start", "end"),
            ("source", "locator"),
            "notes",
        ]
        return [(None, {"fields": fields})]

    def get_autocomplete_fields(self, request):
        return [self.relative_field, "source"]

    def words_fields(self):
        """This person's words first, then the relative's."""
        return ("first_is", "second_is") if self.fk_name == "first" else ("second_is", "first_is")

    def get_formset(self, request, obj=None, **kwargs):
        own_words, relative_words = self.words_fields()
        kwargs.setdefault(
            "labels",
            {
                self.relative_field: capfirst(_("relative")),
                own_words: capfirst(_("this person is the relative's (in words)")),
                relative_words: capfirst(_("the relative is this person's (in words)")),
            },
        )
        kwargs.setdefault(
            "help_texts",
            {
                own_words: _("For “other” only, e.g. nephew"),
                relative_words: _("For “other” only, e.g. uncle"),
                "kind": self.kind_help,
            },
        )
        kwargs.setdefault("widgets", {"notes": forms.Textarea(attrs={"rows": 2, "cols": 60})})
        formset = super().get_formset(request, obj, **kwargs)
        formset.relative_field = self.relative_field
        return formset

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [
                ("", "---------"),
                *((value, self.kind_labels.get(value, label)) for value, label in db_field.choices),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_queryset(self, request):
        # Both people: each row is named after the pair.
        return super().get_queryset(request).select_related("first", "second", "source")


class FamilyInline(RelationshipInline):
    """Relationships entered with this person first: read “this person is the … of the
    relative”, so a parent here is this person, and the relative their son or daughter."""

    fk_name = "first"
    relative_field = "second"
    verbose_name = _("relative")
    verbose_name_plural = _("family: this person is the … of the relative")
    kind_labels = {
        RelationshipKind.SPOUSE: _("spouse of the relative"),
        RelationshipKind.PARENT: _("parent of the relative (the relative is a son or daughter)"),
        RelationshipKind.SIBLING: _("sibling of the relative"),
        RelationshipKind.OTHER: _("other (in words)"),
    }
    kind_help = _(
        "Read: this person is the … of the relative. To add a father or mother, use the next table."
    )


class FamilyFromRelativeInline(RelationshipInline):
    """The same relationships seen from the other side, entered with the relative first:
    read “the relative is the … of this person”, so a parent here is the relative."""

    fk_name = "second"
    relative_field = "first"
    verbose_name = _("relative")
    verbose_name_plural = _("family: the relative is the … of this person")
    kind_labels = {
        RelationshipKind.SPOUSE: _("spouse of this person"),
        RelationshipKind.PARENT: _("parent of this person (the relative is the father or mother)"),
        RelationshipKind.SIBLING: _("sibling of this person"),
        RelationshipKind.OTHER: _("other (in words)"),
    }
    kind_help = _(
        "Read: the relative is the … of this person. To add a son or daughter, use the "
        "table before."
    )


FAMILY_INLINES = (FamilyInline, FamilyFromRelativeInline)


class FamilyAdminMixin:
    """For PersonAdmin: both family tables of one request are checked together, and a
    relationship entered on one record is in the other one's history too."""

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, RelationshipInline):
            if isinstance(inline, FamilyInline):  # the first table: a new set of tables
                FORMSETS_OF_REQUEST[request] = []
            kwargs["siblings"] = FORMSETS_OF_REQUEST.setdefault(request, [])
        return kwargs

    def save_formset(self, request, form, formset, change):
        if not isinstance(formset, FamilyFormSet):
            return super().save_formset(request, form, formset, change)
        relatives = formset.relatives_touched()
        for relative in relatives:
            history.keep_first_version(relative)  # as it was, before this change
        super().save_formset(request, form, formset, change)
        if reversion.is_active():
            for relative in relatives:
                reversion.add_to_revision(relative)
        return None


def relatives_of(person):
    """Everyone linked to `person` under Family, whatever their status: the archivists'
    choice for the relative a family member's sentence was for."""
    if person is None or person.pk is None:
        return Person.objects.none()
    # By their ids: a filter on whether each person is linked would read every person.
    pairs = Relationship.objects.of(person).values_list("first_id", "second_id")
    return Person.objects.filter(
        pk__in={someone for pair in pairs for someone in pair} - {person.pk}
    )
