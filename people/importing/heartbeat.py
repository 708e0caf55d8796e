"""A background task's sign of life: a small file it rewrites every few seconds, with its
progress. A file, not a row of the database: the import's own transaction would hide the
row's changes until it ends (and on SQLite would hold the lock a write needs).

The file is kept in the private storage (BeatFile), which the worker and every web
machine share: one folder, or an object store.

A task whose file has not changed for IMPORT_JOB_STALE_SECONDS is taken for stopped (its
worker was killed, or its machine went down), and the archivist may run it again."""

import json
import logging
import threading
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.tasks import TaskResultStatus, default_task_backend
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .stored_files import local_path

BEAT_SECONDS = 5
logger = logging.getLogger(__name__)


class BeatFile:
    """A sign of life's file: `name` in `storage`."""

    def __init__(self, storage, name):
        self.storage, self.name = storage, name

    def __repr__(self):
        return f"BeatFile({self.name!r})"

    def write_text(self, text):
        path = local_path(self.storage, self.name)
        if path is None:  # an object store, where an object is replaced whole
            if self.storage.get_available_name(self.name) != self.name:
                self.storage.delete(self.name)  # a storage that would keep both
            self.storage.save(self.name, ContentFile(text.encode()))
            return
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(text)
        partial.replace(path)  # a reader never sees half a file

    def read_text(self):
        with self.storage.open(self.name, "rb") as handle:
            return handle.read().decode()

    def exists(self):
        return self.storage.exists(self.name)

    def unlink(self):
        self.storage.delete(self.name)


class Heartbeat:
    """Writes `path` (a BeatFile) when entered, on every update() and every BEAT_SECONDS
    between them (a chunk of a large list, or a wait for another import of the same list,
    may take longer); removes it on leaving. The beats between come from a thread: paused()
    stops it while the import forks its reader process, for a process must not fork while
    another of its threads may hold a lock."""

    def __init__(self, path, every=None):
        self.path, self.every = path, every or BEAT_SECONDS
        self.progress = {}
        self.lock = threading.Lock()
        self.thread = self.stopping = None

    def __enter__(self):
        self.write()
        self._start_beating()
        return self

    def __exit__(self, *exc_info):
        self._stop_beating()
        self.path.unlink()

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
            try:
                self.write()
            except Exception:
                # An object store out of reach for a moment: the next beat tries again
                # (the thread must not end, or the task would soon be taken for stopped).
                logger.warning("Could not write the sign of life %r", self.path, exc_info=True)


def write_beat(path, **progress):
    path.write_text(json.dumps({**progress, "beat": timezone.now().isoformat()}))


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
