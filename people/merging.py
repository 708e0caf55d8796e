"""Finding people recorded twice, and merging them without losing anything."""

import json

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Q
from django.forms.models import model_to_dict
from django.utils.translation import gettext

from camps.models import Imprisonment
from deportations.models import DeportationRecord
from memorial.base import history
from memorial.base.models import Citation, MediaItem
from memorial.base.translation import LANGUAGE_CODES

from .matching import script_of
from .models import (
    ImportedRow,
    MergedPerson,
    NameKey,
    NameVariant,
    Person,
    Relationship,
    RepressionCase,
    Testimony,
)

# Facts a surviving record takes from the other one where it has none of its own.
FILLABLE = [
    "sex",
    "birth_date",
    "birth_place",
    "nationality",
    "occupation",
    "residence",
    "fate",
    "death_date",
    "death_place",
    "burial_site",
]


def likely_duplicates(limit=50, offset=0, max_year_gap=2):
    """Groups of people sharing a spelling-blind surname and first name whose birth years
    are compatible (unknown, or at most `max_year_gap` apart)."""
    groups = (
        NameKey.objects.filter(is_main=True)
        .values("surname", "given_first")
        .annotate(people=Count("person", distinct=True))
        .filter(people__gt=1)
        .order_by("surname", "given_first")[offset : offset + limit]
    )
    result = []
    for group in groups:
        people = list(
            Person.objects.filter(
                name_keys__is_main=True,
                name_keys__surname=group["surname"],
                name_keys__given_first=group["given_first"],
            ).order_by("pk")[:20]
        )
        compatible = [
            person
            for person in people
            if any(
                other is not person and years_compatible(person, other, max_year_gap)
                for other in people
            )
        ]
        if len(compatible) > 1:
            result.append(compatible)
    return result


def years_compatible(first, second, gap):
    if first.birth_date is None or second.birth_date is None:
        return True
    return abs(first.birth_date.year - second.birth_date.year) <= gap


def snapshot(person):
    data = model_to_dict(person)
    data["name_variants"] = [str(variant) for variant in person.name_variants.all()]
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


@transaction.atomic
def people_merge(*, keep, remove, user):
    """Merge `remove` into `keep`: every name, event, source, photo and testimony of both is
    kept; blank facts are filled; the merge is logged and the old address redirects."""
    if keep.pk == remove.pk:
        raise ValueError("A record cannot be merged into itself.")
    record = snapshot(remove)
    # Both records as they were, in the history, so that the merge can be looked back on.
    for person in (keep, remove):
        history.snapshot(
            person,
            user=user,
            comment=gettext("Before the merge of #%(removed)s into #%(kept)s.")
            % {"removed": remove.pk, "kept": keep.pk},
        )
    record["dropped_relationships"] = move_family(keep=keep, remove=remove)
    move_rows(keep=keep, remove=remove)
    fill_blanks(keep=keep, remove=remove)
    MergedPerson.objects.filter(merged_into=remove).update(merged_into=keep)
    MergedPerson.objects.create(
        old_id=remove.pk,
        old_name=remove.full_name,
        snapshot=record,
        merged_into=keep,
        merged_by=user,
    )
    log_merge(keep=keep, remove=remove, user=user)
    keep.updated_by = user
    remove.delete()
    keep.save()  # rebuilds the name keys with every variant
    return keep


# What makes one of two doubles worth keeping: each one it has counts.
INFORMATION = ["source", "locator", "notes", "start", "end", "first_is", "second_is"]


def information(relationship):
    return sum(1 for name in INFORMATION if getattr(relationship, name) not in (None, ""))


def relative_id(relationship, person):
    if relationship.first_id == person.pk:
        return relationship.second_id
    return relationship.first_id


def as_kept(relationship, *, keep, remove):
    """The relationship as it reads once `remove` is `keep`: (first id, second id)."""
    first, second = relationship.first_id, relationship.second_id
    return (keep.pk if first == remove.pk else first, keep.pk if second == remove.pk else second)


def move_family(*, keep, remove):
    """`remove`'s relatives become `keep`'s. A relationship between the two is dropped
    (nobody is their own relative), and of two that say the same of one relative (the
    same kind, either way round, a parent and child reversed too) the one with less
    information goes. Both records' snapshots before the merge hold every dropped row;
    returns them as they were, for the merge's own record."""
    dropped = list(
        Relationship.objects.filter(
            Q(first=keep, second=remove) | Q(first=remove, second=keep)
        ).order_by("pk")
    )
    between = [relationship.pk for relationship in dropped]
    kept_by_pair = {
        (relationship.kind, relative_id(relationship, keep)): relationship
        for relationship in Relationship.objects.of(keep).exclude(pk__in=between)
    }
    moved = []
    for relationship in Relationship.objects.of(remove).exclude(pk__in=between).order_by("pk"):
        key = (relationship.kind, relative_id(relationship, remove))
        double = kept_by_pair.get(key)
        if double is not None and information(double) >= information(relationship):
            dropped.append(relationship)
            continue
        if double is not None:
            dropped.append(double)
        relationship.first_id, relationship.second_id = as_kept(
            relationship, keep=keep, remove=remove
        )
        moved.append(relationship)
    # The doubles go before the others move into their place.
    Relationship.objects.filter(pk__in=[relationship.pk for relationship in dropped]).delete()
    for relationship in moved:
        relationship.save(update_fields=["first", "second"])
    move_family_member_cases(keep=keep, remove=remove)
    return [model_to_dict_json(relationship) for relationship in dropped]


def move_family_member_cases(*, keep, remove):
    """Sentences as `remove`'s family member are as `keep`'s; one of their own cases that
    named the other as the relative names nobody, for the two are one person."""
    RepressionCase.objects.filter(
        person__in=[keep, remove], family_member_of__in=[keep, remove]
    ).update(family_member_of=None)
    RepressionCase.objects.filter(family_member_of=remove).update(family_member_of=keep)


def model_to_dict_json(record):
    return json.loads(json.dumps(model_to_dict(record), cls=DjangoJSONEncoder, default=str))


def move_rows(*, keep, remove):
    """Every name, event, testimony, imported row, citation and photo of `remove` goes to
    `keep`; its name stays as a variant, and `keep`'s portrait stays its portrait."""
    if remove.full_name != keep.full_name:
        NameVariant.objects.create(
            person=keep,
            surname=remove.surname,
            given_name=remove.given_name,
            patronymic=remove.patronymic,
            kind=NameVariant.Kind.SPELLING,
            script=script_of(remove.surname),
        )
    NameVariant.objects.filter(person=remove).update(person=keep)
    for model in (RepressionCase, Imprisonment, DeportationRecord, Testimony, ImportedRow):
        model.objects.filter(person=remove).update(person=keep)
    person_type = ContentType.objects.get_for_model(Person)
    if MediaItem.objects.filter(
        content_type=person_type, object_id=keep.pk, is_portrait=True
    ).exists():
        MediaItem.objects.filter(content_type=person_type, object_id=remove.pk).update(
            is_portrait=False
        )
    for model in (Citation, MediaItem):
        model.objects.filter(content_type=person_type, object_id=remove.pk).update(
            object_id=keep.pk
        )


def fill_blanks(*, keep, remove):
    """`keep` takes the facts it lacks, and each biography text `remove` adds to its own."""
    for field in FILLABLE:
        if getattr(keep, field) in (None, "") and getattr(remove, field) not in (None, ""):
            setattr(keep, field, getattr(remove, field))
    for code in LANGUAGE_CODES:
        kept, removed = getattr(keep, f"biography_{code}"), getattr(remove, f"biography_{code}")
        if removed and removed not in kept:
            setattr(keep, f"biography_{code}", f"{kept}{removed}")


def log_merge(*, keep, remove, user):
    message = f"Merged record #{remove.pk} ({remove.full_name}) into this one."
    LogEntry.objects.log_actions(
        user.pk, [keep], CHANGE, change_message=message, single_object=True
    )
    LogEntry.objects.log_actions(
        user.pk, [remove], DELETION, change_message=f"Merged into #{keep.pk}.", single_object=True
    )
