"""Measure the text import on its evaluation set (memorial/bench/text_evaluation.py) and
print each field's accuracy. Reads files only: nothing is written to the database."""

from django.core.management.base import BaseCommand

from memorial.bench.text_evaluation import FIELDS, evaluate


class Command(BaseCommand):
    help = "Print the text import's accuracy on each field of its evaluation set."

    def handle(self, *args, verbosity=1, **options):
        figures = evaluate()
        self.stdout.write(f"{figures.entries} entries, {figures.bad} refused as bad")
        for name in FIELDS:
            self.stdout.write(
                f"  {name:20} {figures.right.get(name, 0):3d}/{figures.counted.get(name, 0):<3d}"
                f" {figures.accuracy(name):6.1%}"
            )
        lowest = min(FIELDS, key=figures.accuracy)
        self.stdout.write(f"lowest: {lowest} {figures.accuracy(lowest):.1%}")
        if verbosity >= 2:
            for first_line, name, expected, got in figures.misses:
                self.stdout.write(f"  missed {name} in {first_line!r}: {expected!r}, read {got!r}")
