from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import NameVariant, Person


@receiver([post_save, post_delete], sender=NameVariant)
def keep_name_keys_current(sender, instance, **kwargs):
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        person.rebuild_name_keys()
