from django.apps import AppConfig
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
)
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    """The base every record app stands on: sources, media, regions, history, the cache.

    Its label stays "memorial", the app it was before it moved here, so that its tables,
    migrations, content types and permissions are the ones a running site already has."""

    name = "memorial.base"
    label = "memorial"
    verbose_name = _("Sources and media")
    shown_on_public_pages = True

    def ready(self):
        from . import lookups  # noqa: F401  (registers field__any)
        from .history import snapshot_before_delete
        from .page_cache import forget_pages

        for name, signal in (("save", post_save), ("del", post_delete), ("m2m", m2m_changed)):
            signal.connect(forget_pages, dispatch_uid=f"memorial.forget_pages.{name}")
        pre_delete.connect(snapshot_before_delete, dispatch_uid="memorial.snapshot_before_delete")
