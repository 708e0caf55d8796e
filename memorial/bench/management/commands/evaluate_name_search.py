"""Measure name search on the evaluation set (people/evaluation.py) and print the figures.

The evaluation people are created inside a transaction that is always rolled back, so the
database is left as it was.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from memorial.bench.evaluation import create_people, evaluate
from people.search import find_people


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Print recall@10 and first-place rate of name search on the evaluation set."

    def handle(self, *args, verbosity=1, **options):
        try:
            with transaction.atomic():
                figures = run_evaluation()
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(
            f"{figures.cases} cases over {figures.people} people: "
            f"recall@10 {figures.recall_at_10:.3f}, right person first {figures.first:.1%}"
        )
        if verbosity >= 1:
            for kind, row in figures.by_kind.items():
                self.stdout.write(
                    f"  {kind:16} {row['cases']:3d} cases  recall {row['recall']:.2f}"
                )
        if verbosity >= 2:
            for query, key, kind in figures.misses:
                self.stdout.write(f"  missed: {query!r} ({kind}) should find {key}")


def run_evaluation():
    ids, people = create_people()
    return evaluate(lambda query: find_people(people, query, limit=10), ids, people.count())
