from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from memorial.base import history

from .models import (
    Attachment,
    ImportJob,
    NameVariant,
    Person,
    Relationship,
    Testimony,
    TestimonyNote,
    TestimonyStatusChange,
)


@receiver([post_save, post_delete], sender=NameVariant)
def keep_names_current(sender, instance, origin=None, **kwargs):
    # A variant deleted with its person: rebuilt, the keys would outlive the person (an
    # IntegrityError when the deletion commits).
    if isinstance(origin, Person) or getattr(origin, "model", None) is Person:
        return
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        person.rebuild_names()


@receiver([post_save, post_delete], sender=Relationship)
def mark_both_people_changed(sender, instance, **kwargs):
    """A relative added or removed changes both records as harvesters and downloads see them
    (OAI-PMH's dc:relation, the API's relatives): their last change is now. Rows loaded as
    they were (an archive, a fixture) keep the people's stored times."""
    if kwargs.get("raw"):
        return
    Person.objects.filter(pk__in=[instance.first_id, instance.second_id]).update(
        updated_at=timezone.now()
    )


@receiver(post_save, sender=Person)
def mark_relatives_changed(sender, instance, created=False, raw=False, **kwargs):
    """A person's name, address and status are part of each relative's record as harvesters
    and the API see it: a relative's last change is now, so that a harvest of what changed
    since takes their records again, above all without this person once withdrawn."""
    if raw or created:
        return
    pairs = Relationship.objects.of(instance).values_list("first_id", "second_id")
    relatives = {someone for pair in pairs for someone in pair} - {instance.pk}
    if relatives:
        Person.objects.filter(pk__in=relatives).update(updated_at=timezone.now())


@receiver(post_delete, sender=ImportJob)
def delete_the_uploaded_list(sender, instance, **kwargs):
    """An uploaded list holds people's data: deleting its import deletes the files too."""
    for stored in (instance.file, instance.report):
        if stored:
            stored.storage.delete(stored.name)


FAMILIES_PRIVATE_DATA = [Testimony, Attachment, TestimonyNote, TestimonyStatusChange]
history.FORGOTTEN_ON_DELETE.update(FAMILIES_PRIVATE_DATA)


def forget_what_families_sent(sender, instance, **kwargs):
    """A deleted testimony (purged, or removed at the family's request) leaves no copy of
    itself, its files' names or the moderators' notes in the history."""
    history.forget(sender, [instance.pk])


for model in FAMILIES_PRIVATE_DATA:
    post_delete.connect(forget_what_families_sent, sender=model)
