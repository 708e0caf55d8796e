"""Name search over the database: candidates by surname stem, ranking in Python."""

from django.db import connection
from django.db.models.expressions import RawSQL

from .matching import SIMILARITY_THRESHOLD, Query, score_key, similarity
from .models import NameKey, SurnameStem

# Results beyond this are not ranked: the page says "more than 1,000".
RESULT_LIMIT = 1001
# How many near spellings of a surname to follow; the closest first.
SIMILAR_STEMS = 40
KEY_FIELDS = ["person_id", "is_main", "surname", "given", "patronymic", "exact"]


class KeyRow:
    __slots__ = KEY_FIELDS

    def __init__(self, values):
        for name, value in zip(KEY_FIELDS, values, strict=True):
            setattr(self, name, value)


def similar_stems(stems, use_index=None):
    """Surname stems spelled like the query's, closest first: through the trigram index on
    PostgreSQL, by comparing every stem in Python elsewhere."""
    if use_index is None:
        use_index = connection.vendor == "postgresql"
    if use_index:
        found = {}
        for stem in stems:
            closest = (
                SurnameStem.objects.filter(stem__similar=stem)
                .annotate(closeness=RawSQL("similarity(stem, %s)", [stem]))
                .order_by("-closeness", "stem")
                .values_list("stem", flat=True)[:SIMILAR_STEMS]
            )
            for candidate in closest:
                found[candidate] = max(found.get(candidate, 0), similarity(stem, candidate))
    else:
        found = {}
        for candidate in SurnameStem.objects.values_list("stem", flat=True).iterator():
            score = max(similarity(stem, candidate) for stem in stems)
            if score >= SIMILARITY_THRESHOLD:
                found[candidate] = score
    ranked = sorted(found, key=lambda candidate: -found[candidate])
    return [candidate for candidate in ranked if candidate not in stems][:SIMILAR_STEMS]


# Rows fetched at most per step: enough to rank a full result list of RESULT_LIMIT people.
ROW_CAP = 3 * RESULT_LIMIT


def find_people(people, text, limit=RESULT_LIMIT):
    """Ids of the people whose names answer `text`, best first: the exact recorded name,
    then exact variants, then near spellings. `people` narrows the search to a query set;
    None means every published person, the common case, answered from the keys alone."""
    query = Query.parse(text)
    if query.is_empty:
        return []
    best = {}
    # Many people share a name: each distinct recorded form is scored once.
    scores = {}

    def rank(stems, given_forms=None):
        rows = NameKey.objects.filter(surname__in=stems)
        if people is None:
            rows = rows.filter(is_published=True)
        if given_forms:
            rows = rows.filter(given_first__in=given_forms)
        scored = {}
        for values in rows.order_by().values_list(*KEY_FIELDS)[:ROW_CAP]:
            person_id, form = values[0], values[1:]
            if form not in scores:
                scores[form] = score_key(query, KeyRow(values))
            score = scores[form]
            if score and score > scored.get(person_id, (0, ""))[0]:
                scored[person_id] = (score, values[-1])
        # Which of them the page may show (published, within the filters): looked up by
        # primary key, so the database reads a few thousand rows and never scans the people.
        if people is None:
            allowed = scored
        elif scored:
            allowed = people.filter(pk__in=list(scored)).order_by().values_list("pk", flat=True)
        else:
            allowed = []
        for person_id in allowed:
            if scored[person_id][0] > best.get(person_id, (0, ""))[0]:
                best[person_id] = scored[person_id]

    # Surname and given name both as written first (an index serves exactly that), then
    # the surname with any given name, then surnames spelled a little differently.
    several_words = len(query.words) > 1
    stems = query.all_stems
    if several_words:
        rank(stems, query.all_forms)
    if len(best) < limit:
        rank(stems)
    if len(best) < limit:
        near = similar_stems(stems)
        if near and several_words:
            rank(near, query.all_forms)
        if near and len(best) < limit:
            rank(near)
    ordered = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
    return [person_id for person_id, _ in ordered[:limit]]
