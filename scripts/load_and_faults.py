"""Load and fault run, by hand: `make load` (see the README's "Load and faults").

Serves the site with gunicorn on PostgreSQL (production settings on loopback) and:

1. loads it for 60 s with mixed public traffic at 50 connections (wrk), and reports failed
   requests and the latency percentiles;
2. does the same again and restarts PostgreSQL in the middle (or stops it for
   --down-seconds), with the cached pages and the others loaded by a wrk each, so that their
   failures are counted apart, by status (cached pages must not fail); a probe asks for a
   page that needs the database every 50 ms (how long until the site answers correctly
   again, with no restart of its own), and families send testimonies while PostgreSQL is
   away: each must be stored, or given back with what was typed and not stored;
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


# The server's environment, before this script changes its own.
SERVER_ENVIRONMENT = dict(os.environ)


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings.dev")
    # The script's own few queries, before and after the restart, open a connection each
    # time rather than wait on a pool of its own.
    os.environ["DATABASE_POOL"] = "false"
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


def is_cached_path(path):
    """A biography without a query string: served from the page cache once visited."""
    return re.fullmatch(r"/\w\w/people/\d+/[^/?]+/", path) is not None


STATUS_COUNTING = """
counts = {}
local threads = {}
function setup(thread) table.insert(threads, thread) end
response = function(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
done = function(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      io.write(string.format("STATUS %d %d\\n", status, count))
    end
  end
end
"""


def wrk(port, seconds, connections, paths_file):
    script = paths_file.with_suffix(".lua")
    script.write_text(
        f'local paths = {{}}\nfor line in io.lines("{paths_file}") do '
        "paths[#paths + 1] = line end\n"
        "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        + STATUS_COUNTING
    )
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    output = subprocess.run(
        [*command, "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}"],
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
    statuses = {}
    for status, count in re.findall(r"STATUS (\d+) (\d+)", output):
        statuses[int(status)] = statuses.get(int(status), 0) + int(count)
    return {
        "requests": total,
        "failed": failed + errors,
        "socket_errors": errors,
        "statuses": dict(sorted(statuses.items())),
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


def restart_run(port, arguments, paths_files, probe_path, marker):
    """Cached and uncached pages loaded side by side (each by a wrk of its own, so that
    their failures are told apart), PostgreSQL restarted halfway, and families sending
    testimonies while it restarts."""
    seconds = arguments.seconds
    log, stop = [], threading.Event()
    watcher = threading.Thread(target=probe, args=(port, probe_path, stop, log))
    watcher.start()
    forms = open_forms(port, arguments.outage_testimonies)
    result = {}

    def restart_later():
        time.sleep(seconds / 2)
        result["restart_started"] = time.monotonic()
        sender = threading.Thread(
            target=send_during, args=(port, forms, marker, result, arguments.down_seconds)
        )
        sender.start()
        cluster = ["pg_ctlcluster", *arguments.cluster.split("/")]
        if arguments.down_seconds:  # a longer outage than a restart: stopped, then started
            subprocess.run([*cluster, "stop"], check=True)
            time.sleep(arguments.down_seconds)
            subprocess.run([*cluster, "start"], check=True)
        else:
            subprocess.run([*cluster, "restart"], check=True)
        result["restart_done"] = time.monotonic()
        sender.join()

    restarter = threading.Thread(target=restart_later)
    restarter.start()
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {
            kind: pool.submit(wrk, port, seconds, connections, paths_files[kind])
            for kind, connections in split_connections(arguments.connections, paths_files)
        }
        load = {kind: run.result() for kind, run in runs.items()}
    restarter.join()
    stop.set()
    watcher.join()
    load["restart_seconds"] = result["restart_done"] - result["restart_started"]
    load.update(recovery(log, result["restart_started"], result["restart_done"]))
    load["testimonies"] = count_outage_testimonies(marker, result["answers"])
    return load


def split_connections(connections, paths_files):
    """The connections shared between the cached and the uncached pages as visitors ask for
    them (the share of their addresses in the mix)."""
    counts = {kind: len(path.read_text().split()) for kind, path in paths_files.items()}
    cached = max(1, round(connections * counts["cached"] / sum(counts.values())))
    return [("cached", cached), ("uncached", max(1, connections - cached))]


def recovery(log, started, done):
    """When the site answered correctly again: the first correct probe answer after the
    restart from which all are correct."""
    after = [(at, correct) for at, correct in log if at >= started]
    recovered_at = None
    for index, (at, correct) in enumerate(after):
        if correct and all(later for _, later in after[index:]):
            recovered_at = at
            break
    return {
        "recovered_after_restart": None if recovered_at is None else max(0, recovered_at - done),
        "probe_failures": sum(1 for _, correct in after if not correct),
    }


def send_during(port, forms, marker, result, down_seconds):
    """Send the opened forms one by one while PostgreSQL restarts (over 3 s, or over the
    time it is stopped)."""
    threads, answers = [], []
    spacing = max(3, down_seconds) / max(1, len(forms))
    for form in forms:
        thread = threading.Thread(
            target=lambda form=form: answers.append((form[0], send_form(port, form, marker)))
        )
        thread.start()
        threads.append(thread)
        time.sleep(spacing)
    for thread in threads:
        thread.join()
    result["answers"] = answers


def count_outage_testimonies(marker, answers):
    """Each testimony sent during the restart was stored (a receipt) or given back with what
    was typed and the message that nothing was stored; none was lost or stored unseen."""
    stored = stored_numbers(marker)
    reshown = [
        number
        for number, (status, _, body) in answers
        if status == 503 and b"nothing was stored" in body and f"{marker} {number}".encode() in body
    ]
    receipts = [number for number, (status, _, _) in answers if status == 302]
    return {
        "sent": len(answers),
        "stored": len(stored),
        "receipts": len(receipts),
        "reshown": len(reshown),
        "reshown_but_stored": len(set(reshown) & set(stored)),
        "lost": len(answers) - len(set(receipts) | set(reshown)),
        "statuses": sorted({status for _, (status, _, _) in answers}),
    }


def testimony_run(port, count, marker):
    """`count` families send their testimony at the same moment, each from its own address."""
    forms = open_forms(port, count)
    barrier = threading.Barrier(count)
    with ThreadPoolExecutor(max_workers=count) as pool:
        answers = list(pool.map(lambda form: send_form(port, form, marker, barrier), forms))
    return count_stored(marker, count, answers)


def open_forms(port, count, first=0):
    with ThreadPoolExecutor(max_workers=min(count, 20)) as pool:
        forms = list(pool.map(lambda number: open_form(port, number), range(first, first + count)))
    time.sleep(1.5)  # the form refuses answers sent faster than a person can type
    return forms


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


def send_form(port, form, marker, barrier=None):
    """Fill in and send one opened form (once every family is ready): status, Location and
    the page."""
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
    if barrier is not None:
        barrier.wait()
    status, response_headers, page = request(
        port,
        "POST",
        "/en/testimony/",
        body=body,
        headers={**headers, "Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
        timeout=60,
    )
    return status, dict(response_headers).get("Location", ""), page


def count_stored(marker, count, answers):
    """What the database holds of the testimonies sent under `marker`."""
    from people.models import Testimony

    numbers = stored_numbers(marker)
    stored = Testimony.objects.filter(subject_names__startswith=f"{marker} ")
    return {
        "sent": count,
        "redirected_to_receipt": sum(1 for status, _, _ in answers if status == 302),
        "stored": len(numbers),
        "stored_once": len(set(numbers)),
        "distinct_references": stored.values("reference").distinct().count(),
        "statuses": sorted({status for status, _, _ in answers}),
    }


def stored_numbers(marker):
    """The numbers of the families whose testimony under `marker` the database holds."""
    from django.db import connection

    from people.models import Testimony

    connection.close()  # the script's own connection may not have survived the restart
    names = Testimony.objects.filter(subject_names__startswith=f"{marker} ")
    return [int(name.rsplit(" ", 1)[1]) for name in names.values_list("subject_names", flat=True)]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--testimonies", type=int, default=100)
    parser.add_argument(
        "--outage-testimonies", type=int, default=30, help="sent while PostgreSQL restarts"
    )
    parser.add_argument("--cluster", default="15/main", help="pg_ctlcluster version/name")
    parser.add_argument(
        "--down-seconds",
        type=float,
        default=0,
        help="stop PostgreSQL for this long instead of restarting it",
    )
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    django_setup()
    from memorial.bench.management.commands.benchmark import free_port

    folder = BASE_DIR / "var" / "load"
    folder.mkdir(parents=True, exist_ok=True)
    paths = mixed_paths()
    paths_files = {"mixed": folder / "paths.txt"}
    for kind, chosen in (
        ("mixed", paths),
        ("cached", [path for path in paths if is_cached_path(path)]),
        ("uncached", [path for path in paths if not is_cached_path(path)]),
    ):
        paths_files[kind] = folder / f"paths-{kind}.txt"
        paths_files[kind].write_text("\n".join(chosen) + "\n")
    port = free_port()
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = start_server(port, arguments.workers, log)
    marker = f"LOADTEST-{secrets.token_hex(4)}"
    try:
        wait_until_serving(port)
        steady, fault = load_runs(port, arguments, paths_files, f"{marker}-outage")
        testimonies = testimony_run(port, arguments.testimonies, marker)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    print_report(arguments, len(paths), steady, fault, testimonies)
    from people.models import Testimony

    for prefix in (f"{marker} ", f"{marker}-outage "):
        Testimony.objects.filter(subject_names__startswith=prefix).delete()
    outage = fault["testimonies"]
    if (
        steady["failed"]
        or fault["cached"]["failed"]
        or outage["lost"]
        or outage["reshown_but_stored"]
        or outage["receipts"] != outage["stored"]
        or not each_stored_once(testimonies)
    ):
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
        **SERVER_ENVIRONMENT,
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


def load_runs(port, arguments, paths_files, outage_marker):
    """The steady run after a warm-up, then the same with PostgreSQL restarted halfway."""
    from people.models import Person

    person = Person.objects.published().order_by("pk").first()
    probe_path = f"/en/people/{person.pk}/{person.slug}/?probe=1"
    wrk(port, 5, arguments.connections, paths_files["mixed"])  # warm-up
    steady = wrk(port, arguments.seconds, arguments.connections, paths_files["mixed"])
    fault = restart_run(port, arguments, paths_files, probe_path, outage_marker)
    return steady, fault


def print_report(arguments, addresses, steady, fault, testimonies):
    from django.db import connection

    from people.models import Person

    machine = f"{os.cpu_count()} cores, PostgreSQL {connection.pg_version // 10000}"
    people = Person.objects.count()
    print(f"\nLoad and faults, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {machine}, "
          f"{people:,} people, gunicorn {arguments.workers} workers × 4 threads, "
          f"{addresses} public addresses at random\n")  # fmt: skip
    print("| run | requests | failed | answers by status | p50 | p99 | requests/s |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for name, run in (
        (f"{arguments.seconds} s, {arguments.connections} connections", steady),
        ("the same, PostgreSQL restarted halfway: cached pages", fault["cached"]),
        ("… and at the same time, pages not cached", fault["uncached"]),
    ):
        statuses = ", ".join(f"{status}: {count:,}" for status, count in run["statuses"].items())
        if run["socket_errors"]:
            statuses += f", no answer: {run['socket_errors']:,}"
        print(f"| {name} | {run['requests']:,} | {run['failed']:,} | {statuses} | {run['p50']} | "
              f"{run['p99']} | {run['rate']:,.0f} |")  # fmt: skip
    print_fault_summary(fault)
    sent = testimonies["sent"]
    each_once = testimonies["stored_once"] == testimonies["stored"] == sent
    print(
        f"Testimonies sent at once: {sent}; receipts {testimonies['redirected_to_receipt']}; "
        f"stored {testimonies['stored']}, each once: {'yes' if each_once else 'NO'}; distinct "
        f"reference numbers {testimonies['distinct_references']}; "
        f"answers {testimonies['statuses']}."
    )


def print_fault_summary(fault):
    recovered = fault["recovered_after_restart"]
    print(
        f"\nPostgreSQL restart took {fault['restart_seconds']:.1f} s; the site answered "
        + ("correctly again "
           + (f"{recovered:.2f} s after it" if recovered is not None else "— never")
           )
        + f" ({fault['probe_failures']} failed probe answers from the restart on)."
    )  # fmt: skip
    outage = fault["testimonies"]
    print(
        f"Testimonies sent during the restart: {outage['sent']}; stored {outage['stored']} "
        f"(receipts {outage['receipts']}); given back with what was typed {outage['reshown']} "
        f"(of which stored all the same: {outage['reshown_but_stored']}); lost "
        f"{outage['lost']}; answers {outage['statuses']}."
    )


if __name__ == "__main__":
    main()
