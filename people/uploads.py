"""Checking and cleaning the files families send.

A file's type is read from its first bytes, never from its name or what the browser says.
Images are opened under a pixel limit, decoded in full (a truncated file fails here, not
later), turned upright, and re-encoded from their pixels alone, so nothing of the original's
metadata (EXIF with its GPS position, XMP, comments) survives. PDFs are parsed in full by
pypdf, refused if malformed, encrypted or carrying active content (JavaScript, automatic or
launch actions, embedded files, XFA forms...), and rewritten from their pages alone without
their metadata (the document information, XMP): see people/pdf_cleaning.py.
"""

from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .pdf_cleaning import PdfRefused, clean_pdf

SIGNATURES = [
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF-", "PDF"),
]

# What each accepted image becomes: browsers cannot show TIFF, so it becomes PNG.
OUTPUT = {
    "JPEG": ("JPEG", "image/jpeg", ".jpg"),
    "PNG": ("PNG", "image/png", ".png"),
    "WEBP": ("WEBP", "image/webp", ".webp"),
    "TIFF": ("PNG", "image/png", ".png"),
}


@dataclass
class CleanFile:
    content: ContentFile
    original_name: str
    kind: str  # "image" or "pdf"
    content_type: str
    size: int


def detect_format(head):
    for signature, name in SIGNATURES:
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def refuse(upload, reason):
    raise ValidationError(
        _("“%(name)s” was not accepted: %(reason)s"),
        code="bad_file",
        params={"name": upload.name, "reason": reason},
    )


def clean_upload(upload):
    """Return a CleanFile for an accepted upload, or raise ValidationError naming the file."""
    limit = settings.TESTIMONY_MAX_FILE_BYTES
    if upload.size > limit:
        refuse(
            upload,
            _("it is %(size)s, more than the %(limit)s allowed for one file.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    data = upload.read()
    kind = detect_format(data[:16])
    if kind is None:
        refuse(upload, _("it is not a JPEG, PNG, WebP or TIFF image, nor a PDF document."))
    stem = upload.name.rsplit(".", 1)[0][:100] or "file"
    if kind == "PDF":
        try:
            content = clean_pdf(data)
        except PdfRefused as refusal:
            refuse(upload, refusal.reason)
        return CleanFile(
            ContentFile(content, name=f"{stem}.pdf"),
            upload.name,
            "pdf",
            "application/pdf",
            len(content),
        )
    return clean_image(upload, data, kind, stem)


def clean_image(upload, data, kind, stem):
    max_pixels = settings.TESTIMONY_MAX_IMAGE_PIXELS
    too_large = _("at most %(limit)s million pixels are accepted.") % {
        "limit": max_pixels // 1_000_000
    }
    try:
        with Image.open(BytesIO(data)) as image:
            width, height = image.size
            if width * height > max_pixels:
                refuse(
                    upload,
                    _("the image is %(width)s × %(height)s pixels; ")
                    % {"width": width, "height": height}
                    + too_large,
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # So large that Pillow refuses even to read its size safely.
        refuse(upload, _("the image is far too large; ") + too_large)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        refuse(upload, _("the image is damaged or incomplete."))
    pixels = upright.convert("RGBA" if upright.mode in ("RGBA", "LA", "P") else "RGB")
    # A new image from the pixels alone: no EXIF, XMP, ICC comments or text chunks carried over.
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    output_format, content_type, extension = OUTPUT[kind]
    if output_format == "JPEG" and clean.mode != "RGB":
        clean = clean.convert("RGB")
    buffer = BytesIO()
    options = {"quality": 90} if output_format in ("JPEG", "WEBP") else {"optimize": True}
    clean.save(buffer, output_format, **options)
    content = buffer.getvalue()
    return CleanFile(
        ContentFile(content, name=f"{stem}{extension}"),
        upload.name,
        "image",
        content_type,
        len(content),
    )
