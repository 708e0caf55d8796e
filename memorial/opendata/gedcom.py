"""A person's family as a GEDCOM file, for genealogy programs: 7.0, or 5.5.1 for older ones.

Pure functions: they write what they are given (the person, their published relatives, the
relationships among them) and fetch nothing. Partial dates keep their precision in GEDCOM's
own words ("ABT 1890", "BET 1937 AND 1938", "MAR 1938"); nothing is made more exact than
the record is.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from people.models import Fate, NameVariant, RelationshipKind, Sex

V7 = "7.0"
V551 = "5.5.1"
VERSIONS = (V7, V551)

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DEATHS = {Fate.SHOT, Fate.DIED_IN_CUSTODY, Fate.DIED_IN_EXILE}
SEXES = {Sex.MALE: "M", Sex.FEMALE: "F"}
SOURCE = "@S1@"
SUBMITTER = "@U1@"


@dataclass(frozen=True)
class Portal:
    """Who publishes the file: the portal's name and address, and each person's page."""

    name: str
    url: str
    person_url: object  # person -> the absolute address of their biography
    today: object  # a datetime.date
    language: str = ""  # of the words in the file (fates, kinds of name), e.g. "kk"


@dataclass
class Family:
    """One FAM record: a couple (either may be missing) and their children."""

    partners: tuple
    children: list
    relationship: object = None  # the spouses' Relationship, for the marriage date


# -- dates -------------------------------------------------------------------------------


def simple_date(date):
    """A date without approximation or range: "2 NOV 1937", "NOV 1937", "1937". A season
    is written as its year; the caller adds the season in words."""
    if date.day:
        return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
    if date.month:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return str(date.year)


def has_season(date):
    return bool(date.season or (date.end is not None and date.end.season))


def gedcom_date(date, version):
    """The DATE payload and, for a season in GEDCOM 7, the PHRASE that says it in words."""
    if date.end is not None:
        value = f"BET {simple_date(date)} AND {simple_date(date.end)}"
    elif date.approximate:
        value = f"ABT {simple_date(date)}"
    else:
        value = simple_date(date)
    if not has_season(date):
        return value, None
    if version == V7:
        return value, date.display()
    if value == simple_date(date):
        # 5.5.1 has no phrase under a date: an interpreted date carries it instead.
        return f"INT {value} ({date.display().replace('(', '').replace(')', '')})", None
    return value, None


def date_lines(level, date, version):
    if not date:
        return []
    value, phrase = gedcom_date(date, version)
    lines = [(level, "DATE", value)]
    if phrase:
        lines.append((level + 1, "PHRASE", phrase))
    return lines


# -- individuals -------------------------------------------------------------------------


def clean(text):
    """Text as a payload: no slashes (they mark a surname), no line breaks, no leading @
    (it marks a pointer)."""
    return " ".join(str(text).replace("/", " ").split()).lstrip("@")


def name_lines(surname, given_name, patronymic):
    given = clean(f"{given_name} {patronymic}")
    surname = clean(surname)
    lines = [(1, "NAME", f"{given} /{surname}/".strip())]
    if given:
        lines.append((2, "GIVN", given))
    if surname:
        lines.append((2, "SURN", surname))
    return lines


def variant_type_lines(variant, version):
    if version == V551:
        return [(2, "TYPE", "maiden" if variant.kind == NameVariant.Kind.MAIDEN else "aka")]
    if variant.kind == NameVariant.Kind.MAIDEN:
        return [(2, "TYPE", "MAIDEN")]
    if variant.kind == NameVariant.Kind.PSEUDONYM:
        return [(2, "TYPE", "AKA")]
    return [(2, "TYPE", "OTHER"), (3, "PHRASE", str(variant.get_kind_display()))]


def names(person, version):
    lines = name_lines(person.surname, person.given_name, person.patronymic)
    for variant in person.name_variants.all():
        variant_lines = name_lines(variant.surname, variant.given_name, variant.patronymic)
        lines += variant_lines[:1] + variant_type_lines(variant, version) + variant_lines[1:]
    return lines


def event_lines(tag, date, place, version):
    lines = date_lines(2, date, version)
    if place:
        lines.append((2, "PLAC", clean(place)))
    return [(1, tag, "" if lines else "Y"), *lines]


def life_events(person, version):
    lines = []
    if person.birth_date or person.birth_place:
        lines += event_lines("BIRT", person.birth_date, person.birth_place, version)
    if person.death_date or person.death_place or person.fate in DEATHS:
        lines += event_lines("DEAT", person.death_date, person.death_place, version)
        if person.fate in DEATHS:
            lines.append((2, "CAUS", str(person.get_fate_display())))
    return lines


def association_lines(person, relationships, xrefs, version):
    """Relatives in words ("uncle"): GEDCOM has no FAM for them, so an ASSO says it."""
    lines = []
    for relationship in relationships:
        if relationship.kind != RelationshipKind.OTHER or person.pk not in (
            relationship.first_id,
            relationship.second_id,
        ):
            continue
        other = relationship.second_id if person.pk == relationship.first_id else (
            relationship.first_id
        )  # fmt: skip
        words = clean(relationship.words_for_relative(person)) or _("relative")
        lines.append((1, "ASSO", xrefs[other]))
        if version == V7:
            lines += [(2, "ROLE", "OTHER"), (3, "PHRASE", words)]
        else:
            lines.append((2, "RELA", words))
    return lines


def individual(person, context):
    xrefs, version = context["xrefs"], context["version"]
    lines = [(0, f"{xrefs[person.pk]} INDI", "")]
    lines += names(person, version)
    lines.append((1, "SEX", SEXES.get(person.sex, "U")))
    lines += life_events(person, version)
    for family_xref, family in context["families"].items():
        if person in family.children:
            lines.append((1, "FAMC", family_xref))
        if person in family.partners:
            lines.append((1, "FAMS", family_xref))
    lines += association_lines(person, context["relationships"], xrefs, version)
    lines += [(1, "SOUR", SOURCE), (2, "PAGE", context["portal"].person_url(person))]
    return lines


# -- families ----------------------------------------------------------------------------


def partners_in_order(*people):
    """HUSB before WIFE: a man first, a woman last, the order of entry between equals."""
    rank = {Sex.MALE: 0, Sex.FEMALE: 2}
    return tuple(sorted(people, key=lambda person: (rank.get(person.sex, 1), person.pk)))


def parent_families(by_id, relationships):
    """A FAM for each couple, and for each child's parents when they are not one."""
    families = {}
    for relationship in relationships:
        if relationship.kind == RelationshipKind.SPOUSE:
            pair = (by_id[relationship.first_id], by_id[relationship.second_id])
            key = frozenset(person.pk for person in pair)
            families[key] = Family(partners_in_order(*pair), [], relationship)
    parents = {}
    for relationship in relationships:
        if relationship.kind == RelationshipKind.PARENT:
            parents.setdefault(relationship.second_id, []).append(relationship.first_id)
    for child_id, parent_ids in parents.items():
        # More than two parents (a stepmother beside both parents): each on their own.
        keys = [frozenset(parent_ids)] if len(parent_ids) <= 2 else map(frozenset, zip(parent_ids))
        for key in keys:
            partners = partners_in_order(*(by_id[parent_id] for parent_id in key))
            family = families.setdefault(key, Family(partners, []))
            family.children.append(by_id[child_id])
    return list(families.values())


def sibling_families(by_id, relationships, families):
    """Siblings whose common parents are not on the portal: a FAM of children alone."""
    group = {}
    for relationship in relationships:
        first, second = by_id[relationship.first_id], by_id[relationship.second_id]
        if relationship.kind != RelationshipKind.SIBLING or any(
            first in family.children and second in family.children for family in families
        ):
            continue
        merged = group.get(first.pk, {first}) | group.get(second.pk, {second})
        for person in merged:
            group[person.pk] = merged
    unique = {id(members): members for members in group.values()}.values()
    return [Family((), sorted(members, key=lambda person: person.pk)) for members in unique]


def build_families(people, relationships):
    by_id = {person.pk: person for person in people}
    relationships = [
        relationship
        for relationship in relationships
        if relationship.first_id in by_id and relationship.second_id in by_id
    ]
    families = parent_families(by_id, relationships)
    families += sibling_families(by_id, relationships, families)
    return {f"@F{number}@": family for number, family in enumerate(families, start=1)}


def family_record(xref, family, context):
    xrefs, version = context["xrefs"], context["version"]
    lines = [(0, f"{xref} FAM", "")]
    partners = family.partners
    if len(partners) == 1:
        tag = "WIFE" if partners[0].sex == Sex.FEMALE else "HUSB"
        lines.append((1, tag, xrefs[partners[0].pk]))
    elif partners:
        lines += [(1, "HUSB", xrefs[partners[0].pk]), (1, "WIFE", xrefs[partners[1].pk])]
    lines += [(1, "CHIL", xrefs[child.pk]) for child in family.children]
    if family.relationship is not None and family.relationship.start:
        lines += [(1, "MARR", ""), *date_lines(2, family.relationship.start, version)]
    return lines


# -- the file ----------------------------------------------------------------------------


def header(portal, version):
    lines = [(0, "HEAD", "")]
    if version == V551:
        lines += [(1, "GEDC", ""), (2, "VERS", V551), (2, "FORM", "LINEAGE-LINKED")]
        lines.append((1, "CHAR", "UTF-8"))
    else:
        lines += [(1, "GEDC", ""), (2, "VERS", V7)]
    lines += [
        (1, "SOUR", "MEMORIAL-KZ"),
        (2, "NAME", clean(portal.name)),
        (2, "CORP", clean(portal.name)),
        (3, "WWW", portal.url),
        (1, "DATE", simple_date(portal.today)),
        (1, "SUBM", SUBMITTER),
    ]
    if version == V7 and portal.language:
        lines.append((1, "LANG", portal.language))
    return lines


def portal_records(portal):
    return [
        (0, f"{SUBMITTER} SUBM", ""),
        (1, "NAME", clean(portal.name)),
        (0, f"{SOURCE} SOUR", ""),
        (1, "TITL", clean(portal.name)),
        (1, "NOTE", portal.url),
    ]


def line(level, tag, value):
    return f"{level} {tag} {value}" if value else f"{level} {tag}"


def family_gedcom(person, relatives, relationships, portal, version=V7):
    """The GEDCOM text of `person` and `relatives` (published people, name variants
    prefetched), linked by `relationships` (those among them, all published)."""
    people = [person, *(relative for relative in relatives if relative.pk != person.pk)]
    families = build_families(people, relationships)
    context = {
        "version": version,
        "portal": portal,
        "xrefs": {someone.pk: f"@I{number}@" for number, someone in enumerate(people, start=1)},
        "families": families,
        "relationships": relationships,
    }
    lines = header(portal, version)
    for someone in people:
        lines += individual(someone, context)
    for xref, family in families.items():
        lines += family_record(xref, family, context)
    lines += [*portal_records(portal), (0, "TRLR", "")]
    return "".join(line(*parts) + "\n" for parts in lines)
