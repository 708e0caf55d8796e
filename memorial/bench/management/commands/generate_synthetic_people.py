"""Make up people for load tests, or delete them all again.

Every record is marked synthetic (`Person.is_synthetic`), its biography says so, and the
camps and deportation they are attached to are drafts named "Synthetic …", which the public
never sees. Run it against a database of its own (see `make bench`), never the demo's.
"""

import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q

from camps.models import Camp, Imprisonment
from deportations.models import Deportation, DeportationRecord
from memorial.base.models import Status
from memorial.bench.synthetic import family_data, person_data, random_source
from memorial.bench.synthetic_biography import biography
from people.models import (
    NameKey,
    NameVariant,
    Person,
    Relationship,
    RelationshipKind,
    RepressionCase,
)
from people.reading_names import forms_of

SENTENCES = {
    "shot": "death",
    "died_in_custody": "camp",
    "released": "camp",
    "died_in_exile": "exile",
    "unknown": "camp",
    "": "",
}
# Fates whose arrests end in a camp term.
IMPRISONED_FATES = ("died_in_custody", "released", "unknown")
SYNTHETIC_NOTE = "<p>Synthetic record made for load tests. This person never existed.</p>"


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
        dry_run=False,
        verbosity=1,
        **options,
    ):
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
        if connection.vendor == "postgresql" and not dry_run:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, or the planner guesses badly
        if verbosity:
            sys.stderr.write("\n")
            verb = "Would add" if dry_run else "Added"
            self.stdout.write(
                f"{verb} {made:,} synthetic people in {time.monotonic() - started:.1f} s."
            )

    def make_people(self, count, seed, batch_size, families, biographies, dry_run, verbosity):
        """`count` people in batches of `batch_size`, each batch in one transaction (one
        batch, rolled back, on a dry run). Returns how many were made."""
        camps, deportation = self.places()
        existing = Person.objects.filter(is_synthetic=True).count()
        rng = random_source(seed + existing)
        # Biographies draw from their own stream: a seed still makes the same people.
        self.biography_rng = random.Random(f"biographies:{seed}:{existing}")
        self.biography_share = biographies
        started, made = time.monotonic(), 0
        while made < count:
            size = min(batch_size, count - made)
            with transaction.atomic():
                self.make_batch(rng, size, camps, deportation, families)
                if dry_run:
                    transaction.set_rollback(True)
            made += size
            if verbosity:
                rate = made / (time.monotonic() - started)
                sys.stderr.write(f"\r{made:,}/{count:,} people ({rate:,.0f} a second)")
            if dry_run:
                break
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

    def make_batch(self, rng, size, camps, deportation, share):
        records, families = batch_records(rng, size, share)
        made = [synthetic_person(record) for record in records]
        for person in made:
            if self.biography_rng.random() < self.biography_share:
                texts = biography(self.biography_rng, SYNTHETIC_NOTE)
                person.biography_ru, person.biography_kk = texts["ru"], texts["kk"]
                person.biography_en = texts["en"]
        people = Person.objects.bulk_create(made, batch_size=size)
        relationships = family_rows(people, records, families)
        variants, keys, cases, terms, deportations = [], [], [], [], []
        for person, record in zip(people, records, strict=True):
            person_variants, person_keys = name_rows(person, record)
            variants += person_variants
            keys += person_keys
            person_cases, person_terms = repression_rows(rng, person, record, camps)
            cases += person_cases
            terms += person_terms
            if record["deported"]:
                deportations.append(DeportationRecord(person_id=person.pk, deportation=deportation))
        NameVariant.objects.bulk_create(variants, batch_size=size)
        NameKey.save_keys(keys, batch_size=size)
        RepressionCase.objects.bulk_create(cases, batch_size=size)
        Imprisonment.objects.bulk_create(terms, batch_size=size)
        DeportationRecord.objects.bulk_create(deportations, batch_size=size)
        Relationship.objects.bulk_create(relationships, batch_size=size)

    @transaction.atomic
    def delete_all(self, verbosity):
        synthetic = {"person__is_synthetic": True}
        # Children first, each in one statement; then the people themselves.
        for model in (NameKey, NameVariant, Imprisonment, DeportationRecord):
            model.objects.filter(**synthetic).delete()
        RepressionCase.articles.through.objects.filter(
            repressioncase__person__is_synthetic=True
        ).delete()
        Relationship.objects.filter(
            Q(first__is_synthetic=True) | Q(second__is_synthetic=True)
        ).delete()
        RepressionCase.objects.filter(**synthetic).delete()
        count, _ = Person.objects.filter(is_synthetic=True).delete()
        Camp.objects.filter(slug__startswith="synthetic-").delete()
        Deportation.objects.filter(slug__startswith="synthetic-").delete()
        if verbosity:
            self.stdout.write(f"Deleted every synthetic record ({count:,} rows with the people).")


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


def family_rows(people, records, families):
    """The relationships of each family: husband and wife, each parent with each child,
    the children with one another (the elder first). A wife sentenced as his family member
    has her case say whose."""
    rows = []
    for husband, wife, children in families:
        pairs = [(husband, wife, RelationshipKind.SPOUSE)]
        pairs += [(parent, child, RelationshipKind.PARENT) for parent in (husband, wife)
                  for child in children]  # fmt: skip
        pairs += [(elder, younger, RelationshipKind.SIBLING) for elder in children
                  for younger in children if elder < younger]  # fmt: skip
        rows += [
            Relationship(first_id=people[first].pk, second_id=people[second].pk, kind=kind)
            for first, second, kind in pairs
        ]
        if records[wife].get("chsir"):
            records[wife]["family_member_of"] = people[husband].pk
    return rows


def synthetic_person(record):
    """The person, with the forms of the name each language shows, as Person.save() would
    set them from the variants (bulk_create calls no save)."""
    person = Person(
        surname=record["surname"],
        given_name=record["given_name"],
        patronymic=record["patronymic"],
        sex=record["sex"],
        birth_date=f"{record['birth_year']}{'~' if record['approximate'] else ''}",
        birth_place=record["birth_place"],
        nationality=record["nationality"],
        fate=record["fate"],
        biography_en=SYNTHETIC_NOTE,
        status=Status.PUBLISHED,
        is_synthetic=True,
        slug="synthetic",
    )
    for column, form in forms_of(record_variants(record), person).items():
        setattr(person, column, form)
    return person


def record_variants(record, person_id=None):
    """The record's other spellings as name variants, in the order entered."""
    return [
        NameVariant(
            person_id=person_id, surname=surname, given_name=given, kind=kind, script=script
        )
        for surname, given, kind, script in record["variants"]
    ]


def name_rows(person, record):
    """The person's other spellings, and the search keys of every spelling."""
    keys = [
        NameKey.build(person.pk, person.surname, person.given_name, person.patronymic, True, True)
    ]
    variants = record_variants(record, person.pk)
    keys += [
        NameKey.build(person.pk, variant.surname, variant.given_name, "", False, True)
        for variant in variants
    ]
    return variants, keys


def repression_rows(rng, person, record, camps):
    """A case for every arrest and, for a fate that passed through the camps, a camp term.
    Draws from `rng` in the order it always has, so a seed still makes the same people."""
    cases, terms = [], []
    for year in record["arrests"]:
        cases.append(
            RepressionCase(
                person_id=person.pk,
                arrest_date=str(year),
                sentence_date=str(year),
                sentence_kind="chsir" if record.get("chsir") else SENTENCES[record["fate"]],
                sentence_term_years=rng.choice([5, 8, 10]) if record["fate"] != "shot" else None,
                family_member_of_id=record.get("family_member_of"),
            )
        )
        if record["fate"] in IMPRISONED_FATES:
            terms.append(
                Imprisonment(
                    person_id=person.pk,
                    camp=rng.choice(camps),
                    start=str(year),
                    end=str(min(year + 8, 1959)),
                )
            )
    return cases, terms
