"""The words for a relative, in the reader's language, by role and sex.

Kazakh names a sibling by age and by whose sibling they are (ағасы, інісі, әпкесі, қарындасы,
сіңлісі): where both birth years are known, the word says which; English and Russian
translate every one of those contexts to the same "Brother" or "Sister".
"""

from django.utils.translation import pgettext_lazy

from .models import Role, Sex

WORDS = {
    (Role.SPOUSE, Sex.MALE): pgettext_lazy("relative", "Husband"),
    (Role.SPOUSE, Sex.FEMALE): pgettext_lazy("relative", "Wife"),
    (Role.SPOUSE, ""): pgettext_lazy("relative", "Spouse"),
    (Role.PARENT, Sex.MALE): pgettext_lazy("relative", "Father"),
    (Role.PARENT, Sex.FEMALE): pgettext_lazy("relative", "Mother"),
    (Role.PARENT, ""): pgettext_lazy("relative", "Parent"),
    (Role.CHILD, Sex.MALE): pgettext_lazy("relative", "Son"),
    (Role.CHILD, Sex.FEMALE): pgettext_lazy("relative", "Daughter"),
    (Role.CHILD, ""): pgettext_lazy("relative", "Child"),
    (Role.SIBLING, Sex.MALE): pgettext_lazy("relative", "Brother"),
    (Role.SIBLING, Sex.FEMALE): pgettext_lazy("relative", "Sister"),
    (Role.SIBLING, ""): pgettext_lazy("relative", "Sibling"),
    (Role.OTHER, ""): pgettext_lazy("relative", "Relative"),
}

# (sex of the sibling, elder?, sex of the person whose sibling they are) -> word.
SIBLINGS_BY_AGE = {
    (Sex.MALE, True, ""): pgettext_lazy("elder brother", "Brother"),
    (Sex.MALE, False, ""): pgettext_lazy("younger brother", "Brother"),
    (Sex.FEMALE, True, ""): pgettext_lazy("elder sister", "Sister"),
    (Sex.FEMALE, False, Sex.MALE): pgettext_lazy("younger sister of a man", "Sister"),
    (Sex.FEMALE, False, Sex.FEMALE): pgettext_lazy("younger sister of a woman", "Sister"),
}


def word_for(role, sex, *, words="", elder=None, sibling_of_sex=""):
    """The word for a relative: "Wife", "Son", "Әкесі"; for “other”, the archivist's words."""
    if role == Role.OTHER:
        return words or WORDS[(Role.OTHER, "")]
    if role == Role.SIBLING and elder is not None and sex:
        # Only a younger sister's word depends on whose sister she is.
        whose = sibling_of_sex if sex == Sex.FEMALE and not elder else ""
        by_age = SIBLINGS_BY_AGE.get((sex, elder, whose))
        if by_age:
            return by_age
    return WORDS.get((role, sex)) or WORDS[(role, "")]


def is_elder(relative, person):
    """Whether `relative` was born before `person`; None where a year is missing or equal."""
    if not (relative.birth_date and person.birth_date):
        return None
    relative_year, person_year = relative.birth_date.year, person.birth_date.year
    return None if relative_year == person_year else relative_year < person_year


def relative_word(member):
    """The word for a FamilyMember as their relative's record shows them."""
    return word_for(
        member.role,
        member.relative.sex,
        words=member.words,
        elder=is_elder(member.relative, member.person) if member.role == Role.SIBLING else None,
        sibling_of_sex=member.person.sex,
    )


def own_word(member):
    """The word for the person themselves as seen from the relative: "wife" in "sentenced
    as the wife of …"."""
    mirrored = {Role.PARENT: Role.CHILD, Role.CHILD: Role.PARENT}.get(member.role, member.role)
    words = member.relationship.words_for_relative(member.relative)
    return word_for(
        mirrored,
        member.person.sex,
        words=words,
        elder=is_elder(member.person, member.relative) if mirrored == Role.SIBLING else None,
        sibling_of_sex=member.relative.sex,
    )
