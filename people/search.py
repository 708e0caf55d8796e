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


# What a list's filters hold that leaves no one out: the name searched for, and the order.
NOT_NARROWING = ("q", "sort")


def is_narrowed(filters):
    """Whether a list's filters (their cleaned values) leave out anyone by more than name."""
    return any(
        value not in (None, "", False) for key, value in filters.items() if key not in NOT_NARROWING
    )


def find_people(people, text, limit=RESULT_LIMIT, *, filters=None):
    """Ids of the people whose names answer `text`, best first: the exact recorded name,
    then exact variants, then near spellings. `people` narrows the search to a query set;
    None means every published person, the common case, answered from the keys alone.

    A list of published people passes the `filters` that made `people`: with none in effect
    but the name and the order, the search takes the common case."""
    if filters is not None and not is_narrowed(filters):
        people = None
    query = Query.parse(text)
    if query.is_empty:
        return Found()
    return NameSearch(people, query).found(limit)


class NameSearch:
    """Candidates by surname stem from the name keys, scored in Python: each distinct
    recorded form once, as many people share a name."""

    def __init__(self, people, query):
        self.people = people
        self.query = query
        self.use_index = connection.vendor == "postgresql"
        self.scores = {}
        self.best = {}
        self.complete = True
        self.given_forms = self.given_names_asked()

    def given_names_asked(self):
        """With more than a surname asked, the given names the rows may have."""
        if len(self.query.words) < 2:
            return None
        # Only rows whose first given name is one of the query's words or spelled like one:
        # both columns of the covering index narrow the scan, however common the surname.
        forms = self.query.all_forms
        return forms | set(similar_given_names(forms, self.use_index))

    def found(self, limit):
        # The surnames as written first, then surnames spelled a little differently.
        stems = self.query.all_stems
        self.rank(stems)
        if len(self.best) < limit and self.complete:
            near = similar_stems(stems, self.use_index)
            if near:
                self.rank(set(near))
        ordered = sorted(self.best.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
        found = Found(person_id for person_id, _ in ordered[:limit])
        found.complete = self.complete and len(self.best) < limit
        return found

    def rank(self, stems):
        scored = self.scored(self.candidate_rows(stems))
        for person_id in self.shown(scored):
            if scored[person_id][0] > self.best.get(person_id, (0, ""))[0]:
                self.best[person_id] = scored[person_id]

    def candidate_rows(self, stems):
        rows = NameKey.objects.filter(surname__in=stems)
        if self.people is None:
            rows = rows.filter(is_published=True)
        if self.given_forms is not None:
            rows = rows.filter(given_first__in=self.given_forms)
        elif self.query.initials:
            # "A. Baitursynov": the initial narrows the rows before any are cut off.
            initial = Q()
            for letter in self.query.initials:
                initial |= Q(given_first__startswith=letter)
            rows = rows.filter(initial)
        return rows.order_by().values_list(*KEY_FIELDS)[:ROW_CAP]

    def scored(self, rows):
        """Each person's best score among `rows`, with whether the form was exact."""
        scored = {}
        fetched = 0
        for values in rows:
            fetched += 1
            person_id, form = values[0], values[1:]
            if form not in self.scores:
                self.scores[form] = score_key(self.query, KeyRow(values))
            score = self.scores[form]
            if score and score > scored.get(person_id, (0, ""))[0]:
                scored[person_id] = (score, values[-1])
        if fetched == ROW_CAP:
            self.complete = False
        return scored

    def shown(self, scored):
        """Which of the people scored the list may show (published, within its filters)."""
        if self.people is None:
            return scored
        if not scored:
            return []
        # Looked up by primary key, so the database reads a few thousand rows and never
        # scans the people.
        return self.people.filter(pk__any=list(scored)).order_by().values_list("pk", flat=True)
