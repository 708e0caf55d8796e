"""The files of imports through the storage API: an uploaded list, its bad rows' report.

The private storage may be a folder or an object store (PRIVATE_MEDIA_STORAGE). The readers
open a list by path (and a large list is read in a child process), so a list in a storage
without local paths is first copied to a temporary file; a report is written to a temporary
file and then saved to the storage, where the admin page offers it for download."""

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import FileSystemStorage


def local_path(storage, name):
    """The file's path on this machine, or None when its storage keeps it elsewhere. Asked
    of a folder's storage only: an object store's path() raises NotImplementedError, but
    the in-memory storage's names a file that is not there."""
    if not isinstance(storage, FileSystemStorage):
        return None
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


@contextmanager
def readable_path(field_file):
    """A path to read a stored file by: its own, or a temporary copy removed on leaving.
    The copy keeps the file's name, for the readers tell a CSV from a workbook by it."""
    path = local_path(field_file.storage, field_file.name)
    if path is not None:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="memorial-import-") as folder:
        copy = Path(folder) / PurePosixPath(field_file.name).name
        with field_file.storage.open(field_file.name, "rb") as stored, copy.open("wb") as local:
            shutil.copyfileobj(stored, local)
        yield str(copy)


@contextmanager
def temporary_report():
    """Where an import writes its bad rows, in a folder removed on leaving."""
    with tempfile.TemporaryDirectory(prefix="memorial-report-") as folder:
        yield Path(folder) / "bad-rows.csv"


def replace_stored(storage, name, path):
    """Store the local file `path` as `name`, in place of an earlier one (a job run again),
    and return the name it was stored under."""
    storage.delete(name)  # a storage that does not overwrite would store it under a new name
    with open(path, "rb") as handle:
        return storage.save(name, File(handle, name=PurePosixPath(name).name))
