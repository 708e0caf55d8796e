"""Camps, burial sites, deportations and peoples found by name, with the matcher the list of
names uses (people/matching.py): each word of the query reduced to its spelling-blind
skeletons, found inside the skeleton of the record's names, so that "Akmola" finds
"Ақмола" and "Акмола", and "Karlag" finds "Карлаг". These records number in the hundreds
at most: compared in Python, four queries whatever the query."""

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from people.matching import Query, skeleton, words_of


def name_skeleton(*texts):
    return " ".join(skeleton(word) for text in texts if text for word in words_of(str(text)))


def matcher(text):
    """A test of whether a record's names answer `text`: every word, in some reading."""
    words = Query.parse(text).words

    def matches(*texts):
        key = name_skeleton(*texts)
        return bool(words) and all(any(form in key for form in forms) for forms in words)

    return matches


def records_named(text):
    matches = matcher(text)
    return {
        "camps": [
            camp
            for camp in Camp.objects.published().select_related("region")
            if matches(camp.name, camp.full_name, camp.abbreviation, camp.place, camp.region)
        ],
        "burial_sites": [
            site
            for site in BurialSite.objects.published().select_related("region")
            if matches(site.name, site.place, site.region)
        ],
        "deportations": [
            deportation
            for deportation in Deportation.objects.published()
            if matches(deportation.title, deportation.origin)
        ],
        "peoples": [
            people
            for people in DeportedPeople.objects.published()
            if matches(people.name, people.self_designation)
        ],
    }
