"""Checking and rewriting the PDF documents families send.

A PDF is parsed by pypdf, never only sniffed: strictly first, and when that fails, leniently, as
ordinary viewers read it (cross-reference offsets a few bytes off, as cheap scanners write
them, are found again by scanning for the objects). Only pypdf's rewritten copy is ever stored,
so a file it repaired is as safe as one it did not need to; the lenient scan's work is bounded
first (the objects a file claims or holds, at most MAX_OBJECTS). Refused whatever the parse:
web page markup between the objects (the `%PDF-` + HTML + `%%EOF` fake), a file without its end
marker in its last 1,024 bytes (cut short, like a broken download; viewers look no further
either), one whose pages cannot all be read, and an encrypted one. Then every object reachable
from the file's trailer is visited once (a visited set, an explicit stack and caps on the work,
so cycles and a 10 MB file of tiny objects cannot hang the form; nesting too deep for the
parser is refused as malformed), and the file is refused if anything in it could act on its
own when a moderator opens it, or reach outside the document:

- JavaScript (/JS, /JavaScript actions and the document's JavaScript name tree);
- actions run without a click: an /OpenAction that is an action (a plain "open at this page"
  destination is harmless and simply dropped), and /AA additional actions on the catalog, pages,
  annotations or form fields;
- /Launch actions (start a program), and /Named actions other than the four page moves every
  reader knows (other names run the reader's own menu commands: print, save, quit...);
- embedded files (/EmbeddedFiles, /EF, /EmbeddedFile streams, FileAttachment annotations);
- XFA forms (/XFA in the AcroForm);
- whatever leaves the document or sends data: /GoToR, /GoToE, /SubmitForm, /ImportData, /URI
  links other than http, https and mailto, and any file specification (a file name string
  under /F, or a /Filespec dictionary) that is not an embedded file: a /Thread action into
  another file, a stream whose data lives in another file, a URL file system. A file: link or a
  UNC path (to a share on another machine) makes the reader fetch it, which can leak the
  moderator's network credentials. Ordinary web links stay: readers ask before following them;
- embedded media and 3D (/RichMedia, /Movie, /Sound, /Rendition, /Screen, /3D, /GoTo3DView).

Actions that stay inside the document and run nothing are kept: /GoTo and /GoToDp (a page),
/Thread without /F (an article of this document), /Hide (show or hide annotations),
/SetOCGState (show or hide layers), /Trans (a page transition) and /ResetForm (clear fields).

A file that passes is not stored as sent: its pages are cloned into a new document, so nothing
outside the pages survives (bookmarks, the form's structure, the catalog's actions, any bytes
between objects), and the document's metadata is removed: no /Info dictionary (Author, Creator,
Producer, Title...), and no XMP /Metadata stream nor /PieceInfo application data anywhere, on
the catalog, pages or images. As with photos, which lose their EXIF, what the family's software
wrote about them does not travel with the document. The rewritten file is read back, strictly
this time, and must have the same number of pages.
"""

import re
from io import BytesIO
from itertools import islice

from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

# Generous bounds on the work: a scanned 10 MB document has a few hundred objects, a long
# typeset one some thousands; a file built to exhaust the checker (about 0.1 ms an object) is
# refused, or passes, within seconds rather than minutes.
MAX_OBJECTS = 20_000
MAX_NODES = 200_000

# Web page markup has no place between a PDF's objects (stream bodies, where any bytes may
# occur, are left out before looking).
STREAM_MARK = re.compile(rb"\bendstream|\bstream\r?\n")
MARKUP = re.compile(rb"<(?:script|html|!doctype|iframe|object|embed|svg)\b", re.I)

# What a damaged file is measured by before pypdf scans it for its objects.
XREF_SIZE = re.compile(rb"/Size\s+(\d{1,12})")
XREF_ENTRY = re.compile(rb"\d{10}\s\d{5}\s[fn]")
OBJECT_HEADER = re.compile(rb"\d{1,10}\s+\d{1,5}\s+obj\b")

# What a document's software wrote about it: XMP streams, and applications' private data.
STRIPPED = ("/Metadata", "/PieceInfo")

WEB_SCHEMES = {"http", "https", "mailto"}

# Viewers look for the end marker in the last 1,024 bytes; a file cut short has none there.
EOF_WINDOW = 1024

# The named actions every reader knows; other names are the reader's own menu commands.
PAGE_MOVES = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}

# Keys only a file specification dictionary has (file names per system, a file system).
FILE_SPEC_KEYS = ("/UF", "/DOS", "/Mac", "/Unix", "/FS")


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
        "command": _("it runs commands of the program it is opened in.") + " " + hint,
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
    "/GoTo3DView": "media",
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
    if b"%%EOF" not in data[-EOF_WINDOW:] or MARKUP.search(outside_streams(data)):
        raise PdfRefused(not_well_formed())
    try:
        try:
            return cleaned(PdfReader(BytesIO(data), strict=True))
        except (PdfRefused, LimitReachedError):
            raise
        except PyPdfError:
            # What viewers open, pypdf can often read leniently: it finds the objects again by
            # scanning for them (and logs what it repaired). Only its rewritten copy is kept.
            # That scan costs a step an object, so their number is bounded first.
            if many_objects(data):
                raise PdfRefused(too_complex()) from None
            return cleaned(PdfReader(BytesIO(data), strict=False))
    except PdfRefused:
        raise
    except LimitReachedError:
        # pypdf's own bounds on arrays, streams and decompression.
        raise PdfRefused(too_complex()) from None
    except Exception:
        # Hostile or broken input can make a parser fail in many ways (PdfReadError, KeyError,
        # ValueError, RecursionError on absurd nesting...); each means the same to the family.
        raise PdfRefused(not_well_formed()) from None


def cleaned(reader):
    """The document checked and rewritten; pypdf's errors are left to the caller."""
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
    return output


def many_objects(data):
    """Whether the file claims, or holds, more objects than are checked: the entries of its
    cross-reference tables, the /Size of their trailers, or objects' headers anywhere."""
    outside = outside_streams(data)
    sizes = (int(size) for size in XREF_SIZE.findall(outside))
    return (
        max(sizes, default=0) > MAX_OBJECTS
        or more_than(XREF_ENTRY.finditer(outside), MAX_OBJECTS)
        or more_than(OBJECT_HEADER.finditer(data), MAX_OBJECTS)
    )


def more_than(matches, limit):
    return next(islice(matches, limit, None), None) is not None


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
    return leaves_document(dictionary)


def leaves_document(dictionary):
    """Whether the dictionary reaches outside the document ("outside") or into the reader
    program ("command"); None if not.

    Checked after the embedded files, whose file specifications point inside the document."""
    action = entry(dictionary, "/S")
    if action == "/URI" and not is_web_address(entry(dictionary, "/URI")):
        return "outside"
    if action == "/Named" and entry(dictionary, "/N") not in PAGE_MOVES:
        return "command"
    # A file specification anywhere: a file name under /F (an annotation's /F is a number, a
    # thread's first bead a dictionary), or a file specification dictionary.
    if isinstance(entry(dictionary, "/F"), (TextStringObject, ByteStringObject)):
        return "outside"
    if entry(dictionary, "/Type") == "/Filespec" or any(k in dictionary for k in FILE_SPEC_KEYS):
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
