"""A background task's sign of life: a small file it rewrites every few seconds, with its
progress. A file, not a row of the database: the import's own transaction would hide the
row's changes until it ends (and on SQLite would hold the lock a write needs).

A task whose file has not changed for IMPORT_JOB_STALE_SECONDS is taken for stopped (its
worker was killed, or its machine went down), and the archivist may run it again."""

import json
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.tasks import TaskResultStatus, default_task_backend
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime

BEAT_SECONDS = 5


class Heartbeat:
    """Writes `path` when entered, on every update() and every BEAT_SECONDS between them (a
    chunk of a large list, or a wait for another import of the same list, may take longer);
    removes it on leaving. The beats between come from a thread: paused() stops it while
    the import forks its reader process, for a process must not fork while another of its
    threads may hold a lock."""

    def __init__(self, path, every=None):
        self.path, self.every = path, every or BEAT_SECONDS
        self.progress = {}
        self.lock = threading.Lock()
        self.thread = self.stopping = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.write()
        self._start_beating()
        return self

    def __exit__(self, *exc_info):
        self._stop_beating()
        self.path.unlink(missing_ok=True)

    def update(self, **progress):
        self.progress = progress
        self.write()

    @contextmanager
    def paused(self):
        """No thread but the caller's while inside (to fork), then beats again."""
        self._stop_beating()
        try:
            yield
        finally:
            self.write()
            self._start_beating()

    def write(self):
        with self.lock:
            write_beat(self.path, **self.progress)

    def _start_beating(self):
        self.stopping = threading.Event()
        self.thread = threading.Thread(
            target=self._beat, args=(self.stopping,), name="heartbeat", daemon=True
        )
        self.thread.start()

    def _stop_beating(self):
        if self.thread is not None:
            self.stopping.set()
            self.thread.join()
            self.thread = None

    def _beat(self, stopping):
        while not stopping.wait(self.every):
            self.write()


def write_beat(path, **progress):
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps({**progress, "beat": timezone.now().isoformat()}))
    partial.replace(path)  # a reader never sees half a file


def read_beat(path):
    """(time of the last beat or None, the progress written with it)."""
    try:
        written = json.loads(path.read_text())
    except (OSError, ValueError):
        return None, {}
    beat = parse_datetime(written.pop("beat", "") or "")
    return beat, written


def stale_before():
    """Signs of life older than this mean the worker stopped."""
    return timezone.now() - timedelta(seconds=settings.IMPORT_JOB_STALE_SECONDS)


def running_stopped(started_at, path):
    """A running task stopped: no beat (nor its start) since the stated time."""
    beat, _ = read_beat(path)
    last = max(filter(None, [started_at, beat]), default=None)
    return last is None or last < stale_before()


def queued_stopped(queued_at, task_id):
    """A queued task that no worker will run: long queued, and its task no longer waits in
    the queue (it never got there, ended without starting, or its worker died in it). One
    queued with no time was queued before tasks were (nothing will run it)."""
    if queued_at is None:
        return True
    if queued_at >= stale_before():
        return False
    if not task_id:
        return True
    if not default_task_backend.supports_get_result:
        return False  # nothing to ask; such a backend runs tasks as they are queued
    try:
        result = default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return True
    if result.status == TaskResultStatus.READY:
        return False
    if result.status == TaskResultStatus.RUNNING:
        # A waiting import checks for a free place in a moment; longer, its worker died.
        return result.started_at is None or result.started_at < stale_before()
    return True
