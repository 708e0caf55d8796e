"""Make up people for load tests, or delete them all again.

Every record is marked synthetic (`Person.is_synthetic`), its biography says so, and the
camps and deportation they are attached to are drafts named "Synthetic …", which the public
never sees. Run it against a database of its own (see `make bench`), never the demo's.
"""

import random
import sys
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction

from camps.models import Camp
from deportations.models import Deportation
from memorial.base.models import MediaItem, Source, Status
from memorial.bench.synthetic import family_data, person_data, random_source
from memorial.bench.synthetic_biography import biography
from memorial.bench.synthetic_import import SOURCE_TITLE, SYNTHETIC_NOTE, SyntheticBatchWriter
from people.models import (
    ImportBatch,
    Person,
    RepressionCase,
)


class Command(BaseCommand):
    help = "Generate N synthetic people for load tests (marked synthetic), or --delete them."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=0, help="How many people to add.")
        parser.add_argument(
            "--total", type=int, default=0, help="Add only as many as make N synthetic people."
        )
        parser.add_argument("--delete", action="store_true", help="Delete every synthetic record.")
        parser.add_argument("--seed", type=int, default=1937, help="Random seed (repeatable).")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--families",
            type=float,
            default=0.2,
            help="Share of the people made in families: husband, wife, children (0.2).",
        )
        parser.add_argument(
            "--biographies",
            type=float,
            default=0.1,
            help="Share of the people given a biography of a few paragraphs (0.1). With "
            "--total, people made before without one are given theirs until the share is met.",
        )
        parser.add_argument(
            "--photos",
            type=float,
            default=0.02,
            help="Share of the people given a photograph (0.02); the photographs show a "
            "dozen plain synthetic images in turn.",
        )
        parser.add_argument(
            "--no-vacuum",
            action="store_true",
            help="Skip VACUUM ANALYZE after writing (PostgreSQL); by default the tables are "
            "left as a deployment's would be, their visibility map and statistics current.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Make one batch, roll back.")

    def handle(
        self,
        *args,
        total=0,
        count=0,
        delete=False,
        seed=1937,
        batch_size=5000,
        families=0.2,
        biographies=0.1,
        photos=0.02,
        no_vacuum=False,
        dry_run=False,
        verbosity=1,
        **options,
    ):
        self.photo_share = photos
        if delete:
            self.delete_all(verbosity)
            return
        if total:
            count = total - Person.objects.filter(is_synthetic=True).count()
            if count <= 0:
                if verbosity:
                    self.stdout.write(f"Already {total:,} synthetic people or more.")
                if not dry_run:
                    self.top_up_biographies(biographies, seed, batch_size, verbosity)
                return
        if count <= 0:
            raise CommandError("Give --count N or --total N (N > 0), or --delete.")
        started = time.monotonic()
        made = self.make_people(count, seed, batch_size, families, biographies, dry_run, verbosity)
        if verbosity:
            sys.stderr.write("\n")
            verb = "Would add" if dry_run else "Added"
            self.stdout.write(
                f"{verb} {made:,} synthetic people in {time.monotonic() - started:.1f} s."
            )
        if connection.vendor == "postgresql" and not dry_run:
            self.settle(analyse_only=no_vacuum, verbosity=verbosity)

    def settle(self, *, analyse_only, verbosity):
        """Fresh statistics, or the planner guesses badly; and, unless asked not to, a
        vacuum, so that index-only scans need not visit rows COPY has just written (as an
        autovacuum would have done on a deployment's database long since)."""
        started = time.monotonic()
        # VACUUM cannot run inside a transaction (a test's, or a caller's).
        analyse_only = analyse_only or connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if analyse_only else "VACUUM (ANALYZE)")
        if verbosity:
            what = "Analysed" if analyse_only else "Vacuumed and analysed"
            self.stdout.write(f"{what} the database in {time.monotonic() - started:.1f} s.")

    def make_people(self, count, seed, batch_size, families, biographies, dry_run, verbosity):
        """`count` people, written by the import's writer in batches of `batch_size`, each
        batch in a transaction of its own (one batch, rolled back, on a dry run). Returns how
        many were made."""
        if dry_run:
            with transaction.atomic():
                made = self.write_batches(min(count, batch_size), seed, batch_size, families,
                                          biographies, verbosity)  # fmt: skip
                transaction.set_rollback(True)
            return made
        return self.write_batches(count, seed, batch_size, families, biographies, verbosity)

    def write_batches(self, count, seed, batch_size, families, biographies, verbosity):
        camps, deportation = self.places()
        existing = Person.objects.filter(is_synthetic=True).count()
        rng = random_source(seed + existing)
        # Biographies and photos draw from their own streams: a seed still makes the same
        # people whatever their shares.
        biography_rng = random.Random(f"biographies:{seed}:{existing}")
        photo_rng = random.Random(f"photos:{seed}:{existing}")
        with transaction.atomic():
            writer = SyntheticBatchWriter(
                connection, camps=camps, deportation=deportation, count=count,
                photo_share=self.photo_share,
            )  # fmt: skip
        started, made = time.monotonic(), 0
        while made < count:
            records, places = batch_records(rng, min(batch_size, count - made), families)
            texts = [
                biography_texts(biography_rng) if biography_rng.random() < biographies else None
                for _ in records
            ]
            first = existing + made + 1
            with transaction.atomic():
                writer.write(rng, records, places, numbers=range(first, first + len(records)),
                             biographies=texts, photo_rng=photo_rng)  # fmt: skip
            made += len(records)
            if verbosity:
                rate = made / (time.monotonic() - started)
                sys.stderr.write(f"\r{made:,}/{count:,} people ({rate:,.0f} a second)")
        writer.close()
        return made

    def top_up_biographies(self, share, seed, batch_size, verbosity):
        """Biographies for synthetic people made without one (by an earlier version of this
        command), chosen at random until `share` of them have one: repeatable by seed."""
        synthetic = Person.objects.filter(is_synthetic=True)
        wanted = round(share * synthetic.count()) - synthetic.exclude(biography_ru="").count()
        if wanted <= 0:
            return
        without = synthetic.filter(biography_ru="").order_by("pk")
        without = list(without.values_list("pk", flat=True))
        rng = random.Random(f"biographies:{seed}:top-up:{len(without)}")
        chosen = sorted(rng.sample(without, min(wanted, len(without))))
        started = time.monotonic()
        for start in range(0, len(chosen), batch_size):
            rows = []
            for pk in chosen[start : start + batch_size]:
                texts = biography(rng, SYNTHETIC_NOTE)
                rows.append((texts["ru"], texts["kk"], texts["en"], pk))
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE people_person SET biography_ru = %s, biography_kk = %s, "
                    "biography_en = %s WHERE id = %s",
                    rows,
                )
            if verbosity:
                done = start + len(rows)
                sys.stderr.write(f"\r{done:,}/{len(chosen):,} biographies written")
        if verbosity:
            sys.stderr.write("\n")
            self.stdout.write(
                f"Gave {len(chosen):,} synthetic people a biography in "
                f"{time.monotonic() - started:.1f} s."
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE people_person")

    def places(self):
        camps = []
        for letter in "ABCDE":
            camp, _ = Camp.objects.get_or_create(
                slug=f"synthetic-camp-{letter.lower()}",
                defaults={"name": f"Synthetic camp {letter}", "status": Status.DRAFT},
            )
            camps.append(camp)
        deportation, _ = Deportation.objects.get_or_create(
            slug="synthetic-deportation",
            defaults={"title": "Synthetic deportation", "status": Status.DRAFT},
        )
        return camps, deportation

    @transaction.atomic
    def delete_all(self, verbosity):
        """Every synthetic record, in one statement a table: deleting millions of people
        through the ORM would fetch each and send its signals."""
        people = f"select id from {Person._meta.db_table} where is_synthetic"
        cases = RepressionCase._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"delete from {RepressionCase.articles.through._meta.db_table} where "
                f"repressioncase_id in (select id from {cases} where person_id in ({people}))"
            )
            cursor.execute(
                f"delete from {MediaItem._meta.db_table} where content_type_id = %s "
                f"and object_id in ({people})",
                [ContentType.objects.get_for_model(Person).pk],
            )
            for relation in Person._meta.related_objects:
                if relation.many_to_many or relation.related_model is RepressionCase:
                    continue
                table, column = relation.related_model._meta.db_table, relation.field.column
                if relation.on_delete is models.SET_NULL:
                    cursor.execute(
                        f"update {table} set {column} = null where {column} in ({people})"
                    )
                else:
                    cursor.execute(f"delete from {table} where {column} in ({people})")
            cursor.execute(f"update {cases} set family_member_of_id = null "
                           f"where family_member_of_id in ({people})")  # fmt: skip
            cursor.execute(f"delete from {cases} where person_id in ({people})")
            cursor.execute(f"delete from {Person._meta.db_table} where is_synthetic")
            count = cursor.rowcount
        Camp.objects.filter(slug__startswith="synthetic-").delete()
        Deportation.objects.filter(slug__startswith="synthetic-").delete()
        ImportBatch.objects.filter(source__title=SOURCE_TITLE).delete()
        Source.objects.filter(title=SOURCE_TITLE).delete()
        if verbosity:
            self.stdout.write(f"Deleted every synthetic record ({count:,} people).")


def biography_texts(rng):
    """A made-up biography of a few paragraphs, (Kazakh, Russian, English)."""
    texts = biography(rng, SYNTHETIC_NOTE)
    return texts["kk"], texts["ru"], texts["en"]


def batch_records(rng, size, share):
    """`size` made-up records, about `share` of them in families. Returns the records and
    the families, each (husband, wife, children) as places in the records."""
    records, families, in_families = [], [], 0
    while len(records) < size:
        # A family has at most six members: one is begun only where all of them fit.
        if in_families < share * (len(records) + 1) and size - len(records) >= 6:
            husband, wife, children = family_data(rng)
            start = len(records)
            records += [husband, wife, *children]
            families.append((start, start + 1, range(start + 2, len(records))))
            in_families += 2 + len(children)
        else:
            records.append(person_data(rng))
    return records, families
