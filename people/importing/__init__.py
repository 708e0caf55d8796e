"""Importing lists of names (Books of Memory, archive inventories) from CSV and Excel files.

columns.py  the fields a list can fill and the headers that name them
reading.py  streaming rows out of CSV (UTF-8 or Windows-1251) and XLSX files
rows.py     checking a row: problems by row and column, or the values to write
writing.py  staging tables and set-based statements that write a chunk of rows
service.py  people_import(), one transaction around all of it
rollback.py undoing an import batch whole
jobs.py     imports uploaded in the admin: queued, run, and how many at once
tasks.py    the background tasks that run them, and large rollbacks
heartbeat.py a running task's sign of life, to tell a stopped worker
"""

from .columns import FIELDS, guess_columns
from .reading import TableError, open_table, read_headers
from .service import ImportResult, people_import

__all__ = [
    "FIELDS",
    "ImportResult",
    "TableError",
    "guess_columns",
    "open_table",
    "people_import",
    "read_headers",
]
