"""Camps, burial sites, deportations and peoples found by name, with the matcher the list of
names uses (people/matching.py): each word of the query reduced to its spelling-blind
skeletons, found inside the skeleton of the record's names, so that "Akmola" finds
"Ақмола" and "Акмола", and "Karlag" finds "Карлаг". These records number in the hundreds
at most: compared in Python, their names read once per change of the public content."""

from django.core.cache import cache

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.base.page_cache import content_version
from people.matching import Query, skeleton, words_of


def name_skeleton(*texts):
    return " ".join(skeleton(word) for text in texts if text for word in words_of(str(text)))


def named_records():
    """Each published camp, site, deportation and people with the skeleton of its names,
    kept in the cache under the content version (page_cache.py) that every public save
    changes: no query at all for most searches."""

    def load():
        kinds = {
            "camps": (
                Camp.objects.published().select_related("region"),
                lambda camp: (
                    camp.name,
                    camp.full_name,
                    camp.abbreviation,
                    camp.place,
                    camp.region,
                ),
            ),
            "burial_sites": (
                BurialSite.objects.published().select_related("region"),
                lambda site: (site.name, site.place, site.region),
            ),
            "deportations": (
                Deportation.objects.published(),
                lambda deportation: (deportation.title, deportation.origin),
            ),
            "peoples": (
                DeportedPeople.objects.published(),
                lambda people: (people.name, people.self_designation),
            ),
        }
        return {
            kind: [(record, name_skeleton(*names(record))) for record in records]
            for kind, (records, names) in kinds.items()
        }

    return cache.get_or_set(f"search:named-records:{content_version()}", load, timeout=300)


def records_named(text):
    """{"camps": [...], "burial_sites": [...], "deportations": [...], "peoples": [...]}:
    the records whose names contain every word of `text`, in some reading."""
    words = Query.parse(text).words
    return {
        kind: [
            record
            for record, key in records
            if words and all(any(form in key for form in forms) for forms in words)
        ]
        for kind, records in named_records().items()
    }
