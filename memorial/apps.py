from django.apps import AppConfig
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
)
from django.utils.translation import gettext_lazy as _


class MemorialConfig(AppConfig):
    name = "memorial"
    verbose_name = _("Sources and media")

    def ready(self):
        from .content import SCHEDULED_MODELS
        from .history import snapshot_before_delete
        from .page_cache import forget_pages, remember_next_publication
        from .roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, dispatch_uid="memorial.ensure_role_groups")
        for name, signal in (("save", post_save), ("del", post_delete), ("m2m", m2m_changed)):
            signal.connect(forget_pages, dispatch_uid=f"memorial.forget_pages.{name}")
        for model in SCHEDULED_MODELS:
            for signal in (post_save, post_delete):
                signal.connect(remember_next_publication, sender=model)
        pre_delete.connect(snapshot_before_delete, dispatch_uid="memorial.snapshot_before_delete")
