from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """The records for programs: the API, OAI-PMH, the bulk downloads and citations."""

    name = "memorial.opendata"
    label = "opendata"
    verbose_name = _("Open data")
