from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """The records counted as charts: people, their cases, camps and deportations at once."""

    name = "memorial.statistics"
    label = "statistics"
    verbose_name = _("Statistics")
