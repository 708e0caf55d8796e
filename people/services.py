"""Writes that touch several models: a testimony arriving, being published or withdrawn,
a draft person made from it, the person linked to a relative it names."""

import logging
from contextlib import contextmanager

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from memorial.base import history, page_cache
from memorial.base.models import MediaItem, Status
from memorial.base.roles import MODERATOR

from .family_link import family_link_path
from .models import (
    Attachment,
    PendingUpload,
    Person,
    Relationship,
    RelationshipKind,
    Role,
    Testimony,
    TestimonyStatus,
    TestimonyStatusChange,
)
from .models.testimony import new_family_key

logger = logging.getLogger(__name__)


def pending_uploads_store(*, clean_files, token=None):
    """Keep files that passed while the rest of the form did not."""
    stored = []
    for clean in clean_files:
        pending = PendingUpload(
            original_name=clean.original_name[:255],
            kind=clean.kind,
            content_type=clean.content_type,
            size=clean.size,
        )
        if token:
            pending.token = token
        token = pending.token
        pending.file.save(clean.content.name, clean.content, save=False)
        pending.save()
        stored.append(pending)
    return stored


def testimony_submit(*, data, clean_files, kept_uploads, language, site_url=""):
    """Store a testimony with all its files, or nothing at all; then tell the family and the
    moderators."""
    written = []
    try:
        with transaction.atomic(), reversion.create_revision(atomic=False):
            reversion.set_comment(_("Sent by the family through the site."))
            testimony = Testimony.objects.create(**data, language=language)
            TestimonyStatusChange.objects.create(
                testimony=testimony, new_status=TestimonyStatus.NEW, comment="submitted"
            )
            for clean in clean_files:
                attachment = Attachment(
                    testimony=testimony,
                    original_name=clean.original_name[:255],
                    kind=clean.kind,
                    content_type=clean.content_type,
                    size=clean.size,
                )
                attachment.file.save(clean.content.name, clean.content, save=False)
                written.append(attachment.file.name)
                attachment.save()
            for pending in kept_uploads:
                attachment = Attachment(
                    testimony=testimony,
                    original_name=pending.original_name,
                    kind=pending.kind,
                    content_type=pending.content_type,
                    size=pending.size,
                )
                with pending.file.open("rb") as handle:
                    name = pending.file.name.rsplit("/", 1)[-1]
                    attachment.file.save(name, ContentFile(handle.read()), save=False)
                written.append(attachment.file.name)
                attachment.save()
            pending_files = [pending.file.name for pending in kept_uploads]
            PendingUpload.objects.filter(pk__in=[pending.pk for pending in kept_uploads]).delete()
            transaction.on_commit(lambda: _delete_files(PendingUpload, pending_files))
            transaction.on_commit(lambda: _notify(testimony, site_url))
    except Exception:
        # The record was rolled back; its files must go too.
        _delete_files(Attachment, written)
        raise
    return testimony


def _delete_files(model, names):
    storage = model._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s", name)


def _send(subject, body, recipients):
    # The testimony is already stored: a mail server that is down must not undo it.
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        logger.exception("Could not send %r to %d recipients", subject, len(recipients))


def _moderators():
    moderators = list(
        get_user_model()
        .objects.filter(groups__name=MODERATOR, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted({*moderators, *settings.TESTIMONY_NOTIFY})


def _notify(testimony, site_url):
    context = {"testimony": testimony, "site_url": site_url}
    if testimony.email:
        with translation.override(testimony.language):
            context["family_link"] = site_url + family_link_path(testimony)
            _send(
                _("Your testimony %(reference)s") % {"reference": testimony.reference},
                render_to_string("people/email/testimony_receipt.txt", context),
                [testimony.email],
            )
    recipients = _moderators()
    if recipients:
        _send(
            f"New testimony {testimony.reference}",
            render_to_string("people/email/testimony_moderators.txt", context),
            recipients,
        )


def testimony_set_status(*, testimony, status, moderator, comment=""):
    if testimony.status == status:
        return
    TestimonyStatusChange.objects.create(
        testimony=testimony,
        old_status=testimony.status,
        new_status=status,
        changed_by=moderator,
        comment=comment,
    )
    testimony.status = status
    testimony.save(update_fields=["status", "updated_at"])


class PublicationRefused(Exception):
    pass


@transaction.atomic
def testimony_publish(*, testimony, moderator):
    """Show the story, and the photos the moderator left ticked, on the linked biography."""
    if not testimony.consent_publish_story:
        raise PublicationRefused(_("The family did not consent to publication."))
    if testimony.person_id is None:
        raise PublicationRefused(_("Link the testimony to a person first."))
    testimony_set_status(
        testimony=testimony,
        status=TestimonyStatus.ACCEPTED,
        moderator=moderator,
        comment="published",
    )
    testimony.story_published_at = timezone.now()
    testimony.story_withdrawn_at = None
    testimony.save(update_fields=["story_published_at", "story_withdrawn_at", "updated_at"])
    for attachment in testimony.attachments.filter(publish=True):
        if attachment.kind != Attachment.Kind.IMAGE or attachment.published_media_id:
            continue
        with attachment.file.open("rb") as handle:
            image = ContentFile(handle.read(), name=attachment.file.name.rsplit("/", 1)[-1])
        media = MediaItem.objects.create(
            content_object=testimony.person,
            image=image,
            alt_text=_("Photograph sent by the family of %(name)s")
            % {"name": testimony.person.full_name},
            caption=attachment.original_name.rsplit(".", 1)[0][:500],
            credit=_("Family archive: %(credit)s") % {"credit": testimony.credit},
        )
        attachment.published_media = media
        attachment.save(update_fields=["published_media"])


@transaction.atomic
def testimony_withdraw(*, testimony, moderator, comment="withdrawn at the family's request"):
    """Take the story and its photos off the public pages; the testimony itself is kept."""
    testimony.story_withdrawn_at = timezone.now()
    testimony.save(update_fields=["story_withdrawn_at", "updated_at"])
    _unpublish_photos(testimony)
    TestimonyStatusChange.objects.create(
        testimony=testimony,
        old_status=testimony.status,
        new_status=testimony.status,
        changed_by=moderator,
        comment=comment,
    )


def _unpublish_photos(testimony):
    for attachment in testimony.attachments.exclude(published_media=None):
        media = attachment.published_media
        attachment.published_media = None
        attachment.save(update_fields=["published_media"])
        media.image.delete(save=False)
        media.thumbnail.delete(save=False)
        media.delete()


def _withdraw_consent(testimony, now):
    """The family took back their consent: off the public pages, and not to be published
    again without a new consent (the database refuses a publication time without one)."""
    testimony.consent_publish_story = False
    testimony.story_published_at = None
    testimony.story_withdrawn_at = testimony.story_withdrawn_at or now
    _unpublish_photos(testimony)


@contextmanager
def _family_revision(testimony, comment):
    """The family's act as a version in the testimony's history, by no user: the history
    shows it, and bringing back a version from before it is refused (people/admin)."""
    history.keep_first_version(testimony)
    with reversion.create_revision(atomic=False):
        reversion.set_comment(comment)
        yield
        if reversion.is_registered(Testimony):
            reversion.add_to_revision(testimony)


def _family_acted(testimony, comment, site_url):
    TestimonyStatusChange.objects.create(
        testimony=testimony,
        old_status=testimony.status,
        new_status=testimony.status,
        comment=comment,
    )
    # The saves above bumped the pages' version already, inside the transaction: a visitor's
    # page rendered before the commit could be kept under that version with the old story.
    # Bumping once more after the commit leaves no such page reachable.
    transaction.on_commit(page_cache.forget_pages)
    transaction.on_commit(lambda: _tell_moderators_the_family_acted(testimony, site_url))


def _tell_moderators_the_family_acted(testimony, site_url):
    recipients = _moderators()
    if recipients:
        _send(
            f"Testimony {testimony.reference}: the family acted through their private link",
            render_to_string(
                "people/email/testimony_family_acted.txt",
                {"testimony": testimony, "site_url": site_url},
            ),
            recipients,
        )


@transaction.atomic
def testimony_withdraw_by_family(*, testimony, site_url=""):
    """The family withdrew their consent through the private link: the story and photos leave
    every public page at once. False when it was withdrawn already (nothing changes)."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if not testimony.consent_publish_story:
        return False
    comment = "withdrawn by the family through the private link"
    with _family_revision(testimony, comment):
        _withdraw_consent(testimony, timezone.now())
        testimony.save()
    _family_acted(testimony, comment, site_url)
    return True


@transaction.atomic
def testimony_request_deletion_by_family(*, testimony, site_url=""):
    """The family asked, through the private link, for what they sent to be deleted: it
    leaves the public pages at once, and the moderators are asked to delete it. False when
    asked already."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.deletion_requested_at is not None:
        return False
    now = timezone.now()
    comment = "deletion requested by the family through the private link"
    with _family_revision(testimony, comment):
        if testimony.consent_publish_story:
            _withdraw_consent(testimony, now)
        testimony.deletion_requested_at = now
        testimony.save()
    _family_acted(testimony, comment, site_url)
    return True


@transaction.atomic
def testimony_renew_family_link(*, testimony, moderator, site_url=""):
    """A new key for the family's private link: every older link stops working. The family
    is sent the new link if they gave an email address; returns the new link's address."""
    testimony.family_key = new_family_key()
    testimony.save(update_fields=["family_key", "updated_at"])
    TestimonyStatusChange.objects.create(
        testimony=testimony,
        old_status=testimony.status,
        new_status=testimony.status,
        changed_by=moderator,
        comment="the family's private link renewed",
    )
    with translation.override(testimony.language):
        link = site_url + family_link_path(testimony)
        subject = _("A new link to your testimony %(reference)s") % {
            "reference": testimony.reference
        }
        body = render_to_string(
            "people/email/testimony_family_link.txt", {"testimony": testimony, "link": link}
        )
    if testimony.email:
        recipient = testimony.email
        transaction.on_commit(lambda: _send(subject, body, [recipient]))
    return link


@transaction.atomic
def person_create_from_testimony(*, testimony, moderator):
    """A draft person prefilled from what the family wrote, linked to the testimony."""
    words = testimony.subject_names.replace("/", " ").replace(",", " ").split()
    person = Person.objects.create(
        surname=words[0][:120] if words else testimony.subject_names[:120],
        given_name=" ".join(words[1:2])[:120],
        patronymic=" ".join(words[2:3])[:120],
        birth_date=testimony.subject_birth_date,
        birth_place=testimony.subject_birthplace,
        status=Status.DRAFT,
        created_by=moderator,
        updated_by=moderator,
    )
    testimony.person = person
    testimony.save(update_fields=["person", "updated_at"])
    return person


def relationship_link(*, person, relative, role, user, person_is="", relative_is="", note=""):
    """Link `person` to `relative`, who is their `role` (a Role: spouse, parent, child,
    sibling or other, then in words), and keep it in both people's history with `note`
    as the reason. Raises ValidationError, with nothing saved, if the link is refused."""
    first, second = (relative, person) if role == Role.PARENT else (person, relative)
    relationship = Relationship(
        first=first,
        second=second,
        kind=RelationshipKind.PARENT
        if role in (Role.PARENT, Role.CHILD)
        else RelationshipKind(role),
    )
    if role == Role.OTHER:
        relationship.first_is, relationship.second_is = person_is, relative_is
    with transaction.atomic(), reversion.create_revision():
        relationship.full_clean()
        for someone in (person, relative):
            history.keep_first_version(someone)
        relationship.save()
        reversion.set_user(user)
        reversion.set_comment(note)
        for someone in (person, relative):
            reversion.add_to_revision(someone)
    return relationship
