"""Checking and rewriting the PDF documents families send.

A PDF is parsed by pypdf in strict mode, never only sniffed: a file that does not parse as a
whole (no cross-reference table, cut short, HTML or script between its markers) is refused, and
so is one that is encrypted. Then every object reachable from the file's trailer is visited once
(a visited set, an explicit stack and caps on the work, so cycles and a 10 MB file of tiny
objects cannot hang the form; nesting too deep for the parser is refused as malformed), and the
file is refused if anything in it could act on its own when a moderator opens it:

- JavaScript (/JS, /JavaScript actions and the document's JavaScript name tree);
- actions run without a click: an /OpenAction that is an action (a plain "open at this page"
  destination is harmless and simply dropped), and /AA additional actions on the catalog, pages,
  annotations or form fields;
- /Launch actions (start a program);
- embedded files (/EmbeddedFiles, /EF, /EmbeddedFile streams, FileAttachment annotations);
- XFA forms (/XFA in the AcroForm);
- actions that leave the document or send data: /GoToR, /GoToE, /SubmitForm, /ImportData, and
  /URI links other than http, https and mailto (a file: or smb: link can leak the moderator's
  network credentials). Ordinary web links stay: readers ask before following them;
- embedded media and 3D (/RichMedia, /Movie, /Sound, /Rendition, /Screen, /3D).

A file that passes is not stored as sent: its pages are cloned into a new document, so nothing
outside the pages survives (bookmarks, the form's structure, the catalog's actions, any bytes
between objects), and the document's metadata is removed: no /Info dictionary (Author, Creator,
Producer, Title...), and no XMP /Metadata stream nor /PieceInfo application data anywhere, on
the catalog, pages or images. As with photos, which lose their EXIF, what the family's software
wrote about them does not travel with the document. The rewritten file is read back and must
have the same number of pages.
"""

import re
from io import BytesIO

from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Generous bounds on the work: a scanned 10 MB document has a few hundred objects, a long
# typeset one some thousands; a file built to exhaust the checker (about 0.1 ms an object) is
# refused, or passes, within seconds rather than minutes.
MAX_OBJECTS = 20_000
MAX_NODES = 200_000

# Web page markup has no place between a PDF's objects (stream bodies, where any bytes may
# occur, are left out before looking).
STREAM_MARK = re.compile(rb"\bendstream|\bstream\r?\n")
MARKUP = re.compile(rb"<(?:script|html|!doctype|iframe|object|embed|svg)\b", re.I)

# What a document's software wrote about it: XMP streams, and applications' private data.
STRIPPED = ("/Metadata", "/PieceInfo")

WEB_SCHEMES = {"http", "https", "mailto"}


class PdfRefused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def not_well_formed():
    return _("it is not a well-formed PDF document; it may be incomplete or damaged.")


def too_complex():
    return _("it has too many parts to be checked.")


def reasons():
    """What each kind of active content is called to the family, with what to do about it."""
    hint = _("Printing it to a new PDF, or sending photos of its pages, avoids this.")
    return {
        "javascript": _("it contains JavaScript.") + " " + hint,
        "automatic": _("it runs actions by itself when it is opened or read.") + " " + hint,
        "launch": _("it would launch a program.") + " " + hint,
        "embedded": _("it has files embedded in it.") + " " + hint,
        "xfa": _("it is an XFA form.") + " " + hint,
        "outside": _("it opens other files or addresses, or sends data elsewhere.") + " " + hint,
        "media": _("it contains embedded media or 3D content.") + " " + hint,
    }


KEYS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/AA": "automatic",
    "/EmbeddedFiles": "embedded",
    "/EF": "embedded",
    "/XFA": "xfa",
    "/RichMediaContent": "media",
    "/RichMediaSettings": "media",
}
ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/GoToR": "outside",
    "/GoToE": "outside",
    "/SubmitForm": "outside",
    "/ImportData": "outside",
    "/Rendition": "media",
    "/Movie": "media",
    "/Sound": "media",
    "/RichMediaExecute": "media",
}
SUBTYPES = {
    "/FileAttachment": "embedded",
    "/RichMedia": "media",
    "/Movie": "media",
    "/Sound": "media",
    "/Screen": "media",
    "/3D": "media",
}


def clean_pdf(data):
    """Return the rewritten document's bytes, or raise PdfRefused with the reason."""
    if MARKUP.search(outside_streams(data)):
        raise PdfRefused(not_well_formed())
    try:
        reader = PdfReader(BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise PdfRefused(_("it is encrypted or protected by a password."))
        objects = sum(len(table) for table in reader.xref.values()) + len(reader.xref_objStm)
        if objects > MAX_OBJECTS:
            raise PdfRefused(too_complex())
        page_count = len(reader.pages)
        for dictionary in dictionaries(reader.trailer):
            if kind := check(dictionary):
                raise PdfRefused(reasons()[kind])
            # Cut off here, in the parsed objects, so that cloning the pages never copies them.
            for key in STRIPPED:
                if key in dictionary:
                    del dictionary[key]
        output = rewrite(reader)
        if page_count == 0 or len(PdfReader(BytesIO(output), strict=True).pages) != page_count:
            raise PdfRefused(not_well_formed())
    except PdfRefused:
        raise
    except LimitReachedError:
        # pypdf's own bounds on arrays, streams and decompression.
        raise PdfRefused(too_complex()) from None
    except Exception:
        # Hostile or broken input can make a parser fail in many ways (PdfReadError, KeyError,
        # ValueError, RecursionError on absurd nesting...); each means the same to the family.
        raise PdfRefused(not_well_formed()) from None
    return output


def outside_streams(data):
    """The file without its stream bodies, found in one pass (a lazy regex from each
    "stream" to the next "endstream" would be quadratic on a file of unclosed streams)."""
    parts, start, inside = [], 0, False
    for mark in STREAM_MARK.finditer(data):
        if mark.group().startswith(b"end"):
            if inside:
                start, inside = mark.end(), False
        elif not inside:
            parts.append(data[start : mark.start()])
            inside = True
    if not inside:
        parts.append(data[start:])
    return b"".join(parts)


def dictionaries(start):
    """Every dictionary (streams included) reachable from start, each indirect object once."""
    seen = set()
    stack = [start]
    visited = 0
    while stack:
        item = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            raise PdfRefused(too_complex())
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            # After the yield, so keys the caller removed are not followed.
            stack.extend(item.values())  # raw values: references stay references
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def check(dictionary):
    """The kind of active content the dictionary holds, or None."""
    for key in dictionary:
        if key in KEYS:
            return KEYS[key]
    if isinstance(entry(dictionary, "/OpenAction"), DictionaryObject):
        return "automatic"
    for key, table in [("/S", ACTIONS), ("/Subtype", SUBTYPES)]:
        value = entry(dictionary, key)
        if isinstance(value, NameObject) and value in table:
            return table[value]
    if entry(dictionary, "/Type") == "/EmbeddedFile":
        return "embedded"
    if entry(dictionary, "/S") == "/URI" and not is_web_address(entry(dictionary, "/URI")):
        return "outside"
    return None


def entry(dictionary, key):
    """The value under key, followed if it is a reference; None when absent."""
    return dictionary[key] if key in dictionary else None


def is_web_address(uri):
    if isinstance(uri, bytes):
        uri = uri.decode("latin-1")
    if not isinstance(uri, str) or ":" not in uri:
        return False
    return uri.split(":", 1)[0].strip().lower() in WEB_SCHEMES


def rewrite(reader):
    """The pages alone, in a new document without metadata."""
    writer = PdfWriter()
    for page in reader.pages:
        # A page as read is a copy of its object (with inherited entries filled in), so its
        # own keys are left out here too (pypdf leaves them out at every depth of the clone).
        writer.add_page(page, excluded_keys=STRIPPED)
    writer.metadata = None  # no /Info, not even pypdf's own Producer
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
