"""Load and fault run, by hand: `make load` (see the README's "Load and faults").

Serves the site with gunicorn on PostgreSQL (production settings on loopback) and:

1. loads it for 60 s with mixed public traffic at 50 connections (wrk), and reports failed
   requests and the latency percentiles;
2. does the same again and restarts PostgreSQL in the middle, while a probe asks for a page
   that needs the database every 50 ms: how long until the site answers correctly again,
   with no restart of its own;
3. sends 100 families' testimonies at once, each from its own address, and checks that each
   was stored exactly once.

Needs wrk, pg_ctlcluster (run as root, or as a user that may restart the cluster) and the
database named by DATABASE_URL, migrated and filled (`make load` does it).
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings.dev")
    import django

    django.setup()


def request(port, method, path, body=None, headers=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def mixed_paths(count=400):
    """Public pages in the proportions visitors use them: biographies most, then the names
    list with filters and searches, then camps, deportations and the home page."""
    from camps.models import Camp
    from deportations.models import Deportation
    from people.models import Person

    people = list(Person.objects.published().order_by("?").values_list("pk", "slug")[: count // 2])
    camps = list(Camp.objects.published().values_list("slug", flat=True)[:20])
    deportations = list(Deportation.objects.published().values_list("slug", flat=True)[:20])
    paths = []
    for language in ("kk", "ru", "en"):
        paths += [f"/{language}/people/{pk}/{slug}/" for pk, slug in people[::3]]
        paths += [
            f"/{language}/",
            f"/{language}/people/",
            f"/{language}/people/?fate=shot",
            f"/{language}/people/?letter=%D0%90",
            f"/{language}/people/?page=3",
            f"/{language}/search/?q=" + urllib.parse.quote("Иванов"),
            f"/{language}/people/?q=" + urllib.parse.quote("Ахмет"),
            f"/{language}/camps/",
            f"/{language}/deportations/",
            f"/{language}/testimony/",
        ]
        paths += [f"/{language}/camps/{slug}/" for slug in camps]
        paths += [f"/{language}/deportations/{slug}/" for slug in deportations]
    return paths


def wrk(port, seconds, connections, paths_file):
    script = paths_file.with_suffix(".lua")
    script.write_text(
        f'local paths = {{}}\nfor line in io.lines("{paths_file}") do '
        "paths[#paths + 1] = line end\n"
        "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
    )
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    output = subprocess.run(
        [*command, "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    total = int(re.search(r"(\d+) requests in", output)[1])
    failed = int((re.search(r"Non-2xx or 3xx responses: (\d+)", output) or [0, 0])[1])
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = sum(map(int, socket_errors.groups())) if socket_errors else 0
    percentiles = dict(re.findall(r"\s+(50|75|90|99)%\s+([\d.]+\w+)", output))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    return {
        "requests": total,
        "failed": failed + errors,
        "p50": percentiles.get("50"),
        "p99": percentiles.get("99"),
        "rate": rate,
        "output": output,
    }


def probe(port, path, stop, log):
    """Ask every 50 ms for a page that needs the database (a query string passes the page
    cache by), and note each answer."""
    while not stop.is_set():
        started = time.monotonic()
        try:
            status, _, body = request(port, "GET", path, timeout=5)
            correct = status == 200 and b"<h1" in body
        except OSError:
            correct = False
        log.append((started, correct))
        time.sleep(0.05)


def restart_run(port, seconds, connections, paths_file, cluster, probe_path):
    log, stop = [], threading.Event()
    watcher = threading.Thread(target=probe, args=(port, probe_path, stop, log))
    watcher.start()
    result = {}

    def restart_later():
        time.sleep(seconds / 2)
        result["restart_started"] = time.monotonic()
        subprocess.run(["pg_ctlcluster", *cluster.split("/"), "restart"], check=True)
        result["restart_done"] = time.monotonic()

    restarter = threading.Thread(target=restart_later)
    restarter.start()
    load = wrk(port, seconds, connections, paths_file)
    restarter.join()
    stop.set()
    watcher.join()
    done = result["restart_done"]
    # Correct again: the first correct answer after the restart from which all are correct.
    after = [(at, correct) for at, correct in log if at >= result["restart_started"]]
    recovered_at = None
    for index, (at, correct) in enumerate(after):
        if correct and all(later for _, later in after[index:]):
            recovered_at = at
            break
    load["restart_seconds"] = done - result["restart_started"]
    load["recovered_after_restart"] = None if recovered_at is None else max(0, recovered_at - done)
    load["probe_failures"] = sum(1 for _, correct in after if not correct)
    return load


def testimony_run(port, count, marker):
    """`count` families send their testimony at the same moment, each from its own address."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        forms = list(pool.map(lambda number: open_form(port, number), range(count)))
    time.sleep(1.5)  # the form refuses answers sent faster than a person can type
    barrier = threading.Barrier(count)
    with ThreadPoolExecutor(max_workers=count) as pool:
        answers = list(pool.map(lambda form: send_form(port, form, marker, barrier), forms))
    return count_stored(marker, count, answers)


def open_form(port, number):
    """Family `number` opens the form from an address of its own; what it needs to send it."""
    address = f"10.{number // 250}.{number % 250}.{secrets.randbelow(250) + 1}"
    headers = {"X-Forwarded-For": address}
    status, response_headers, body = request(port, "GET", "/en/testimony/", headers=headers)
    cookies = "; ".join(
        value.split(";", 1)[0] for name, value in response_headers if name == "Set-Cookie"
    )
    page = body.decode()
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"', page))
    return number, headers, cookies, fields


def send_form(port, form, marker, barrier):
    """Fill in and send one opened form once every family is ready: status and Location."""
    number, headers, cookies, fields = form
    body = urllib.parse.urlencode(
        {
            **fields,
            "submitter_name": f"Load test {marker} {number}",
            "relation": "granddaughter",
            "email": f"family{number}@example.kz",
            "country": "Kazakhstan",
            "subject_names": f"{marker} {number}",
            "subject_birth_date": "1898",
            "story": "Sent by the load test; delete me.",
            "consent_processing": "on",
        }
    )
    barrier.wait()
    status, response_headers, _ = request(
        port,
        "POST",
        "/en/testimony/",
        body=body,
        headers={**headers, "Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
        timeout=60,
    )
    return status, dict(response_headers).get("Location", "")


def count_stored(marker, count, answers):
    """What the database holds of the testimonies sent under `marker`."""
    from django.db import connection

    from people.models import Testimony

    connection.close()  # the script's own connection did not survive the restart
    stored = Testimony.objects.filter(subject_names__startswith=f"{marker} ")
    numbers = [
        int(name.rsplit(" ", 1)[1]) for name in stored.values_list("subject_names", flat=True)
    ]
    return {
        "sent": count,
        "redirected_to_receipt": sum(1 for status, _ in answers if status == 302),
        "stored": len(numbers),
        "stored_once": len(set(numbers)),
        "distinct_references": stored.values("reference").distinct().count(),
        "statuses": sorted({status for status, _ in answers}),
    }


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--testimonies", type=int, default=100)
    parser.add_argument("--cluster", default="15/main", help="pg_ctlcluster version/name")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    django_setup()
    from memorial.bench.management.commands.benchmark import free_port

    folder = BASE_DIR / "var" / "load"
    folder.mkdir(parents=True, exist_ok=True)
    paths_file = folder / "paths.txt"
    paths = mixed_paths()
    paths_file.write_text("\n".join(paths) + "\n")
    port = free_port()
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = start_server(port, arguments.workers, log)
    marker = f"LOADTEST-{secrets.token_hex(4)}"
    try:
        wait_until_serving(port)
        steady, fault = load_runs(port, arguments, paths_file)
        testimonies = testimony_run(port, arguments.testimonies, marker)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    print_report(arguments, len(paths), steady, fault, testimonies)
    from people.models import Testimony

    Testimony.objects.filter(subject_names__startswith=f"{marker} ").delete()
    if steady["failed"] or not each_stored_once(testimonies):
        sys.exit(1)


def each_stored_once(testimonies):
    """Every testimony sent was stored once, each under a reference number of its own."""
    sent = testimonies["sent"]
    return (
        testimonies["stored_once"] == testimonies["stored"] == sent
        and testimonies["distinct_references"] == sent
    )


def start_server(port, workers, log):
    """gunicorn with the benchmark's settings on loopback, behind one trusted proxy (the
    testimony run's addresses come in X-Forwarded-For)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "memorial.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXY_COUNT": "1",
        "TESTIMONY_MIN_SECONDS": "1",
        "EMAIL_BACKEND": "console",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "memorial.wsgi:application", "--workers",
         str(workers), "--threads", "4", "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR, env=environment, stdout=log, stderr=log,
    )  # fmt: skip


def wait_until_serving(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/en/")[0] == 200:
                break
        except OSError:
            time.sleep(0.3)


def load_runs(port, arguments, paths_file):
    """The steady run after a warm-up, then the same with PostgreSQL restarted halfway."""
    from people.models import Person

    person = Person.objects.published().order_by("pk").first()
    probe_path = f"/en/people/{person.pk}/{person.slug}/?probe=1"
    wrk(port, 5, arguments.connections, paths_file)  # warm-up
    steady = wrk(port, arguments.seconds, arguments.connections, paths_file)
    fault = restart_run(
        port, arguments.seconds, arguments.connections, paths_file, arguments.cluster,
        probe_path,
    )  # fmt: skip
    return steady, fault


def print_report(arguments, addresses, steady, fault, testimonies):
    from django.db import connection

    from people.models import Person

    machine = f"{os.cpu_count()} cores, PostgreSQL {connection.pg_version // 10000}"
    people = Person.objects.count()
    print(f"\nLoad and faults, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {machine}, "
          f"{people:,} people, gunicorn {arguments.workers} workers × 4 threads, "
          f"{addresses} public addresses at random\n")  # fmt: skip
    print("| run | requests | failed | p50 | p99 | requests/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, run in (
        (f"{arguments.seconds} s, {arguments.connections} connections", steady),
        ("the same, PostgreSQL restarted halfway", fault),
    ):
        print(f"| {name} | {run['requests']:,} | {run['failed']:,} | {run['p50']} | "
              f"{run['p99']} | {run['rate']:,.0f} |")  # fmt: skip
    recovered = fault["recovered_after_restart"]
    print(
        f"\nPostgreSQL restart took {fault['restart_seconds']:.1f} s; the site answered "
        + ("correctly again "
           + (f"{recovered:.2f} s after it" if recovered is not None else "— never")
           )
        + f" ({fault['probe_failures']} failed probe answers from the restart on)."
    )  # fmt: skip
    sent = testimonies["sent"]
    each_once = testimonies["stored_once"] == testimonies["stored"] == sent
    print(
        f"Testimonies sent at once: {sent}; receipts {testimonies['redirected_to_receipt']}; "
        f"stored {testimonies['stored']}, each once: {'yes' if each_once else 'NO'}; distinct "
        f"reference numbers {testimonies['distinct_references']}; "
        f"answers {testimonies['statuses']}."
    )


if __name__ == "__main__":
    main()
