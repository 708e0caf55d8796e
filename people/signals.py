from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ImportJob, NameVariant, Person


@receiver([post_save, post_delete], sender=NameVariant)
def keep_name_keys_current(sender, instance, **kwargs):
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        person.rebuild_name_keys()


@receiver(post_delete, sender=ImportJob)
def delete_the_uploaded_list(sender, instance, **kwargs):
    """An uploaded list holds people's data: deleting its import deletes the files too."""
    for stored in (instance.file, instance.report):
        if stored:
            stored.storage.delete(stored.name)
