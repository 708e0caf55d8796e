"""Reading a list as archives export it: CSV in UTF-8 or Windows-1251, comma or semicolon,
an Excel workbook, or a text file of entries, one per person (text_entries.py). Rows are
streamed, never held all at once, so memory does not grow with the file."""

import codecs
import csv
import datetime
import io
import os
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .text_entries import TEXT_COLUMNS, entry_cells, looks_like_entries, split_entries

SAMPLE_BYTES = 64 * 1024


class TableError(Exception):
    """The file cannot be read as a table at all; the message says why, for the archivist."""


@dataclass
class Table:
    headers: list
    rows: object  # an iterator of (row number as a spreadsheet shows it, [cell text, ...])
    kind: str
    encoding: str = ""
    delimiter: str = ""
    # A text file of entries fills fields of its own choosing, whatever columns were asked.
    columns: dict | None = None
    _position: object = field(default=None, repr=False)
    _close: object = field(default=None, repr=False)

    def progress(self):
        """How far through the file reading is, 0 to 1."""
        return self._position() if self._position else 0.0

    def close(self):
        """Let go of the file (reading every row does too)."""
        if self._close:
            self._close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def read_headers(path):
    with open_table(path) as table:
        return table.headers


def holds_entries(path):
    """Whether the file is a text file of entries, whose fields need no columns chosen."""
    return os.fspath(path).lower().endswith(".txt") and _holds_entries(path)


def open_table(path):
    name = os.fspath(path).lower()
    if name.endswith((".xlsx", ".xlsm")):
        return _open_workbook(path)
    if name.endswith(".xls"):
        raise TableError(_("Old Excel files (.xls) cannot be read: save the list as .xlsx or CSV."))
    if holds_entries(path):
        return _open_entries(path)
    return _open_csv(path)


def _holds_entries(path):
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    return b"\x00" not in sample and looks_like_entries(
        sample.decode(detect_encoding(sample), errors="ignore")
    )


def _open_entries(path):
    """The entries of a text file as rows: the entry's number, then its cells."""
    handle = open(path, "rb")  # noqa: SIM115 - closed when the entries run out
    size = os.fstat(handle.fileno()).st_size or 1
    encoding = detect_encoding(handle.read(SAMPLE_BYTES))
    handle.seek(0)
    lines = io.TextIOWrapper(handle, encoding=encoding, errors="strict")

    def rows():
        number = 0
        try:
            for number, text in split_entries(lines):  # noqa: B007 - kept for the error
                yield number, entry_cells(text)
        except UnicodeDecodeError:
            raise TableError(
                _("Entry %(entry)s is not in the file's encoding (%(encoding)s).")
                % {"entry": number + 1, "encoding": encoding}
            ) from None
        finally:
            handle.close()

    return Table(
        headers=list(TEXT_COLUMNS.values()),
        rows=rows(),
        kind="text",
        encoding="Windows-1251" if encoding == "cp1251" else "UTF-8",
        columns=dict(TEXT_COLUMNS),
        _position=lambda: min(1.0, handle.tell() / size) if not handle.closed else 1.0,
        _close=handle.close,
    )


def detect_encoding(sample):
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)  # a character cut at the sample's end is fine
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def detect_delimiter(first_line):
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _open_csv(path):
    handle = open(path, "rb")  # noqa: SIM115 - closed when the rows run out
    size = os.fstat(handle.fileno()).st_size or 1
    sample = handle.read(SAMPLE_BYTES)
    handle.seek(0)
    if b"\x00" in sample:
        handle.close()
        raise TableError(_("This is not a text file: save the list as CSV or .xlsx."))
    encoding = detect_encoding(sample)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="", errors="strict")
    try:
        first_line = sample.decode(encoding, errors="ignore").splitlines()[0] if sample else ""
    except IndexError:
        first_line = ""
    delimiter = detect_delimiter(first_line)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        handle.close()
        raise TableError(_("The file is empty.")) from None
    except UnicodeDecodeError:
        handle.close()
        raise TableError(_("The file's encoding is neither UTF-8 nor Windows-1251.")) from None

    def rows():
        number = 1
        try:
            for number, values in enumerate(reader, start=2):  # noqa: B007 - kept for the error
                if any(value.strip() for value in values):
                    yield number, values
        except UnicodeDecodeError:
            raise TableError(
                _("Row %(row)s is not in the file's encoding (%(encoding)s).")
                % {"row": number + 1, "encoding": encoding}
            ) from None
        except csv.Error as error:
            raise TableError(
                _("Row %(row)s cannot be read: %(error)s") % {"row": number + 1, "error": error}
            ) from None
        finally:
            handle.close()

    return Table(
        headers=[header.strip() for header in headers],
        rows=rows(),
        kind="csv",
        encoding="Windows-1251" if encoding == "cp1251" else "UTF-8",
        delimiter=delimiter,
        _position=lambda: min(1.0, handle.tell() / size) if not handle.closed else 1.0,
        _close=handle.close,
    )


def cell_text(value):
    """A spreadsheet cell as the text a CSV would have: whole numbers without ".0", dates
    as ISO dates (a year typed as 1937 must not become 1937.0)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _open_workbook(path):
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet row by row instead of loading it whole.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(
            _("The Excel file cannot be opened (%(error)s).") % {"error": error}
        ) from None
    sheet = workbook.worksheets[0]
    total = sheet.max_row or 0
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        headers = [cell_text(value).strip() for value in next(rows_iter)]
    except StopIteration:
        workbook.close()
        raise TableError(_("The file is empty.")) from None
    position = {"row": 1}

    def rows():
        try:
            for number, values in enumerate(rows_iter, start=2):
                position["row"] = number
                texts = [cell_text(value) for value in values]
                if any(text.strip() for text in texts):
                    yield number, texts
        finally:
            workbook.close()

    return Table(
        headers=headers,
        rows=rows(),
        kind="xlsx",
        _position=lambda: min(1.0, position["row"] / total) if total else 0.0,
        _close=workbook.close,
    )
