"""What families send in: their testimony, its files, and the moderators' work on it.

The submitter's contact details, the moderators' notes and the files are private: no public
page, sitemap, feed or export shows them. A story appears on a biography only when the
family consented and a moderator published it, and disappears again when withdrawn.
"""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from memorial.base.fields import PartialDateField, year_range_constraint

# Crockford's base32 without the letters people misread (I, L, O, U).
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference():
    return "T-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def new_family_key():
    """The secret in the family's private link (people/family_link.py): 32 random bytes.
    Replacing it makes every link given out before stop working."""
    return secrets.token_urlsafe(32)


class PrivateStorage(FileSystemStorage):
    """Families' files live outside MEDIA_ROOT: no URL reaches them but the moderators' view.
    The folder is read from settings on every use, so tests can move it."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_private_storage = PrivateStorage()


def private_storage():
    """STORAGES["private"]: a PrivateStorage (the default), or an object store when
    PRIVATE_MEDIA_STORAGE=s3 (memorial/settings/base.py). Settings without that entry
    (a test's own STORAGES) get the PrivateStorage."""
    if "private" in settings.STORAGES:
        return storages["private"]
    return _private_storage


class TestimonyStatus(models.TextChoices):
    NEW = "new", _("new")
    IN_REVIEW = "in_review", _("in review")
    NEEDS_INFORMATION = "needs_information", _("needs information")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    SPAM = "spam", _("spam")


class TestimonyQuerySet(models.QuerySet):
    def published_stories(self):
        """Stories shown on biographies: accepted, consented, published, not withdrawn."""
        return self.filter(
            status=TestimonyStatus.ACCEPTED,
            consent_publish_story=True,
            story_published_at__isnull=False,
            story_withdrawn_at__isnull=True,
        )


class Testimony(models.Model):
    reference = models.CharField(
        _("reference number"), max_length=12, unique=True, default=new_reference, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TestimonyStatus,
        default=TestimonyStatus.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person in the portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testimonies",
        help_text=_("The biography this testimony is about, once a moderator has linked it."),
    )
    submitted_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    language = models.CharField(_("language of the form"), max_length=8, editable=False)

    # The submitter: private.
    submitter_name = models.CharField(_("your name"), max_length=200)
    relation = models.CharField(
        _("your relation to the person"),
        max_length=200,
        blank=True,
        help_text=_("For example: granddaughter"),
    )
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)

    # The person, as the family knows them.
    subject_names = models.CharField(
        _("the person’s name"),
        max_length=500,
        help_text=_("All the forms you know, in any script, e.g. Байтұрсынұлы Ахмет / Baitursynov"),
    )
    subject_birth_date = PartialDateField(
        _("year or date of birth"),
        help_text=_(
            "As much as you know, as you would write it: 1898; about 1895; March 1901; "
            "5 September 1898; the 1890s."
        ),
    )
    subject_birthplace = models.CharField(_("place of birth"), max_length=255, blank=True)
    arrest_text = models.TextField(_("what you know of the arrest"), max_length=5000, blank=True)
    camp_text = models.TextField(_("camp or prison"), max_length=5000, blank=True)
    deportation_text = models.TextField(_("deportation"), max_length=5000, blank=True)
    fate_text = models.TextField(_("fate"), max_length=5000, blank=True)
    camp = models.ForeignKey(
        "camps.Camp",
        verbose_name=_("camp, if it is in the list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deportation = models.ForeignKey(
        "deportations.Deportation",
        verbose_name=_("deportation, if it is in the list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    story = models.TextField(
        _("the story"),
        max_length=20000,
        help_text=_("What your family remembers. Plain text; it is shown exactly as written."),
    )

    consent_processing = models.BooleanField(
        _("I agree that the portal stores and processes what I send"), default=False
    )
    consent_publish_story = models.BooleanField(
        _("The story and photos may be published on the portal"), default=False
    )
    consent_show_name = models.BooleanField(_("My name may be shown with the story"), default=False)

    story_published_at = models.DateTimeField(
        _("story published"), null=True, blank=True, editable=False
    )
    story_withdrawn_at = models.DateTimeField(
        _("story withdrawn"), null=True, blank=True, editable=False
    )
    deletion_requested_at = models.DateTimeField(
        _("deletion requested by the family"), null=True, blank=True, editable=False
    )
    family_key = models.CharField(
        _("key of the family's private link"),
        max_length=64,
        default=new_family_key,
        editable=False,
    )

    objects = TestimonyQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
        constraints = [
            year_range_constraint("subject_birth_date", "testimony"),
            models.CheckConstraint(
                condition=models.Q(consent_processing=True),
                name="testimony_consent_to_processing",
                violation_error_message=_("A testimony needs consent to store it."),
            ),
            models.CheckConstraint(
                condition=models.Q(story_published_at__isnull=True)
                | models.Q(consent_publish_story=True),
                name="testimony_published_only_with_consent",
                violation_error_message=_("The family did not consent to publication."),
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.subject_names}"

    @property
    def story_is_public(self):
        return (
            self.status == TestimonyStatus.ACCEPTED
            and self.consent_publish_story
            and self.story_published_at is not None
            and self.story_withdrawn_at is None
        )

    @property
    def credit(self):
        """How the story is signed in public: a name only with consent."""
        if self.consent_show_name:
            return ", ".join(part for part in (self.submitter_name, self.relation) if part)
        return self.relation or str(_("a relative"))


# What a family types into the form, in the form's order: kept exactly as sent (the admin
# shows it read-only).
SUBMITTED_FIELDS = [
    "submitter_name", "relation", "email", "phone", "country",
    "subject_names", "subject_birth_date", "subject_birthplace",
    "arrest_text", "camp_text", "camp", "deportation_text", "deportation", "fate_text",
    "story", "consent_processing", "consent_publish_story", "consent_show_name",
]  # fmt: skip


def attachment_upload_to(instance, filename):
    return f"testimony/{instance.testimony.reference}/{filename}"


class Attachment(models.Model):
    """A photo or document a family sent, checked and cleaned when it arrived."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        PDF = "pdf", _("PDF document")

    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, storage=private_storage)
    original_name = models.CharField(_("name of the file sent"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    publish = models.BooleanField(
        _("publish with the story"),
        default=True,
        help_text=_("Untick a photo the family would rather keep private."),
    )
    published_media = models.OneToOneField(
        "memorial.MediaItem",
        verbose_name=_("published as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="from_attachment",
    )

    class Meta:
        ordering = ["testimony_id", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


def new_upload_token():
    return secrets.token_hex(16)


def pending_upload_to(instance, filename):
    return f"pending/{instance.token}/{filename}"


class PendingUpload(models.Model):
    """A file that passed the checks while the rest of the form did not: kept, so the
    family need not choose it again. Claimed by the submission or purged after a day."""

    token = models.CharField(max_length=32, db_index=True, default=new_upload_token)
    file = models.FileField(upload_to=pending_upload_to, storage=private_storage)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=Attachment.Kind)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("file kept from an unfinished form")
        verbose_name_plural = _("files kept from unfinished forms")

    def __str__(self):
        return self.original_name


class TestimonyNote(models.Model):
    """A moderator's internal note: never shown outside the admin."""

    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    text = models.TextField(_("note"), max_length=5000)

    class Meta:
        ordering = ["testimony_id", "created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.text[:60]


class TestimonyStatusChange(models.Model):
    """Who changed a testimony's status, and when: kept for good."""

    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), on_delete=models.CASCADE, related_name="history"
    )
    old_status = models.CharField(_("from"), max_length=20, choices=TestimonyStatus, blank=True)
    new_status = models.CharField(_("to"), max_length=20, choices=TestimonyStatus)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    comment = models.CharField(_("what was done"), max_length=255, blank=True)

    class Meta:
        ordering = ["testimony_id", "changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.old_status or '—'} → {self.new_status}"
