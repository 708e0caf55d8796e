from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")
    shown_on_public_pages = True
    # Search keys and unfinished uploads: written often, shown on no page themselves.
    never_on_public_pages = {"namekey", "surnamestem", "givenname", "pendingupload", "importjob"}

    def ready(self):
        from . import signals  # noqa: F401
