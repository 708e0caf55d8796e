"""The relations of a biography that most people have none of, fetched only for those who do.

From a list of a million, a camp term, a photo or a testimony is the exception. Each relation
here is fetched only for the people who have one, into a list of its own on the person
(`loaded_imprisonments`, `published_testimonies`…); the others are simply given an empty
list: no query, and no prefetching machinery run for nothing, which cost about a millisecond
a relation. Person.loaded() reads the lists, so no template asks the database again. Apps
above people (stories, in memorial.pages) add their own relations from their
AppConfig.ready() with add_sparse_relation().
"""

from django.apps import apps
from django.db.models import Prefetch, prefetch_related_objects

from memorial.base.models import Status

PERSON_ID = '"people_person"."id"'

# name -> (the rows to fetch: a function, asked anew for each page, as what is published
# changes with the clock; the list on the person they go to; SQL: whether a person has any).
ADDED = {}


def by_person(model, column="person_id"):
    """SQL: whether a row of `model` points at the person by `column`."""
    return f"exists(select 1 from {model._meta.db_table} as r where r.{column} = {PERSON_ID})"


def attached(model):
    """SQL: whether a generic row of `model` (a citation, a photo) is attached to the person."""
    return (
        f"exists(select 1 from {model._meta.db_table} as r join django_content_type as t "
        f"on t.id = r.content_type_id where t.app_label = 'people' and t.model = 'person' "
        f"and r.object_id = {PERSON_ID})"
    )


def add_sparse_relation(name, *, get_queryset, through, to_attr):
    """Fetch `name` (a relation of Person) with the biography, from `get_queryset()`, into
    the list `to_attr`, for the people that `through` (a model with a person_id column)
    links to."""
    ADDED[name] = (get_queryset, to_attr, by_person(through))


def own_relations():
    from camps.models import Imprisonment
    from deportations.models import DeportationRecord
    from memorial.base.models import Citation, MediaItem

    from .imports import ImportedRow
    from .testimony import Testimony

    return {
        "imprisonments": (
            lambda: Imprisonment.objects.select_related("camp"),
            "loaded_imprisonments",
            by_person(Imprisonment),
        ),
        "deportation_records": (
            lambda: DeportationRecord.objects.select_related("deportation", "settlement_region"),
            "loaded_deportation_records",
            by_person(DeportationRecord),
        ),
        "citations": (
            lambda: Citation.objects.select_related("source"),
            "loaded_citations",
            attached(Citation),
        ),
        "imported_rows": (
            lambda: ImportedRow.objects.select_related("source"),
            "loaded_imported_rows",
            by_person(ImportedRow),
        ),
        "media": (MediaItem.objects.all, "loaded_media", attached(MediaItem)),
        "testimonies": (
            lambda: Testimony.objects.published_stories().order_by("story_published_at"),
            "published_testimonies",
            by_person(Testimony),
        ),
    }


def family_relations():
    """Relatives, from whichever side the relationship was entered (published ones only),
    and the relatives sentenced as this person's family members."""
    from .family import Relationship

    # By name: records imports this module, so it cannot be imported back.
    RepressionCase = apps.get_model("people", "RepressionCase")
    published_person = {"person__status": Status.PUBLISHED}
    return {
        "relationships_as_first": (
            lambda: Relationship.objects.with_published("second"),
            "published_relationships_as_first",
            by_person(Relationship, "first_id"),
        ),
        "relationships_as_second": (
            lambda: Relationship.objects.with_published("first"),
            "published_relationships_as_second",
            by_person(Relationship, "second_id"),
        ),
        "family_member_cases": (
            lambda: RepressionCase.objects.filter(**published_person).select_related("person"),
            "published_family_member_cases",
            by_person(RepressionCase, "family_member_of_id"),
        ),
    }


def sparse_relations():
    """name -> (the rows to fetch, as a function; the list they go to; SQL: whether a
    person has any), in a fixed order: the order of the bits of sparse_relations_held()."""
    return {**own_relations(), **family_relations(), **ADDED}


def sparse_relations_held():
    """SQL: which sparse relations a person has, one bit each, in one column: ten columns
    of their own cost the page more to compile than the database takes to answer them."""
    relations = sparse_relations().values()
    bits = [
        f"(case when {exists} then {1 << place} else 0 end)"
        for place, (_rows, _to, exists) in enumerate(relations)
    ]
    # A last bit marks how many relations were asked about: a query set made before an app
    # added its relation is read as having them all, never as having none.
    return " + ".join([*bits, str(1 << len(bits))])


def relations_held(person, count):
    """The bits of sparse_relations_held() for `person`, or None where they were not asked."""
    held = getattr(person, "sparse_relations_held", None)
    return held if held is not None and held >> count == 1 else None


def load_sparse_relations(people):
    """Finish what for_biography() began: fetch the sparse relations of the people who have
    them, and give the others an empty list, so that no template asks the database again."""
    relations = sparse_relations()
    held = {person: relations_held(person, len(relations)) for person in people}
    for place, (name, (rows, to_attr, _exists)) in enumerate(relations.items()):
        having, lacking = [], []
        for person in people:
            lacks = held[person] is not None and not held[person] & (1 << place)
            (lacking if lacks else having).append(person)
        if having:
            prefetch_related_objects(having, Prefetch(name, queryset=rows(), to_attr=to_attr))
        for person in lacking:
            setattr(person, to_attr, [])
