"""The relations of a biography that most people have none of, fetched only for those who do.

From a list of a million, a camp term, a photo or a testimony is the exception. Each relation
here is fetched only for the people who have one; the others get an empty result from the
same prefetching, out of a query set empty by construction, which never reaches the database:
no template asks the database again. Apps above people (stories, in memorial.pages) add their
own relations from their AppConfig.ready() with add_sparse_relation().
"""

from django.apps import apps
from django.db.models import Prefetch, prefetch_related_objects

from memorial.base.models import Status

PERSON_ID = '"people_person"."id"'

# name -> (the rows to fetch, the attribute they go to, SQL: whether a person has any).
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


def add_sparse_relation(name, *, get_queryset, through, to_attr=None):
    """Fetch `name` (a relation of Person) with the biography, from `get_queryset()` (asked
    anew for each page, as what is published changes with the clock), for the people that
    `through` (a model with a person_id column) links to."""
    ADDED[name] = (get_queryset, to_attr, by_person(through))


def own_relations():
    from camps.models import Imprisonment
    from deportations.models import DeportationRecord
    from memorial.base.models import Citation, MediaItem

    from .imports import ImportedRow
    from .testimony import Testimony

    return {
        "imprisonments": (
            Prefetch("imprisonments", queryset=Imprisonment.objects.select_related("camp")),
            by_person(Imprisonment),
        ),
        "deportation_records": (
            Prefetch(
                "deportation_records",
                queryset=DeportationRecord.objects.select_related(
                    "deportation", "settlement_region"
                ),
            ),
            by_person(DeportationRecord),
        ),
        "citations": (
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            attached(Citation),
        ),
        "imported_rows": (
            Prefetch("imported_rows", queryset=ImportedRow.objects.select_related("source")),
            by_person(ImportedRow),
        ),
        "media": (Prefetch("media", queryset=MediaItem.objects.all()), attached(MediaItem)),
        "testimonies": (
            Prefetch(
                "testimonies",
                queryset=Testimony.objects.published_stories().order_by("story_published_at"),
                to_attr="published_testimonies",
            ),
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
            Prefetch(
                "relationships_as_first",
                queryset=Relationship.objects.with_published("second"),
                to_attr="published_relationships_as_first",
            ),
            by_person(Relationship, "first_id"),
        ),
        "relationships_as_second": (
            Prefetch(
                "relationships_as_second",
                queryset=Relationship.objects.with_published("first"),
                to_attr="published_relationships_as_second",
            ),
            by_person(Relationship, "second_id"),
        ),
        "family_member_cases": (
            Prefetch(
                "family_member_cases",
                queryset=RepressionCase.objects.filter(**published_person).select_related("person"),
                to_attr="published_family_member_cases",
            ),
            by_person(RepressionCase, "family_member_of_id"),
        ),
    }


def sparse_relations():
    """name -> (how to fetch them, SQL that says whether a person has any)."""
    added = {
        name: (Prefetch(name, queryset=get_queryset(), to_attr=to_attr), exists)
        for name, (get_queryset, to_attr, exists) in ADDED.items()
    }
    return {**own_relations(), **family_relations(), **added}


def none_of(lookup):
    """The lookup with nothing to fetch: Django runs no query for an empty query set."""
    return Prefetch(
        lookup.prefetch_through, queryset=lookup.queryset.none(), to_attr=lookup.to_attr
    )


def give_none(people, lookup):
    """An empty result for people who have none of a relation. One kept as a list of its own
    is simply set: even an empty prefetch costs about a millisecond a relation."""
    if lookup.to_attr:
        for person in people:
            setattr(person, lookup.to_attr, [])
    else:
        prefetch_related_objects(people, none_of(lookup))


def load_sparse_relations(people):
    """Finish what for_biography() began: fetch the sparse relations of the people who have
    them, and give the others an empty result, so that no template asks the database again."""
    for name, (lookup, _exists) in sparse_relations().items():
        having, lacking = [], []
        for person in people:
            (having if getattr(person, f"has_{name}", True) else lacking).append(person)
        if having:
            prefetch_related_objects(having, lookup)
        if lacking:
            give_none(lacking, lookup)
