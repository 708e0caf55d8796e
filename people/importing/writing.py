"""Writing checked rows in bulk, a chunk at a time.

New people get their ids from the tables' sequences up front, so each of them, their
arrest, its articles, their name key and the row's key go straight into their tables with
PostgreSQL's COPY (plain multi-row inserts on SQLite): one statement per table per chunk,
not one per row. Rows an earlier import of the same list already made go through a staging
table and a few set-based UPDATEs.

A re-import updates what the list says and never blanks a field the list leaves empty, so
an archivist's later additions survive it. New people's status is the caller's choice;
existing people keep theirs."""

import time

from camps.models import Camp, Imprisonment

from ..models import (
    Article,
    Authority,
    GivenName,
    ImportedRow,
    ImportedUpdate,
    NameKey,
    Person,
    RepressionCase,
    SurnameStem,
)
from .rows import NOT_STAGED, STAGED
from .text_entries import camp_matcher, camp_words

STAGING = "people_import_staging"
# The staging table holds a checked row (without its article codes and later arrests) and
# what it matched.
STAGED_POSITIONS = [position for position, name in enumerate(STAGED) if name not in NOT_STAGED]
STAGING_COLUMNS = (
    *(STAGED[position] for position in STAGED_POSITIONS),
    "person_id",
    "case_id",
    "case_existing",
)
_TYPES = {
    "row_number": "integer primary key",
    "has_case": "boolean",
    "term_years": "integer",
    "term_months": "integer",
    "is_rehabilitated": "boolean",
    "person_id": "bigint",
    "case_id": "bigint",
    "case_existing": "boolean",
}
PERSON_COLUMNS = (
    "id status published_at created_at updated_at created_by_id updated_by_id surname "
    "given_name patronymic slug sex birth_date birth_place nationality occupation residence "
    "biography_kk biography_ru biography_en fate death_date death_place burial_site_id "
    "is_synthetic is_featured"
).split()
CASE_COLUMNS = (
    "id person_id arrest_date arrest_place arresting_body_id charge sentencing_body_id "
    "sentence_date sentence_kind sentence_term_years sentence_term_months sentence_text "
    "is_rehabilitated rehabilitation_date rehabilitation_body_id source_id notes"
).split()
IMPRISONMENT_COLUMNS = ("person_id", "camp_id", "start", '"end"', "prisoner_number", "notes",
                        "source_id")  # fmt: skip
KEY_COLUMNS = "person_id is_main is_published surname given given_first patronymic exact".split()
ROW_COLUMNS = (
    "source_id key person_id row_number locator imported_at batch_id excerpt words_kept".split()
)
# Fields a re-import refreshes, and the list fields (any of them) that must be mapped.
PERSON_UPDATES = {
    "surname": "full_name surname",
    "given_name": "full_name given_name",
    "patronymic": "full_name patronymic",
    "birth_date": "birth_date",
    "birth_place": "birth_place",
    "nationality": "nationality",
    "occupation": "occupation",
    "death_date": "death_date",
    "sex": "sex",
    "residence": "residence",
    "fate": "fate",
    "death_place": "death_place",
}
CASE_UPDATES = {
    "arrest_date": "arrest_date",
    "charge": "charge",
    "sentence_date": "sentence_date",
    "sentence_text": "sentence",
    "sentence_kind": "sentence",
    "sentence_term_years": "sentence",
    "sentence_term_months": "sentence",
    "is_rehabilitated": "rehabilitation_date",
    "rehabilitation_date": "rehabilitation_date",
}
_STAGED_NAME = {
    "sentence_text": "sentence_text",
    "sentence_term_years": "term_years",
    "sentence_term_months": "term_months",
}
_NULLABLE = {"sentence_term_years", "sentence_term_months", "is_rehabilitated"}


def _table(model):
    return model._meta.db_table


def copy_rows(cursor, table, columns, rows):
    """Write rows (tuples in the order of `columns`) into a table in one statement: COPY on
    PostgreSQL, a multi-row insert on SQLite. `cursor` is a Django cursor."""
    if not rows:
        return
    if cursor.db.vendor == "postgresql":
        # psycopg's own cursor under Django's wrapper
        with cursor.cursor.copy(f"copy {table} ({', '.join(columns)}) from stdin") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"insert into {table} ({', '.join(columns)}) values ({marks})", rows)


def with_extras(columns, rows, extras):
    """(columns, rows) with the extra columns' values in place of the defaults (or added)."""
    columns = list(columns)
    for column, values in extras.items():
        if column not in columns:
            columns.append(column)
            for row in rows:
                row.append(None)
        position = columns.index(column)
        for row, value in zip(rows, values, strict=True):
            row[position] = value
    return columns, rows


class BulkWriter:
    def __init__(self, connection, *, source, columns, status, published_at, user, now, batch):
        self.connection = connection
        self.batch_id = batch.pk
        self.articles_added = {}
        self.vendor = connection.vendor
        self.source_id = source.pk
        self.mapped = set(columns)
        self.status = status
        if self.vendor == "sqlite":
            # Written as the ORM writes them, so that comparisons with its values hold.
            now = connection.ops.adapt_datetimefield_value(now)
            published_at = connection.ops.adapt_datetimefield_value(published_at)
        self.published_at = published_at
        self.user_id = user.pk if user else None
        self.now = now
        self.created = self.updated = 0
        self.seconds = {}  # time spent in each step, for `import_people -v 3`
        self.authority_ids, self.article_ids = {}, {}
        self.known_stems, self.known_given = set(), set()
        # Within one file keys are unique, so only rows of earlier imports can match.
        self.source_has_rows = ImportedRow.objects.filter(source=source).exists()
        self.staging_made = False
        # Text entries name camps in their words; a spreadsheet has no column for them.
        self.camps_named = None
        if "excerpt" in self.mapped:
            self.camps_named = camp_matcher(
                Camp.objects.published().values_list("pk", "name", "full_name", "abbreviation")
            )
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Check foreign keys chunk by chunk, while the next chunk is being read,
                # rather than all at once at the commit (and name the chunk that fails).
                cursor.execute("set constraints all immediate")

    def close(self):
        if self.staging_made:
            with self.connection.cursor() as cursor:
                cursor.execute(f"drop table if exists {STAGING}")

    def write(self, rows, person_extras=None):
        """rows: checked rows (rows.StagedRow). person_extras: column -> values, one for each
        row, that new people get beyond what a list says (the synthetic people's biographies,
        say). Returns the person id of each row, in order."""
        with self.connection.cursor() as cursor:
            rows = self._timed(self._match_and_number, cursor, rows)
            self._timed(self._lookups, cursor, rows)
            extras = person_extras or {}
            new = [row for row in rows if not row[1]]
            old = [row for row in rows if row[1]]
            new_extras = {
                column: [value for value, row in zip(values, rows, strict=True) if not row[1]]
                for column, values in extras.items()
            }
            self._timed(self._new_people, cursor, new, new_extras)
            if self.camps_named:
                self._timed(self._imprisonments, cursor, new)
            self._timed(self._cases, cursor, rows)
            self._timed(self._name_stems, cursor, rows)
            if old:
                self._timed(self._existing_people, cursor, old)
        return [person_id for _, _, person_id, _, _ in rows]

    def _timed(self, step, *args):
        started = time.perf_counter()
        result = step(*args)
        name = step.__name__.lstrip("_")
        self.seconds[name] = self.seconds.get(name, 0) + time.perf_counter() - started
        return result

    def _copy(self, cursor, table, columns, rows):
        copy_rows(cursor, table, columns, rows)

    # -- which rows are new, and their ids -------------------------------------------------

    def _match_and_number(self, cursor, rows):
        """(row, existing, person id, case id, case existing) for each row: the person and
        arrest an earlier import of the list made, or new ids taken from the sequences."""
        existing = self._existing(cursor, [row.key for row in rows])
        new_people = sum(1 for row in rows if row.key not in existing)
        new_cases = sum(
            1 for row in rows if row.has_case and existing.get(row.key, (0, None))[1] is None
        )
        person_ids = iter(self._new_ids(cursor, Person, new_people))
        case_ids = iter(self._new_ids(cursor, RepressionCase, new_cases))
        numbered = []
        for row in rows:
            match = existing.get(row.key)
            person_id, case_id = match if match else (next(person_ids), None)
            case_existing = case_id is not None
            if case_id is None and row.has_case:
                case_id = next(case_ids)
            numbered.append((row, match is not None, person_id, case_id, case_existing))
        self.updated += len(rows) - new_people
        self.created += new_people
        return numbered

    def _existing(self, cursor, keys):
        """key -> (person id, id of the arrest whose source is this list, or None)."""
        if not self.source_has_rows:
            return {}
        found = {}
        rows, cases = _table(ImportedRow), _table(RepressionCase)
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            cursor.execute(
                f"""select r.key, r.person_id,
                        (select min(c.id) from {cases} as c
                         where c.person_id = r.person_id and c.source_id = r.source_id)
                    from {rows} as r
                    where r.source_id = %s and r.key in ({", ".join(["%s"] * len(part))})""",
                [self.source_id, *part],
            )
            found.update((key, (person, case)) for key, person, case in cursor.fetchall())
        return found

    def _new_ids(self, cursor, model, count):
        if not count:
            return []
        table = _table(model)
        if self.vendor == "postgresql":
            # One array, not a row per id: fetching rows would cost more than taking them.
            cursor.execute(
                "select array_agg(nextval(pg_get_serial_sequence(%s, 'id'))) "
                "from generate_series(1, %s)",
                [table, count],
            )
            return cursor.fetchone()[0]
        # SQLite has one writer at a time: the highest id used so far is safe to count on.
        cursor.execute(
            f"""select max(coalesce((select seq from sqlite_sequence where name = %s), 0),
                           coalesce((select max(id) from {table}), 0))""",
            [table],
        )
        highest = cursor.fetchone()[0]
        return range(highest + 1, highest + 1 + count)

    def _lookups(self, cursor, rows):
        """Ids of the sentencing bodies and articles the rows name; those the portal lacks
        are added (a few per list, remembered for the rest of the file)."""
        bodies, codes = {}, set()
        for row, *_ in rows:
            for case in (row, *row.more_cases):
                bodies[case.sentencing_body] = case.sentencing_body_kind
                bodies[case.rehabilitation_body] = case.rehabilitation_body_kind
                codes.update(case.articles)
        bodies = {name: kind for name, kind in bodies.items() if name not in self.authority_ids}
        bodies.pop("", None)
        codes -= self.article_ids.keys()
        for model, ids, values, field, extra in (
            (Authority, self.authority_ids, bodies, "name", "kind"),
            (Article, self.article_ids, dict.fromkeys(codes, ""), "code", "title"),
        ):
            if not values:
                continue
            table = _table(model)
            cursor.executemany(
                f"insert into {table} ({field}, {extra}) values (%s, %s) "
                f"on conflict ({field}) do nothing",
                list(values.items()),
            )
            names = list(values)
            cursor.execute(
                f"select {field}, id from {table} "
                f"where {field} in ({', '.join(['%s'] * len(names))})",
                names,
            )
            ids.update(cursor.fetchall())

    # -- new people ----------------------------------------------------------------------

    def _new_people(self, cursor, rows, extras):
        status, published_at, now, user = self.status, self.published_at, self.now, self.user_id
        batch = self.batch_id
        is_published = status == "published"
        people = [
            [person_id, status, published_at, now, now, user, user, row.surname,
             row.given_name, row.patronymic, row.slug, row.sex, row.birth_date,
             row.birth_place, row.nationality, row.occupation, row.residence, "", "", "",
             row.fate, row.death_date, row.death_place, None, False, False]
            for row, _, person_id, _, _ in rows
        ]  # fmt: skip
        self._copy(cursor, _table(Person), *with_extras(PERSON_COLUMNS, people, extras))
        self._copy(
            cursor,
            _table(ImportedRow),
            ROW_COLUMNS,
            [
                (
                    self.source_id,
                    row.key,
                    person_id,
                    row.row_number,
                    row.locator,
                    now,
                    batch,
                    row.excerpt,
                    row.note,
                )
                for row, _, person_id, _, _ in rows
            ],
        )
        self._copy(
            cursor,
            _table(NameKey),
            KEY_COLUMNS,
            [
                (person_id, True, is_published, row.key_surname, row.key_given,
                 row.key_given_first, row.key_patronymic, row.key_exact)
                for row, _, person_id, _, _ in rows
            ],
        )  # fmt: skip

    def _imprisonments(self, cursor, rows):
        """The portal's camps a new person's entry names, as their terms there, dates left
        to the archivist (a re-import leaves the terms as they are)."""
        self._copy(
            cursor,
            _table(Imprisonment),
            IMPRISONMENT_COLUMNS,
            [
                (person_id, camp_id, None, None, "", "", self.source_id)
                for row, _, person_id, _, _ in rows
                for camp_id in self.camps_named(camp_words(row))
            ],
        )

    def _cases(self, cursor, rows):
        """New arrests (for new people, or people an earlier import gave none), and the
        articles of every arrest the rows name."""
        authority = self.authority_ids.get
        self._copy(
            cursor,
            _table(RepressionCase),
            CASE_COLUMNS,
            [
                (case_id, person_id, row.arrest_date, "", None, row.charge,
                 authority(row.sentencing_body), row.sentence_date, row.sentence_kind,
                 row.term_years, row.term_months, row.sentence_text, row.is_rehabilitated,
                 row.rehabilitation_date, authority(row.rehabilitation_body), self.source_id, "")
                for row, _, person_id, case_id, case_existing in rows
                if case_id is not None and not case_existing
            ],
        )  # fmt: skip
        through = RepressionCase.articles.through
        new_links = self._later_cases(cursor, rows)
        old_links = []
        for row, _, _, case_id, case_existing in rows:
            for code in row.articles:
                (old_links if case_existing else new_links).append(
                    (case_id, self.article_ids[code])
                )
        self._copy(cursor, _table(through), ("repressioncase_id", "article_id"), new_links)
        self.articles_added = {}
        if old_links:
            # The links the rollback of this batch would remove: those not there before.
            present = set()
            case_ids = sorted({case_id for case_id, _ in old_links})
            for start in range(0, len(case_ids), 500):
                part = case_ids[start : start + 500]
                cursor.execute(
                    f"select repressioncase_id, article_id from {_table(through)} "
                    f"where repressioncase_id in ({', '.join(['%s'] * len(part))})",
                    part,
                )
                present.update(cursor.fetchall())
            for case_id, article_id in set(old_links) - present:
                self.articles_added.setdefault(case_id, []).append(article_id)
            # Articles an archivist added stay; the list's are added if missing.
            cursor.executemany(
                f"insert into {_table(through)} (repressioncase_id, article_id) "
                f"values (%s, %s) on conflict do nothing",
                old_links,
            )

    def _later_cases(self, cursor, rows):
        """A text entry's later arrests, for the people this import adds (a re-import leaves
        those an earlier one wrote as they are); returns the links of their articles."""
        later = [
            (person_id, case)
            for row, existing, person_id, _, _ in rows
            if not existing
            for case in row.more_cases
        ]
        ids = list(self._new_ids(cursor, RepressionCase, len(later)))
        authority = self.authority_ids.get
        self._copy(
            cursor,
            _table(RepressionCase),
            CASE_COLUMNS,
            [
                (case_id, person_id, case.arrest_date, "", None, case.charge,
                 authority(case.sentencing_body), case.sentence_date, case.sentence_kind,
                 case.term_years, case.term_months, case.sentence_text, case.is_rehabilitated,
                 case.rehabilitation_date, authority(case.rehabilitation_body), self.source_id,
                 "")
                for case_id, (person_id, case) in zip(ids, later, strict=True)
            ],
        )  # fmt: skip
        return [
            (case_id, self.article_ids[code])
            for case_id, (_, case) in zip(ids, later, strict=True)
            for code in case.articles
        ]

    def _name_stems(self, cursor, rows):
        """The distinct surname stems and given names that near-spelling search looks among."""
        for model, field, known, values in (
            (SurnameStem, "stem", self.known_stems, {row.key_surname for row, *_ in rows}),
            (GivenName, "name", self.known_given, {row.key_given_first for row, *_ in rows}),
        ):
            fresh = sorted(value for value in values - known if value)
            known.update(fresh)
            if fresh:
                cursor.executemany(
                    f"insert into {_table(model)} ({field}) values (%s) on conflict do nothing",
                    [(value,) for value in fresh],
                )

    # -- people an earlier import made ---------------------------------------------------

    def _existing_people(self, cursor, rows):
        if not self.staging_made:
            definitions = ", ".join(
                f"{name} {_TYPES.get(name, 'text')}" for name in STAGING_COLUMNS
            )
            cursor.execute(f"create temporary table {STAGING} ({definitions})")
            self.staging_made = True
        cursor.execute(f"delete from {STAGING}")
        self._copy(
            cursor,
            STAGING,
            STAGING_COLUMNS,
            [(*(row[position] for position in STAGED_POSITIONS), person_id, case_id,
              case_existing) for row, _, person_id, case_id, case_existing in rows],
        )  # fmt: skip
        person, case, keys = _table(Person), _table(RepressionCase), _table(NameKey)
        self._keep_what_was(cursor, rows)
        clauses = self._refresh(PERSON_UPDATES, "p")
        if any(clause.startswith("surname ") for clause in clauses):
            clauses.append("slug = s.slug")
        cursor.execute(
            f"""update {person} as p
                set {", ".join([*clauses, "updated_at = %s", "updated_by_id = %s"])}
                from {STAGING} as s where p.id = s.person_id""",
            [self.now, self.user_id],
        )
        clauses = self._refresh(CASE_UPDATES, "c")
        for body in ("sentencing_body", "rehabilitation_body"):
            if body in self.mapped:
                clauses.append(
                    f"{body}_id = coalesce((select a.id from {_table(Authority)} as a "
                    f"where a.name = s.{body}), c.{body}_id)"
                )
        if clauses:
            cursor.execute(
                f"""update {case} as c set {", ".join(clauses)}
                    from {STAGING} as s where s.case_existing and c.id = s.case_id"""
            )
        cursor.execute(
            f"""update {_table(ImportedRow)} as r
                set row_number = s.row_number, locator = s.locator, imported_at = %s,
                    excerpt = coalesce(nullif(s.excerpt, ''), r.excerpt), words_kept = s.note
                from {STAGING} as s where r.source_id = %s and r.key = s.key""",
            [self.now, self.source_id],
        )
        # The main name key follows the (maybe corrected) name; variants' keys stay.
        cursor.execute(
            f"delete from {keys} where is_main and person_id in (select person_id from {STAGING})"
        )
        cursor.execute(
            f"""insert into {keys} ({", ".join(KEY_COLUMNS)})
                select s.person_id, true, p.status = 'published', s.key_surname, s.key_given,
                    s.key_given_first, s.key_patronymic, s.key_exact
                from {STAGING} as s join {person} as p on p.id = s.person_id"""
        )

    def _keep_what_was(self, cursor, rows):
        """Before the updates: each person, arrest and row as they are, for a rollback."""
        person_fields = [*PERSON_UPDATES, "slug", "updated_at", "updated_by_id"]
        case_fields = [*CASE_UPDATES, "sentencing_body_id", "rehabilitation_body_id"]
        row_fields = ["row_number", "locator", "imported_at", "excerpt", "words_kept"]
        before = {}
        for table, fields, join in (
            (_table(Person), person_fields, "t.id = s.person_id"),
            (_table(RepressionCase), case_fields, "s.case_existing and t.id = s.case_id"),
            (_table(ImportedRow), row_fields, "t.source_id = %s and t.key = s.key"),
        ):
            cursor.execute(
                f"select s.person_id, t.id, {', '.join('t.' + name for name in fields)} "
                f"from {STAGING} as s join {table} as t on {join}",
                [self.source_id] if "%s" in join else [],
            )
            for person_id, record_id, *values in cursor.fetchall():
                before.setdefault(person_id, {})[table] = {
                    "id": record_id,
                    **dict(zip(fields, values, strict=True)),
                }
        updates = []
        for _, _, person_id, case_id, case_existing in rows:
            kept = before.get(person_id, {})
            updates.append(
                ImportedUpdate(
                    batch_id=self.batch_id,
                    person_id=person_id,
                    person_before=kept.get(_table(Person), {}),
                    row_before=kept.get(_table(ImportedRow), {}),
                    case_id=case_id,
                    case_created=case_id is not None and not case_existing,
                    case_before=kept.get(_table(RepressionCase)),
                    articles_added=self.articles_added.get(case_id, []) if case_existing else [],
                )
            )
        ImportedUpdate.objects.bulk_create(updates, batch_size=2000)

    def _refresh(self, columns, target):
        """SET clauses for a re-import: only mapped columns, and an empty cell keeps what the
        record has."""
        clauses = []
        for column, fields in columns.items():
            if not self.mapped & set(fields.split()):
                continue
            source = f"s.{_STAGED_NAME.get(column, column)}"
            if column in _NULLABLE:
                clauses.append(f"{column} = coalesce({source}, {target}.{column})")
            else:
                clauses.append(f"{column} = coalesce(nullif({source}, ''), {target}.{column})")
        return clauses
