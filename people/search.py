"""Name search over the database: candidates by surname stem, ranking in Python."""

from django.db import connection

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


def similar_stems(stems):
    """Surname stems spelled like the query's, closest first."""
    if connection.vendor == "postgresql":
        found = {}
        for stem in stems:
            rows = SurnameStem.objects.filter(stem__similar=stem).values_list("stem", flat=True)
            for candidate in rows[: SIMILAR_STEMS * 4]:
                found[candidate] = max(found.get(candidate, 0), similarity(stem, candidate))
    else:
        found = {}
        for candidate in SurnameStem.objects.values_list("stem", flat=True).iterator():
            score = max(similarity(stem, candidate) for stem in stems)
            if score >= SIMILARITY_THRESHOLD:
                found[candidate] = score
    ranked = sorted(found, key=lambda candidate: -found[candidate])
    return [candidate for candidate in ranked if candidate not in stems][:SIMILAR_STEMS]


def find_people(people, text, limit=RESULT_LIMIT):
    """Ids of the people (from the `people` query set) whose names answer `text`, best first:
    the exact recorded name, then exact variants, then near spellings."""
    query = Query.parse(text)
    if query.is_empty:
        return []
    stems = query.all_stems
    keys = NameKey.objects.filter(person__in=people.order_by().values("pk"))
    best = {}

    def rank(stem_set):
        for values in keys.filter(surname__in=stem_set).values_list(*KEY_FIELDS).iterator():
            row = KeyRow(values)
            score = score_key(query, row)
            if score and score > best.get(row.person_id, (0, ""))[0]:
                best[row.person_id] = (score, row.exact)

    rank(stems)
    if len(best) < limit:
        near = similar_stems(stems)
        if near:
            rank(set(near))
    ordered = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
    return [person_id for person_id, _ in ordered[:limit]]
