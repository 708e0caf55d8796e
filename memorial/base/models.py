"""What every part of the portal shares: publication, places, sources, media and figures."""

from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .fields import PartialDateField, year_range_constraint
from .translation import TranslatedText, active_language, column, translated_fields


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Publishable(models.Model):
    """A record the public sees only once an archivist has published it."""

    status = models.CharField(
        _("publication status"),
        max_length=16,
        choices=Status,
        default=Status.DRAFT,
        help_text=_("Only published records are visible to the public."),
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        # No index: it would be kept up on every bulk import of a million rows, for the
        # rare deletion of a staff account.
        db_index=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        # No index: it would be kept up on every bulk import of a million rows, for the
        # rare deletion of a staff account.
        db_index=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class Region(models.Model):
    """A region of Kazakhstan (oblast) as named in the records of the time."""

    name = models.CharField(
        _("name"), max_length=120, unique=True, help_text=_("For example: Karaganda region")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class SourceKind(models.TextChoices):
    ARCHIVE_FILE = "archive", _("archive file")
    BOOK_OF_MEMORY = "book_of_memory", _("Book of Memory")
    PUBLICATION = "publication", _("publication")
    TESTIMONY = "testimony", _("family testimony")
    ORAL_REPORT = "oral", _("oral report")


class Source(models.Model):
    """A document a fact comes from: an archive file, a Book of Memory, a publication…"""

    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind)
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("For example: Book of Memory of the Karaganda region, or the case file title"),
    )
    author = models.CharField(_("author"), max_length=255, blank=True)
    publisher = models.CharField(
        _("publisher or periodical"),
        max_length=255,
        blank=True,
        help_text=_("For example: Kazinform"),
    )
    date = PartialDateField(_("date of the source"))
    url = models.URLField(_("web address"), max_length=500, blank=True)
    archive = models.CharField(
        _("archive"),
        max_length=255,
        blank=True,
        help_text=_("For example: Archive of the President of the Republic of Kazakhstan"),
    )
    fond = models.CharField(_("fond"), max_length=40, blank=True, help_text=_("For example: 708"))
    opis = models.CharField(_("opis (inventory)"), max_length=40, blank=True)
    delo = models.CharField(_("delo (file)"), max_length=40, blank=True)
    sheets = models.CharField(
        _("sheets"), max_length=60, blank=True, help_text=_("For example: 12–14 ob.")
    )
    volume = models.CharField(_("volume"), max_length=40, blank=True)
    page = models.CharField(_("page"), max_length=40, blank=True)
    reliability_note = models.TextField(
        _("reliability note"),
        blank=True,
        help_text=_("How far this source can be trusted, e.g. “interrogation record, 1937”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [year_range_constraint("date", "source")]

    def __str__(self):
        return self.citation()

    def citation(self):
        """The full reference as a researcher would write it."""
        parts = [self.author, self.title, self.publisher]
        if self.date:
            parts.append(self.date.display())
        reference = [
            (_("fond"), self.fond),
            (_("opis"), self.opis),
            (_("delo"), self.delo),
            (_("sheets"), self.sheets),
            (_("vol."), self.volume),
            (_("p."), self.page),
        ]
        if self.archive:
            parts.append(self.archive)
        parts.extend(f"{label} {value}" for label, value in reference if value)
        if self.url:
            parts.append(self.url)
        return ". ".join(str(part) for part in parts if part)


class Citation(models.Model):
    """A source cited for a person, a camp, a deportation or any other record."""

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    locator = models.CharField(
        _("where in the source"), max_length=120, blank=True, help_text=_("For example: p. 214")
    )
    note = models.TextField(
        _("what it supports"),
        blank=True,
        help_text=_("For example: date of arrest and sentence"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.source}" + (f", {self.locator}" if self.locator else "")


class MediaKind(models.TextChoices):
    PHOTO = "photo", _("photograph")
    DOCUMENT = "document", _("document scan")


def media_upload_to(instance, filename):
    return f"media/{timezone.now():%Y/%m}/{PurePath(filename).name}"


def thumbnail_upload_to(instance, filename):
    return f"thumbnails/{timezone.now():%Y/%m}/{PurePath(filename).name}"


class MediaItem(models.Model):
    """A photograph or document scan of a person, a camp or a deportation."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=20, choices=MediaKind, default=MediaKind.PHOTO)
    image = models.ImageField(_("image"), upload_to=media_upload_to)
    thumbnail = models.ImageField(upload_to=thumbnail_upload_to, blank=True, editable=False)
    alt_text_kk, alt_text_ru, alt_text_en = translated_fields(
        models.CharField,
        _("text alternative"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it, e.g. “Portrait, c. 1925”"
        ),
    )
    alt_text = TranslatedText("alt_text")
    caption_kk, caption_ru, caption_en = translated_fields(
        models.CharField, _("caption"), max_length=500, blank=True
    )
    caption = TranslatedText("caption")
    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_("For example: family archive")
    )
    date = PartialDateField(_("date"))
    is_portrait = models.BooleanField(
        _("portrait"), default=False, help_text=_("Show this photo as the person’s portrait.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo or document")
        verbose_name_plural = _("photos and documents")
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # Every request for a photo or its thumbnail finds it by its file's name.
            models.Index(fields=["image"], name="mediaitem_image_idx"),
            models.Index(fields=["thumbnail"], name="mediaitem_thumbnail_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(is_portrait=True),
                name="mediaitem_one_portrait",
                violation_error_message=_("Only one photo can be the portrait."),
            ),
            year_range_constraint("date", "mediaitem"),
        ]

    def __str__(self):
        return self.caption or self.alt_text

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._image_name_at_load = self.image.name if self.image else ""

    def save(self, *args, **kwargs):
        if self.image and (self.image.name != self._image_name_at_load or not self.thumbnail):
            self.make_thumbnail()
        super().save(*args, **kwargs)
        self._image_name_at_load = self.image.name

    def clean(self):
        if not (self.alt_text_kk or self.alt_text_ru or self.alt_text_en):
            raise ValidationError(
                {
                    column("alt_text", active_language()): _(
                        "Describe what the image shows in at least one language, for readers "
                        "who cannot see it."
                    )
                }
            )

    def make_thumbnail(self):
        """Made once when the image is saved, so no request ever resizes an image."""
        self.image.open()
        self.image.seek(0)
        with Image.open(self.image) as original:
            picture = ImageOps.exif_transpose(original).convert("RGB")
        picture.thumbnail(settings.THUMBNAIL_SIZE)
        buffer = BytesIO()
        picture.save(buffer, "JPEG", quality=85, optimize=True)
        name = PurePath(self.image.name).stem + ".jpg"
        self.thumbnail.save(name, ContentFile(buffer.getvalue()), save=False)
        self.image.seek(0)


class FigureQualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    ABOUT = "about", _("about")
    MORE_THAN = "more", _("more than")
    UP_TO = "up_to", _("up to")


class Figure(models.Model):
    """A number (prisoners, deportees) that is always an estimate from a named source."""

    value = models.PositiveBigIntegerField(_("number"), help_text=_("For example: 1200000"))
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=FigureQualifier, default=FigureQualifier.ABOUT
    )
    date = PartialDateField(_("as of"))
    note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("What exactly is counted")
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def display_value(self):
        from django.contrib.humanize.templatetags.humanize import intcomma

        number = intcomma(self.value)
        if self.qualifier == FigureQualifier.EXACT:
            return number
        return f"{self.get_qualifier_display()} {number}"
