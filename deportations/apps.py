from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeportationsConfig(AppConfig):
    name = "deportations"
    verbose_name = _("Deportations")
    shown_on_public_pages = True
