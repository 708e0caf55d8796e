"""Two application servers on loopback sharing PostgreSQL and Redis, and a background worker
beside the second, as on two machines (docs/scaling.md): what is done through one is seen,
counted and run by the other.

Skipped unless the tests run on PostgreSQL and Redis answers on 127.0.0.1:6379 (CI has both).
The servers are gunicorn processes with the development settings, DEBUG off, on the test
database; each test's records are committed (transactional_db) so that they see them."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from people.models import ImportJob, Person

from .factories import filled_testimony_form, make_person, make_source

REDIS_URL = "redis://127.0.0.1:6379/6"
BASE_DIR = Path(__file__).resolve().parent.parent
ADMIN = f"/{settings.ADMIN_URL}"


def redis_answers():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001 - any failure to reach it means no Redis to test with
        return False


ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
if os.environ.get("TWO_SERVERS_REQUIRED") and not (ON_POSTGRESQL and redis_answers()):
    # CI's PostgreSQL run (.ci/run) sets it: there a skip would hide that nothing was tested.
    pytest.fail("TWO_SERVERS_REQUIRED, but no PostgreSQL or no Redis", pytrace=False)
pytestmark = [
    pytest.mark.skipif(not ON_POSTGRESQL, reason="two servers share PostgreSQL: not SQLite"),
    pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def url_of_the_test_database():
    """The test database (pytest-django's, after setup), as a URL for the servers."""
    database = connection.settings_dict
    user = urllib.parse.quote(database["USER"] or "")
    password = urllib.parse.quote(database["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{credentials}{database['HOST']}{port}/{database['NAME']}"


def environment(files):
    return {
        **{name: value for name, value in os.environ.items() if not name.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "memorial.settings.dev",
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,  # the test signs the testimony form's start time
        "DATABASE_URL": url_of_the_test_database(),
        "CONN_MAX_AGE": "0",  # no connection held between requests while a test empties tables
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(files / "media"),
        "PRIVATE_MEDIA_ROOT": str(files / "private"),
        "API_RATE_LIMIT": "3",
        "TESTIMONY_RATE_LIMIT": "1",
        "TESTIMONY_MIN_SECONDS": "0",
        "LOGIN_FAILURE_LIMIT": "2",
        "LOG_LEVEL": "WARNING",
    }


def gunicorn(port, env, log):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "memorial.wsgi:application", "--workers", "1",
         "--threads", "2", "--graceful-timeout", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def wait_until_serving(url, processes, logs, timeout=40):
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            break
        try:
            if requests.get(f"{url}/robots.txt", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not start:\n" + "\n".join(log.read_text()[-3000:] for log in logs))


def stop(process):
    """Stop a server or the worker, and all it started (its own process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Server A and server B, and a worker beside B: their addresses."""
    files = tmp_path_factory.mktemp("two-servers")
    with django_db_blocker.unblock():
        env = environment(files)
    ports = free_port(), free_port()
    logs = [files / "a.log", files / "b.log", files / "worker.log"]
    handles = [log.open("w") for log in logs]
    processes = [
        gunicorn(port, env, handle) for port, handle in zip(ports, handles[:2], strict=True)
    ]
    processes.append(
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
            cwd=BASE_DIR,
            env=env,
            stdout=handles[2],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    )
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_until_serving(url, processes, logs)
        yield urls
    finally:
        for process in processes:
            stop(process)
        for handle in handles:
            handle.close()


@pytest.fixture
def shared_redis(servers):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    return client


@pytest.fixture
def both(servers, shared_redis, transactional_db):
    return servers


class FormReader(HTMLParser):
    """The fields of a page's forms as a browser would send them back unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in ("submit", "file"):
            if attrs.get("type") not in ("checkbox", "radio"):
                self.fields.append((name, attrs.get("value", "")))
            elif "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            self.fields.append((name, text.removeprefix("\n")))
            self.textarea = None


def form_fields(html):
    reader = FormReader()
    reader.feed(html)
    return reader.fields


def errors_on(html):
    """What a page refused, for a failing assertion's message."""
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>.*?</ul>', html, re.S) or html[-2000:]


def browser():
    import requests

    return requests.Session()


def sign_in(session, url, username, password):
    """Sign in to the admin on server `url`: whether it let the user in."""
    page = session.get(f"{url}{ADMIN}login/")
    data = {**dict(form_fields(page.text)), "username": username, "password": password}
    response = session.post(f"{url}{ADMIN}login/", data=data, allow_redirects=False)
    return response.status_code == 302 and "sessionid" in response.cookies


def staff_member(username, password, **fields):
    """A user the servers can sign in: their settings know no MD5, the tests' hasher; a few
    rounds of PBKDF2 keep it quick."""
    hasher = PBKDF2PasswordHasher()
    encoded = hasher.encode(password, hasher.salt(), iterations=1000)
    return User.objects.create(username=username, password=encoded, is_staff=True, **fields)


@pytest.fixture
def archivist(both):
    return staff_member("archivist", "pw", is_superuser=True)


def test_a_correction_saved_on_one_server_shows_on_the_other_within_a_second(
    both, archivist, shared_redis
):
    server_a, server_b = both
    person = make_person(biography_en="<p>Arrested in 1937 in Karaganda.</p>")
    page = f"{server_b}{person.get_absolute_url()}"
    visitor = browser()
    assert "Arrested in 1937 in Karaganda." in visitor.get(page).text
    assert "Arrested in 1937 in Karaganda." in visitor.get(page).text  # B's cached copy now
    assert any(b"page:v2:" in key for key in shared_redis.keys()), "B cached no page in Redis"

    staff = browser()
    assert sign_in(staff, server_a, "archivist", "pw")
    change = f"{server_a}{ADMIN}people/person/{person.pk}/change/"
    fields = [
        (name, "<p>Arrested in 1938 in Akmolinsk.</p>" if name == "biography_en" else value)
        for name, value in form_fields(staff.get(change).text)
    ]
    saved = staff.post(change, data=fields, allow_redirects=False)
    assert saved.status_code == 302, errors_on(saved.text)
    assert Person.objects.get(pk=person.pk).biography_en == "<p>Arrested in 1938 in Akmolinsk.</p>"

    saved_at = time.monotonic()
    while "Akmolinsk" not in (shown := visitor.get(page).text):
        if time.monotonic() - saved_at > 1.5:
            break
        time.sleep(0.1)
    waited = time.monotonic() - saved_at
    assert "Arrested in 1938 in Akmolinsk." in shown, f"still the old page after {waited:.2f} s"
    assert "Karaganda" not in shown


def test_rate_limits_count_the_requests_to_both_servers(both):
    server_a, server_b = both
    api = "/api/v1/people/"
    assert [browser().get(f"{server_a}{api}").status_code for _ in range(2)] == [200, 200]
    assert browser().get(f"{server_b}{api}").status_code == 200
    assert browser().get(f"{server_b}{api}").status_code == 429  # the fourth in a minute

    def send_testimony(url):
        family = browser()
        form = dict(form_fields(family.get(f"{url}/en/testimony/").text))
        data = {**filled_testimony_form(), "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
                "started": form["started"]}  # fmt: skip
        return family.post(f"{url}/en/testimony/", data=data, allow_redirects=False).status_code

    assert send_testimony(server_a) == 302  # stored: one an hour from an address
    assert send_testimony(server_b) == 429


def test_failed_sign_ins_on_one_server_lock_the_account_on_the_other(both):
    server_a, server_b = both
    staff_member("aliya", "right-password")
    staff_member("bolat", "right-password")
    assert sign_in(browser(), server_b, "bolat", "right-password")
    for _ in range(2):  # LOGIN_FAILURE_LIMIT
        assert not sign_in(browser(), server_a, "aliya", "wrong-password")
    assert not sign_in(browser(), server_b, "aliya", "right-password")


def test_an_import_started_on_one_server_is_run_by_the_worker_beside_the_other(both, archivist):
    server_a, _ = both
    staff = browser()
    assert sign_in(staff, server_a, "archivist", "pw")
    source = make_source(title="Book of Memory of the Karaganda region")
    add = f"{server_a}{ADMIN}people/importjob/add/"
    token = dict(form_fields(staff.get(add).text))["csrfmiddlewaretoken"]
    listed = "№;ФИО;Год рождения\n1;Жумабаев Асан Нурланович;1899\n2;Шмидт Иван Карлович;1901\n"
    upload = SimpleUploadedFile("Karaganda.csv", listed.encode("cp1251"))
    response = staff.post(
        add,
        data={"csrfmiddlewaretoken": token, "source": source.pk},
        files={"file": (upload.name, upload.read(), "text/csv")},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:2000]
    job = ImportJob.objects.get()
    page = f"{server_a}{ADMIN}people/importjob/{job.pk}/change/"
    fields = dict(form_fields(staff.get(page).text))
    columns = {
        "column_record_id": "№",
        "column_full_name": "ФИО",
        "column_birth_date": "Год рождения",
    }
    data = {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], **columns, "import": "1"}
    assert staff.post(page, data=data, allow_redirects=False).status_code == 302

    deadline = time.monotonic() + 60  # two rows; the time is for a busy machine
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state not in ("uploaded", "queued", "running"):
            break
        time.sleep(0.2)
    assert job.state == ImportJob.State.DONE, (job.state, job.message)
    assert Person.objects.filter(surname__in=["Жумабаев", "Шмидт"]).count() == 2
