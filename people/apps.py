from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")
    shown_on_public_pages = True
    # Search keys and unfinished uploads: written often, shown on no page themselves.
    never_on_public_pages = {"namekey", "surnamestem", "givenname", "pendingupload", "importjob"}

    def ready(self):
        from memorial.base import media_cache

        from . import signals  # noqa: F401
        from .family_link import came_from_a_family

        media_cache.withdrawable.append(came_from_a_family)
        media_cache.joined.append("from_attachment")
