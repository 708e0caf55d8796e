"""Families: a relationship between two people of the portal, entered once, seen from both."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from memorial.base.fields import PartialDateField, date_order_constraint, fact_source_field
from memorial.base.models import Status


class RelationshipKind(models.TextChoices):
    SPOUSE = "spouse", _("spouses")
    # The first person is the parent, the second the child.
    PARENT = "parent", _("parent and child")
    SIBLING = "sibling", _("siblings")
    OTHER = "other", _("other (in words)")


class Role(models.TextChoices):
    """What a relative is to the person whose record is read."""

    SPOUSE = "spouse", _("spouse")
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    SIBLING = "sibling", _("sibling")
    OTHER = "other", _("relative")


class RelationshipQuerySet(models.QuerySet):
    def of(self, person):
        """Every relationship the person is in, from either side."""
        return self.filter(Q(first=person) | Q(second=person))

    def with_published(self, side):
        """Those whose `side` ("first" or "second") is a published person, who comes along."""
        return self.filter(**{f"{side}__status": Status.PUBLISHED}).select_related(side)

    def published(self):
        """Those between two published people: what the public may know of."""
        return self.filter(first__status=Status.PUBLISHED, second__status=Status.PUBLISHED)


class Relationship(models.Model):
    """Two people of the portal as family: spouses, a parent and a child, siblings or, in
    words, anything else (an uncle, a fiancée)."""

    first = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="relationships_as_first",
        help_text=_("For a parent and child: the parent."),
    )
    second = models.ForeignKey(
        "people.Person",
        verbose_name=_("relative"),
        on_delete=models.CASCADE,
        related_name="relationships_as_second",
        help_text=_("For a parent and child: the child."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RelationshipKind)
    first_is = models.CharField(
        _("the first is the second's (in words)"),
        max_length=60,
        blank=True,
        help_text=_("For “other” only, e.g. uncle"),
    )
    second_is = models.CharField(
        _("the second is the first's (in words)"),
        max_length=60,
        blank=True,
        help_text=_("For “other” only, e.g. nephew"),
    )
    start = PartialDateField(
        pgettext_lazy("date", "from"), help_text=_("For example: 1925 (married)")
    )
    end = PartialDateField(pgettext_lazy("date", "until"))
    source = fact_source_field()
    locator = models.CharField(
        _("where in the source"), max_length=120, blank=True, help_text=_("For example: p. 214")
    )
    notes = models.TextField(_("notes for archivists"), blank=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("relationship")
        verbose_name_plural = _("family")
        constraints = [
            models.CheckConstraint(
                condition=~Q(first=F("second")),
                name="relationship_not_with_oneself",
                violation_error_message=_("A person cannot be their own relative."),
            ),
            # Either way round: a parent and child entered the other way round is the same pair.
            models.UniqueConstraint(
                Least("first", "second"),
                Greatest("first", "second"),
                "kind",
                name="relationship_once_per_pair_and_kind",
                violation_error_message=_("These two people are already linked in this way."),
            ),
            date_order_constraint("start", "end", "relationship"),
        ]

    def __str__(self):
        return f"{self.first} — {self.second}: {self.get_kind_display()}"

    def clean(self):
        super().clean()
        if self.is_with_oneself():
            # Not on a field: in either family table one of the two people is the hidden
            # field of the record being edited, where the reason would not show.
            raise ValidationError(_("A person cannot be their own relative."))
        if self.kind != RelationshipKind.OTHER and (self.first_is or self.second_is):
            raise ValidationError(
                {"first_is": _("Words are for “other” relationships; leave them empty here.")}
            )
        if self.kind == RelationshipKind.OTHER and not (self.first_is or self.second_is):
            raise ValidationError({"first_is": _("Say in words how the two are related.")})
        self.refuse_reversed_parent()

    def validate_constraints(self, exclude=None):
        # clean() gives the reason for these two: the constraints on the pair would only
        # repeat it in other words.
        if self.is_with_oneself() or self.reverses_a_parent():
            exclude = {*(exclude or ()), "first"}
        super().validate_constraints(exclude=exclude)

    def is_with_oneself(self):
        return bool(self.first_id) and self.first_id == self.second_id

    def reverses_a_parent(self):
        """True if the child is already recorded as the parent of this parent."""
        if self.kind != RelationshipKind.PARENT or not (self.first_id and self.second_id):
            return False
        return (
            Relationship.objects.filter(
                first_id=self.second_id, second_id=self.first_id, kind=RelationshipKind.PARENT
            )
            .exclude(pk=self.pk)
            .exists()
        )

    def refuse_reversed_parent(self):
        if self.reverses_a_parent():
            raise ValidationError(
                _(
                    "%(child)s is already recorded as the parent of %(parent)s: nobody can be "
                    "both the parent and the child of the same person."
                )
                % {"child": self.second, "parent": self.first}
            )

    def role_of_relative(self, person):
        """What the other one of the pair is to `person`."""
        if self.kind == RelationshipKind.PARENT:
            return Role.PARENT if person.pk == self.second_id else Role.CHILD
        return Role(self.kind)

    def relative_of(self, person):
        return self.second if person.pk == self.first_id else self.first

    def words_for_relative(self, person):
        """The words of an “other” relationship for what the relative is to `person`."""
        return self.second_is if person.pk == self.first_id else self.first_is


ROLE_ORDER = [Role.PARENT, Role.SPOUSE, Role.SIBLING, Role.CHILD, Role.OTHER]


class FamilyMember:
    """A published relative as a person's record shows them."""

    def __init__(self, person, relationship):
        self.person = person
        self.relationship = relationship
        self.relative = relationship.relative_of(person)
        self.role = relationship.role_of_relative(person)
        self.words = relationship.words_for_relative(person)

    def __repr__(self):
        return f"<FamilyMember {self.role} {self.relative}>"

    def sort_key(self):
        birth = self.relative.birth_date
        return (ROLE_ORDER.index(self.role), birth.year if birth else 9999, self.relative.pk)


def published_relationships(person, side):
    """The person's relationships on their `side` with a published relative, as
    for_biography() or with_family() fetched them, or else asked for now."""
    fetched = getattr(person, f"published_relationships_as_{side}", None)
    if fetched is None:
        other = "second" if side == "first" else "first"
        fetched = getattr(person, f"relationships_as_{side}").with_published(other)
    return fetched


def family_of(person):
    """The person's published relatives, parents first, children after siblings. Reads the
    relations for_biography() or with_family() fetched; an unpublished relative is left out
    even if a caller fetched everyone."""
    relationships = [
        *published_relationships(person, "first"),
        *published_relationships(person, "second"),
    ]
    members = [FamilyMember(person, relationship) for relationship in relationships]
    members = [member for member in members if member.relative.status == Status.PUBLISHED]
    return sorted(members, key=FamilyMember.sort_key)
