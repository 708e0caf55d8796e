"""Name search over the database: candidates by surname stem, ranking in Python."""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from .matching import SIMILARITY_THRESHOLD, Query, score_key, similarity
from .models import GivenName, NameKey, SurnameStem

# Results beyond this are not ranked: the page says "more than 1,000".
RESULT_LIMIT = 1001
# How many near spellings of a surname to follow; the closest first.
SIMILAR_STEMS = 12
SIMILAR_GIVEN_NAMES = 8
KEY_FIELDS = ["person_id", "is_main", "surname", "given", "patronymic", "exact"]


class KeyRow:
    __slots__ = KEY_FIELDS

    def __init__(self, values):
        for name, value in zip(KEY_FIELDS, values, strict=True):
            setattr(self, name, value)


def similar_values(model, field, values, use_index, limit):
    """Distinct values of `model.field` spelled like any of `values`, closest first: through
    the trigram index on PostgreSQL, by comparing every value in Python elsewhere."""
    found = {}
    if use_index:
        for value in values:
            closest = (
                model.objects.filter(**{f"{field}__similar": value})
                .annotate(closeness=RawSQL(f"similarity({field}, %s)", [value]))
                .order_by("-closeness", field)
                .values_list(field, flat=True)[:limit]
            )
            for candidate in closest:
                found[candidate] = max(found.get(candidate, 0), similarity(value, candidate))
    else:
        for candidate in model.objects.values_list(field, flat=True).iterator():
            score = max(similarity(value, candidate) for value in values)
            if score >= SIMILARITY_THRESHOLD:
                found[candidate] = score
    ranked = sorted(found, key=lambda candidate: (-found[candidate], candidate))
    return [candidate for candidate in ranked if candidate not in values][:limit]


def similar_stems(stems, use_index=None):
    """Surname stems spelled like the query's, closest first."""
    if use_index is None:
        use_index = connection.vendor == "postgresql"
    return similar_values(SurnameStem, "stem", stems, use_index, SIMILAR_STEMS)


def similar_given_names(names, use_index):
    return similar_values(GivenName, "name", names, use_index, SIMILAR_GIVEN_NAMES)


# Rows fetched at most per step: enough to rank a full result list of RESULT_LIMIT people.
ROW_CAP = 3 * RESULT_LIMIT


class Found(list):
    """Person ids, best first; `complete` is False when there were more than could be
    ranked, and the page says "more than 1,000"."""

    complete = True


def find_people(people, text, limit=RESULT_LIMIT):
    """Ids of the people whose names answer `text`, best first: the exact recorded name,
    then exact variants, then near spellings. `people` narrows the search to a query set;
    None means every published person, the common case, answered from the keys alone."""
    found = Found()
    query = Query.parse(text)
    if query.is_empty:
        return found
    best = {}
    # Many people share a name: each distinct recorded form is scored once.
    scores = {}
    use_index = connection.vendor == "postgresql"

    given_forms = None
    if len(query.words) > 1:
        # Only rows whose first given name is one of the query's words or spelled like one:
        # both columns of the covering index narrow the scan, however common the surname.
        given_forms = query.all_forms | set(similar_given_names(query.all_forms, use_index))

    def rank(stems):
        rows = NameKey.objects.filter(surname__in=stems)
        if people is None:
            rows = rows.filter(is_published=True)
        if given_forms is not None:
            rows = rows.filter(given_first__in=given_forms)
        elif query.initials:
            # "A. Baitursynov": the initial narrows the rows before any are cut off.
            initial = Q()
            for letter in query.initials:
                initial |= Q(given_first__startswith=letter)
            rows = rows.filter(initial)
        scored = {}
        fetched = 0
        for values in rows.order_by().values_list(*KEY_FIELDS)[:ROW_CAP]:
            fetched += 1
            person_id, form = values[0], values[1:]
            if form not in scores:
                scores[form] = score_key(query, KeyRow(values))
            score = scores[form]
            if score and score > scored.get(person_id, (0, ""))[0]:
                scored[person_id] = (score, values[-1])
        if fetched == ROW_CAP:
            found.complete = False
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

    # The surnames as written first, then surnames spelled a little differently.
    stems = query.all_stems
    rank(stems)
    if len(best) < limit and found.complete:
        near = similar_stems(stems, use_index)
        if near:
            rank(set(near))
    ordered = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
    found.extend(person_id for person_id, _ in ordered[:limit])
    if len(best) >= limit:
        found.complete = False
    return found
