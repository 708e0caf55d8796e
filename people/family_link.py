"""The family's private link to their testimony: no account, only a long unguessable address.

The address carries a value signed with SECRET_KEY (salted for this use alone) that holds the
testimony's id and its random key (Testimony.family_key). A link is good while the signature
holds and the key still matches: a moderator who renews the key ends every older link, and a
deleted testimony ends its own."""

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from memorial.base.models import Status

from .models import Attachment, Testimony, TestimonyStatus

SALT = "people.family-link"


def _signer():
    return signing.Signer(salt=SALT)


def family_link_token(testimony):
    # No time stamp: the link lasts until renewed, and is the same in the email and on the page.
    return _signer().sign_object({"t": testimony.pk, "k": testimony.family_key})


def family_link_path(testimony):
    """The link's address in the current language."""
    return reverse("testimony_family_link", kwargs={"token": family_link_token(testimony)})


def testimony_from_token(token, queryset=None):
    """The testimony the link names, or None when the link is forged, altered, renewed since
    or its testimony deleted."""
    try:
        value = _signer().unsign_object(token)
        pk, key = value["t"], value["k"]
    # ValueError: a value signed with this salt in another way (signing.dumps adds a time
    # stamp, which then is read as part of the value) is not ours to decode.
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return None
    return testimony_from_key(pk, key, queryset)


def testimony_from_key(pk, key, queryset=None):
    """The testimony `pk` if `key` is still its family key (a renewal or a deletion ends it)."""
    if not isinstance(pk, int) or not isinstance(key, str):
        return None
    queryset = Testimony.objects.all() if queryset is None else queryset
    testimony = queryset.filter(pk=pk).first()
    if testimony is None or not constant_time_compare(key, testimony.family_key):
        return None
    return testimony


# What the family is told, in plain words; the template adds the dates and the biography link.
FAMILY_STATUSES = {
    "received": _("Received. No one has read it yet."),
    "being_read": _("Being read by the archivists."),
    "published": _("Published on the biography."),
    "not_published": _("Read, and not published on the portal."),
    "withdrawn": _("Withdrawn: your words are no longer shown on the portal."),
    "deletion_requested": _("You asked for it to be deleted. A moderator will delete it."),
}


def family_status(testimony):
    """Which of FAMILY_STATUSES the testimony is in now."""
    if testimony.deletion_requested_at is not None:
        return "deletion_requested"
    if testimony.story_withdrawn_at is not None:
        return "withdrawn"
    if testimony.story_is_public and testimony.person.status == Status.PUBLISHED:
        return "published"
    if testimony.status in (TestimonyStatus.REJECTED, TestimonyStatus.SPAM):
        return "not_published"
    if testimony.status == TestimonyStatus.ACCEPTED and not testimony.consent_publish_story:
        return "not_published"
    if testimony.status == TestimonyStatus.NEW:
        return "received"
    return "being_read"


def came_from_a_family(item):
    """Whether the photo was published from a family's testimony, which the family may
    withdraw at any moment (memorial/base/media_cache.py keeps it only briefly)."""
    try:
        return item.from_attachment is not None  # joined by the media view: no query
    except Attachment.DoesNotExist:
        return False
