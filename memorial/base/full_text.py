"""PostgreSQL's full-text search: every PostgreSQL-specific piece of the site's text search.

Each searchable table has a column `text_search`: a tsvector that PostgreSQL computes itself
from the table's texts (`GENERATED ALWAYS AS (...) STORED`), so that it is current after
every save, bulk write, COPY of an import or archive restore without any code of ours
running, and a GIN index on it. Kazakh columns are read with the 'simple' configuration
(words as written, lower-cased: PostgreSQL has no Kazakh stemmer), Russian ones with
'russian' and English ones with 'english' (a word finds its other case and number forms).
HTML needs no stripping first: the parser reads tags and entities as tokens that no
configuration indexes.

The column is not a field of the models (SQLite has no tsvector): the migrations add it
on PostgreSQL only, and the queries below name it. A migration that later changes the
type of a column the vector is made from must drop `text_search` first and add it again.
"""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, migrations, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

COLUMN = "text_search"
CONFIGURATIONS = {"kk": "simple", "ru": "russian", "en": "english"}
# Texts whose language is not recorded (a family's testimony): read both ways.
UNKNOWN_LANGUAGE = ("simple", "russian")
# A word found in more texts than this: the best among the first this many found are
# shown. Ranking every one of a hundred thousand biographies would take a second.
RANKED_AT_MOST = 1000
# Expecting a common word in many rows, the planner would read the table from its start (or
# along the status index) until enough rows matched: 150-400 ms at a million people,
# against 20-35 ms through the GIN index's bitmap. For this one query, the bitmap only.
PLANNER_SETTINGS = ("enable_seqscan", "enable_indexscan")


def translated(name, weight="D"):
    """The (column, configuration, weight) of each language's column of one text."""
    return [(f"{name}_{code}", config, weight) for code, config in CONFIGURATIONS.items()]


def vector_expression(columns):
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, coalesce({name}, '')), '{weight}')"
        for name, config, weight in columns
    )


def add_search_column(table, columns):
    """A migration step: the generated column and its GIN index, on PostgreSQL only."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({vector_expression(columns)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{COLUMN} ON {table} USING gin ({COLUMN})"
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")

    return migrations.RunPython(forwards, backwards)


# The visitor's words in websearch syntax ("quoted phrases", -not, or), read in each
# configuration their letters call for: a text matches when all the words match in one of
# them. websearch_to_tsquery never raises, whatever quotes, dashes or signs a query holds.
def tsquery(text):
    """The SQL of the query and its parameters. The 'russian' configuration reads Latin
    words with the English stemmer, and 'english' leaves Cyrillic words as they are: each
    is left out where it would only repeat another (a third less for the index to read)."""
    configs = ["simple"]
    if any("\u0400" <= char <= "\u04ff" for char in text):
        configs.append("russian")
    if any(char.isascii() and char.isalpha() for char in text):
        configs.append("english")
    sql = " || ".join(f"websearch_to_tsquery('{config}', %s)" for config in configs)
    return f"({sql})", [text] * len(configs)


def is_available():
    return connection.vendor == "postgresql"


def ranked_ids(querysets, text, limit):
    """For each named query set, the ids of its records whose texts match `text`, best
    first (ts_rank, then id), at most `limit`, and how many match, counted up to
    RANKED_AT_MOST + 1 (one more: "more than 1000" is not exactly 1000):
    {name: ([(id, rank), ...], count)}. One query for all of them."""
    parts, arguments = [], []
    query, query_params = tsquery(text)
    for name, queryset in querysets.items():
        table = queryset.model._meta.db_table
        matching = RawSQL(f'"{table}".{COLUMN} @@ {query}', query_params, BooleanField())
        found = (
            queryset.filter(matching)
            .annotate(vector=RawSQL(f'"{table}".{COLUMN}', [], SearchVectorField()))
            .order_by()
            .values("pk", "vector")[: RANKED_AT_MOST + 1]
        )
        sql, params = found.query.sql_with_params()
        parts.append(
            f"(SELECT %s, found.id, ts_rank(found.vector, {query}) AS rank, count(*) OVER () "
            f"FROM ({sql}) AS found (id, vector) ORDER BY rank DESC, found.id LIMIT %s)"
        )
        arguments += [name, *query_params, *params, limit]
    results = {name: ([], 0) for name in querysets}
    if not parts:
        return results
    with transaction.atomic(), connection.cursor() as cursor, bitmap_scans_only(cursor):
        cursor.execute(" UNION ALL ".join(parts), arguments)
        rows = cursor.fetchall()
    for name, pk, rank, total in rows:
        results[name][0].append((pk, rank))
        results[name] = (results[name][0], total)
    return results


@contextmanager
def bitmap_scans_only(cursor):
    """PLANNER_SETTINGS off for the queries inside, inside a transaction (set_config's
    LOCAL), and set back at once after them: the transaction may go on (a test's, a
    request's)."""
    cursor.execute(
        "SELECT "
        + ", ".join(f"current_setting('{name}')" for name in PLANNER_SETTINGS)
        + ", "
        + ", ".join(f"set_config('{name}', 'off', true)" for name in PLANNER_SETTINGS)
    )
    before = cursor.fetchone()[: len(PLANNER_SETTINGS)]
    yield
    cursor.execute(
        "SELECT " + ", ".join(f"set_config('{name}', %s, true)" for name in PLANNER_SETTINGS),
        list(before),
    )
