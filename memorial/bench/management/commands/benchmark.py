"""Benchmarks of the portal's hot paths, on whatever data the database holds.

`make bench` runs this against PostgreSQL with synthetic people (see the Makefile). It
prints its figures and, with --write, records them in docs/benchmarks.md.
"""

import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Q
from django.utils import translation

from memorial.base.text import transliterate
from memorial.bench.benchmarking import percentile, record, server_client, warm_database
from memorial.bench.statistics_bench import statistics_table
from memorial.bench.synthetic import typo
from memorial.bench.text_search_benchmark import text_search_table
from people.models import Person
from people.search import find_people

PAGE = 25
WRK_CONNECTIONS = 8
GUNICORN_WORKERS = 2
API_WALK_PAGES = 50  # pages a sampled walk of the API follows from each random place
SEARCHES = ["Иванов", "Жумабаев", "Schmidt", "Цой", "Ковальчук", "Smagulov Asan"]


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - started) * 1000, result


def matcher_page(query):
    """What the names page does for a search: rank, count (capped), fetch the first page."""
    found = find_people(None, query)
    page = Person.objects.for_listing().in_bulk(found[:PAGE])
    return found, len(found), [page[pk] for pk in found[:PAGE] if pk in page]


def naive_page(query):
    """The obvious way: icontains over the name fields, every word, then count and a page."""
    people = Person.objects.published()
    for word in query.split():
        people = people.filter(
            Q(surname__icontains=word)
            | Q(given_name__icontains=word)
            | Q(patronymic__icontains=word)
        )
    ordered = people.order_by("surname", "given_name", "pk")
    page = list(ordered[:PAGE])
    return [person.pk for person in page], ordered.count(), page


def sample_queries(count, seed):
    """Queries as visitors type them, each with the person it should find."""
    rng = random.Random(seed)
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    queries = []
    while len(queries) < count and highest:
        person = Person.objects.filter(pk__gte=rng.randint(1, highest)).order_by("pk").first()
        if person is None:
            continue
        latin = transliterate(person.surname).title()
        kind = len(queries) % 4
        query = [
            f"{person.surname} {person.given_name}",  # as a Russian record has it
            f"{latin} {transliterate(person.given_name).title()}",  # Latin letters
            f"{person.given_name[:1]}. {latin}",  # initial and surname
            f"{typo(rng, person.surname)} {person.given_name}",  # a letter off
        ][kind]
        # Synthetic data repeats names: anyone recorded under the same name counts (for an
        # initial, the same surname and a given name with that initial).
        given = person.given_name[:1] if kind == 2 else person.given_name
        queries.append((query, (person.surname, given)))
    return queries


def with_family(rng):
    """Addresses of biographies of people with published relatives, picked at random."""
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first()

    def address():
        people = Person.objects.published().with_relatives()
        person = people.filter(pk__gte=rng.randint(1, highest)).order_by("pk").first()
        person = person or people.order_by("pk").first()
        return person.get_absolute_url() + "?rendered"

    return address


def names_found(ids):
    return list(Person.objects.filter(pk__in=ids).values_list("surname", "given_name"))


def is_intended(intended, names):
    surname, given = intended
    return any(
        found_surname == surname and found_given.startswith(given)
        for found_surname, found_given in names
    )


class Command(BaseCommand):
    help = "Measure name search (matcher and naive icontains) and print p50/p95."

    def add_arguments(self, parser):
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--seed", type=int, default=31)
        parser.add_argument("--write", action="store_true", help="Record in docs/benchmarks.md")
        parser.add_argument(
            "--throughput",
            action="store_true",
            help="Also serve the site with gunicorn and load it with wrk (needs wrk installed)",
        )
        parser.add_argument("--seconds", type=int, default=15, help="Length of each wrk run")
        parser.add_argument(
            "--repeats", type=int, default=40, help="Requests of each page measured (40)"
        )
        parser.add_argument(
            "--text-search-only", action="store_true", help="Only the text search's figures"
        )
        parser.add_argument(
            "--api-pages",
            type=int,
            default=0,
            help="API pages to time, in walks of 50 from random places (0: every page, "
            "as a full harvest; 50,000 pages at 5,000,000 people)",
        )
        parser.add_argument(
            "--statistics-only", action="store_true", help="Measure the statistics page only"
        )

    def handle(self, *args, **options):
        from django.test import override_settings

        # Timed as production serves: with DEBUG on, every query's text and time are kept
        # and the templates keep what a debug page would show.
        with override_settings(DEBUG=False):
            self.measure(**options)

    def measure(
        self,
        *,
        queries=200,
        seed=31,
        write=False,
        throughput=False,
        seconds=15,
        repeats=40,
        verbosity=1,
        statistics_only=False,
        text_search_only=False,
        api_pages=0,
        **options,
    ):
        if statistics_only:
            self.stdout.write("\n".join(statistics_table(repeats)))
            return
        if text_search_only:
            self.text_search_only(queries, seed, write)
            return
        people = Person.objects.count()
        sample = sample_queries(queries, seed)
        if not sample:
            self.stderr.write("No people in the database: generate some first.")
            return
        sections = [
            lambda: [warm_database()],
            lambda: self.table(people, len(sample), name_search_rows(sample)),
            lambda: self.pages(seed, repeats),
            lambda: text_search_table(queries, seed),
            lambda: statistics_table(repeats),
            lambda: self.api_walk(api_pages, seed),
        ]
        if throughput:
            sections.append(lambda: throughput_table(seconds, seed))
        lines = []
        for section in sections:
            # Each table as soon as it is measured: a run of an hour that fails at its end
            # still shows what it measured.
            table = section()
            self.stdout.write("\n".join(["", *table]) if lines else "\n".join(table))
            self.stdout.flush()
            lines += ["", *table] if lines else table
        if write:
            self.record(lines, people)

    def text_search_only(self, queries, seed, write):
        lines = text_search_table(queries, seed)
        self.stdout.write("\n".join(lines))
        if write:
            self.record(lines, Person.objects.count())

    def pages(self, seed, repeats=40):
        """Whole requests through Django (server time, no network): the pages issue 6 sets
        targets for."""
        from django.contrib.auth import get_user_model

        rng = random.Random(seed)
        highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
        visitor, staff = server_client(), server_client()
        archivist, _ = get_user_model().objects.get_or_create(
            username="benchmark-archivist", defaults={"is_staff": True, "is_superuser": True}
        )
        staff.force_login(archivist)

        def biography():
            person = Person.objects.filter(pk__gte=rng.randint(1, highest), status="published")
            # A query string passes the page cache by: this measures rendering the page.
            return person.order_by("pk").first().get_absolute_url() + "?rendered"

        pages = [
            ("biography page (rendered, not from the cache)", visitor, biography),
            ("names list, filtered (fate, birth years)", visitor,
             lambda: f"/en/people/?fate=shot&born_from={rng.randint(1870, 1920)}&born_to=1930"),
            ("admin person changelist", staff, lambda: "/admin/people/person/"),
            ("admin person changelist, searched", staff,
             lambda: f"/admin/people/person/?q={rng.choice(SEARCHES)}"),
        ]  # fmt: skip
        if Person.objects.with_relatives().exists():
            # Last, so that the pages before it draw the same people as they always have.
            pages.append(("biography page with family (rendered)", visitor, with_family(rng)))
        lines = [
            "Pages, server time through Django:",
            "",
            "| page | p50 ms | p95 ms |",
            "|---|---:|---:|",
        ]
        for label, client, url in pages:
            for _ in range(3):
                client.get(url())
            times = []
            for _ in range(repeats):
                address = url()
                started = time.perf_counter()
                response = client.get(address)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{address} answered {response.status_code}")
            lines.append(
                f"| {label} | {statistics.median(times):.1f} | {percentile(times, 0.95):.1f} |"
            )
        return lines

    def api_walk(self, pages=0, seed=31):
        """The open-data API's people as a harvester walks them, following `next`: every
        page from the first to the last, or (pages > 0) that many pages, in walks of 50
        from random places, as harvesters resume."""
        from django.test import override_settings

        client, rng = server_client(), random.Random(seed)
        highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        times, records = [], 0
        walk_started = time.perf_counter()
        with override_settings(API_RATE_LIMIT=0):
            while not pages or len(times) < pages:
                start = rng.randint(0, highest) if pages else 0
                address, walked = f"/api/v1/people/?after={start}", 0
                while address and (not pages or walked < API_WALK_PAGES):
                    started = time.perf_counter()
                    response = client.get(address)
                    times.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise RuntimeError(f"{address} answered {response.status_code}")
                    page = response.json()
                    records += len(page["results"])
                    address, walked = page["next"], walked + 1
                if not pages:
                    break
        minutes = (time.perf_counter() - walk_started) / 60
        walk = f"every page, {len(times):,} pages"
        if pages:
            walk = f"{len(times):,} pages in walks of {API_WALK_PAGES} from random places"
        return [
            f"Open-data API, /api/v1/people/ ({records:,} people read, {walk}, {minutes:.1f} min):",
            "",
            "| measure | p50 ms | p95 ms | max ms |",
            "|---|---:|---:|---:|",
            f"| one page of 100 people | {statistics.median(times):.1f} | "
            f"{percentile(times, 0.95):.1f} | {max(times):.1f} |",
        ]

    def table(self, people, queries, rows):
        lines = [
            f"Name search, {people:,} people, {queries} queries ({connection.vendor}):",
            "",
            "| measure | p50 ms | p95 ms | max ms | intended name in top 10 |",
            "|---|---:|---:|---:|---:|",
        ]
        for label, p50, p95, worst, recall, _ in rows:
            lines.append(f"| {label} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {recall:.0%} |")
        return lines

    def record(self, lines, people):
        path = record(f"{people:,} people", lines)
        self.stdout.write(f"Recorded in {path}.")


def throughput_table(seconds, seed):
    """Requests per second under gunicorn, loaded by wrk on loopback: random biography pages,
    and a minimal Django view served by the same server in the same run."""
    if not shutil.which("wrk"):
        raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
    folder = Path(settings.BASE_DIR) / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    addresses = biography_addresses(random.Random(seed))
    cached, rendered = write_wrk_scripts(folder, addresses)
    minimal, biography, rendered_each_time = load_under_gunicorn(seconds, cached, rendered)
    cache = "Redis" if os.environ.get("REDIS_URL") else "each worker's memory"
    return [
        f"Throughput under gunicorn ({GUNICORN_WORKERS} workers, page cache in {cache}), wrk "
        f"1 thread, {WRK_CONNECTIONS} connections, {seconds} s each after a warm-up, on the "
        f"same machine:",
        "",
        "| view | requests per second |",
        "|---|---:|",
        f"| minimal Django view | {minimal:,.0f} |",
        f"| biography page, {len(addresses)} people at random, from the page cache "
        f"| {biography:,.0f} |",
        f"| biography page, rendered every time | {rendered_each_time:,.0f} |",
        f"| **biography (from the cache) / minimal** | **{biography / minimal:.2f}** |",
    ]


def biography_addresses(rng, tries=200):
    """The English addresses of up to `tries` published people picked at random."""
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    addresses = set()
    with translation.override("en"):
        for _ in range(tries):
            person = (
                Person.objects.published().filter(pk__gte=rng.randint(1, highest)).order_by("pk")
            ).first()
            if person:
                addresses.add(person.get_absolute_url())
    return addresses


def write_wrk_scripts(folder, addresses):
    """wrk scripts that ask for the addresses at random: as they are, and with a query
    string, which the page cache passes by, so that every page is rendered."""
    (folder / "biographies.txt").write_text("\n".join(sorted(addresses)) + "\n")
    cached = folder / "biographies.lua"
    cached.write_text(
        f'local paths = {{}}\nfor line in io.lines("{folder / "biographies.txt"}") do '
        "paths[#paths + 1] = line end\n"
        "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
    )
    rendered = folder / "biographies-rendered.lua"
    rendered.write_text(
        cached.read_text().replace(
            "paths[math.random(#paths)]", "paths[math.random(#paths)] .. '?n=' .. math.random(1e9)"
        )
    )
    return cached, rendered


def load_under_gunicorn(seconds, cached, rendered):
    """Requests per second of the minimal view, the cached and the rendered biographies."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "memorial.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "memorial.wsgi:application", "--workers",
         str(GUNICORN_WORKERS), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=environment,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/bench/minimal/", server)
        # A first pass warms the workers and the page cache: the figures are steady state.
        run_wrk(base + "/bench/minimal/", 3)
        run_wrk(base, max(seconds // 2, 3), cached)
        return (
            run_wrk(base + "/bench/minimal/", seconds),
            run_wrk(base, seconds, cached),
            run_wrk(base, seconds, rendered),
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, server, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("gunicorn stopped before it served a request.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"gunicorn did not answer {url} within {timeout} s.")


def run_wrk(url, seconds, script=None):
    command = ["wrk", "-t1", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output:
        raise CommandError(f"Some answers to {url} were errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def name_search_rows(sample):
    """The names page's search by the matcher and by a naive icontains, over the same
    queries: (label, p50, p95, max, share that found the person meant, how many capped)."""
    rows = []
    # The naive way takes seconds a query at millions of people: a tenth of the queries
    # (at least 30) show its cost without spending the session on it.
    naive_count = max(30, len(sample) // 10)
    for label, run, queries in (
        ("name search (matcher)", matcher_page, sample),
        (f"name search (naive icontains, first {min(naive_count, len(sample))} queries)",
         naive_page, sample[:naive_count]),
    ):  # fmt: skip
        for query, _ in queries[:5]:
            run(query)  # warm the caches
        times, hits, capped = [], 0, 0
        for query, intended in queries:
            elapsed, (found, total, _) = timed(run, query)
            times.append(elapsed)
            hits += is_intended(intended, names_found(found[:10]))
            capped += total >= 1001
        rows.append(
            (
                label,
                statistics.median(times),
                percentile(times, 0.95),
                max(times),
                hits / len(queries),
                capped,
            )
        )
    return rows
