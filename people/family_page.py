"""The family as the biography shows it: the words, years and sentences prepared here, so
that the template only lays them out and reads nothing the page has not fetched."""

from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import npgettext, pgettext, pgettext_lazy

from .kinship import own_word, relative_word, word_for
from .listing import life_years
from .models import Relationship, RelationshipKind, Role, Sex


@dataclass
class Relative:
    """A published relative on the biography: the word for them, their years, and whether
    they were sentenced as this person's family member."""

    member: object
    word: str
    years: str
    sentenced_as_family: bool = False
    # On a child's box: the person's spouses the records also name as the child's parent.
    other_parents: list = field(default_factory=list)

    @property
    def person(self):
        return self.member.relative

    @property
    def since(self):
        """When a marriage or an "other" tie began and ended, where the record says. A parent
        and child or two siblings are tied from a birth the years already show."""
        if self.member.role not in (Role.SPOUSE, Role.OTHER):
            return ""
        relationship = self.member.relationship
        parts = []
        if relationship.start:
            start = relationship.start.display()
            if self.member.role == Role.SPOUSE:
                parts.append(pgettext("relationship", "married %(date)s") % {"date": start})
            else:
                parts.append(pgettext("relationship", "from %(date)s") % {"date": start})
        if relationship.end:
            end = relationship.end.display()
            parts.append(pgettext("relationship", "until %(date)s") % {"date": end})
        return ", ".join(parts)


@dataclass
class TreeRow:
    """One generation of the family picture; the person's own row holds their spouses."""

    role: str
    label: str
    relatives: list = field(default_factory=list)
    # The own row's bar the children hang from, across the person and every spouse alike.
    holds_children: bool = False

    @property
    def is_own(self):
        return self.role == Role.SPOUSE


# Brothers and sisters come last, apart: a line from them to the children would say the
# children were theirs. The own row's label depends on the number of spouses.
TREE_ROWS = [
    (Role.PARENT, pgettext_lazy("family picture", "Parents")),
    (Role.SPOUSE, ""),
    (Role.CHILD, pgettext_lazy("family picture", "Children")),
    (Role.SIBLING, pgettext_lazy("family picture", "Brothers and sisters")),
]

# How the Russian verb agrees with the sentenced person ("осуждён", "осуждена"): each
# context written out, for makemessages finds no message whose context is a variable.
RELATIVE_UNNAMED = {
    Sex.MALE: pgettext_lazy(
        "sentenced man", "Sentenced as a family member of a traitor to the Motherland."
    ),
    Sex.FEMALE: pgettext_lazy(
        "sentenced woman", "Sentenced as a family member of a traitor to the Motherland."
    ),
    "": pgettext_lazy(
        "sentenced person", "Sentenced as a family member of a traitor to the Motherland."
    ),
}
RELATIVE_NAMED = {
    Sex.MALE: pgettext_lazy(
        "sentenced man",
        "Sentenced as the {own_word} of {name}, a family member of a traitor to the Motherland.",
    ),
    Sex.FEMALE: pgettext_lazy(
        "sentenced woman",
        "Sentenced as the {own_word} of {name}, a family member of a traitor to the Motherland.",
    ),
    "": pgettext_lazy(
        "sentenced person",
        "Sentenced as the {own_word} of {name}, a family member of a traitor to the Motherland.",
    ),
}


def family_context(person):
    """The Family section, its picture and each case's family-member sentence."""
    sentenced = {case.person_id for case in person.published_family_member_cases}
    relatives = [
        Relative(
            member,
            # The archivist's words for an "other" relative are as typed: "көкесі".
            capfirst(relative_word(member)),
            life_years(member.relative),
            member.relative.pk in sentenced,
        )
        for member in person.family
    ]
    name_other_parents(relatives)
    return {
        "relatives": relatives,
        "sentenced_relatives": [relative for relative in relatives if relative.sentenced_as_family],
        "family_tree": family_tree(relatives),
        "own_years": life_years(person),
        "cases": [(case, family_member_sentence(person, case)) for case in person.cases.all()],
    }


def family_tree(relatives):
    """The picture's rows, the person's own always; none if no relative fits a row."""
    rows = [
        TreeRow(role, label, [relative for relative in relatives if relative.member.role == role])
        for role, label in TREE_ROWS
    ]
    if not any(row.relatives for row in rows):
        return []
    own = next(row for row in rows if row.is_own)
    spouses = len(own.relatives)
    own.label = npgettext(
        "family picture", "The person and their spouse", "The person and their spouses", spouses
    )
    if not spouses:
        own.label = pgettext("family picture", "The person")
    own.holds_children = any(row.relatives for row in rows if row.role == Role.CHILD)
    return [row for row in rows if row.relatives or row.is_own]


def name_other_parents(relatives):
    """Note on each child's box which of the person's spouses the records also name as the
    child's parent, so that the picture says no more than the records. One query for any
    number of relatives, among published relatives only; none without spouses and children."""
    spouses = {r.person.pk: r for r in relatives if r.member.role == Role.SPOUSE}
    children = {r.person.pk: r for r in relatives if r.member.role == Role.CHILD}
    if not (spouses and children):
        return
    links = Relationship.objects.filter(
        kind=RelationshipKind.PARENT, first__in=spouses, second__in=children
    ).values_list("first_id", "second_id")
    for parent_pk, child_pk in links.order_by("first_id"):
        parent = spouses[parent_pk].person
        word = word_for(Role.PARENT, parent.sex)
        children[child_pk].other_parents.append((word, parent.display_name))


def family_member_sentence(person, case):
    """What a ChSIR case says of the relative it was for ("sentenced as the wife of …"),
    naming them only if published. Russian and Kazakh say the relative's word after a dash,
    so that no name is declined."""
    if not case.family_member_of_id:
        return ""
    sex = person.sex if person.sex in RELATIVE_NAMED else ""
    member = next((m for m in person.family if m.relative.pk == case.family_member_of_id), None)
    if member is None:
        return str(RELATIVE_UNNAMED[sex])
    relative = member.relative
    link = format_html('<a href="{}">{}</a>', relative.get_absolute_url(), relative.display_name)
    return format_html(
        str(RELATIVE_NAMED[sex]),
        own_word=str(own_word(member)).lower(),
        relative_word=str(relative_word(member)).lower(),
        name=link,
    )
