from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks, synthetic people and the name-search evaluation: installed for
    development, tests and `make bench`, never in production."""

    name = "memorial.bench"
    label = "bench"
    verbose_name = "Benchmarks"
