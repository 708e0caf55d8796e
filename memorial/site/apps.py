from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """What spans all records: the home page, site search, sitemaps, the demo, the archive."""

    default = True
    name = "memorial.site"
    label = "site"
    verbose_name = _("The portal")

    def ready(self):
        from .roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, dispatch_uid="memorial.ensure_role_groups")


class MemorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the portal's own site (memorial/site/admin.py)."""

    default = False
    default_site = "memorial.site.admin.MemorialAdminSite"

    def ready(self):
        super().ready()
        from django.contrib import admin

        from .admin import register_library_admins

        register_library_admins(admin.site)
