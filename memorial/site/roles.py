"""The staff roles, created as groups after every `migrate`.

Permissions are added, never removed, so a site that widened a group keeps its choice.
(So a site set up when Archivists were given families' testimony still gives it them until
an administrator takes it away: docs/staff-sign-in.md.)
"""

from django.apps import apps as global_apps
from django.db.models import Q

from memorial.base.roles import ARCHIVIST, EDITOR, MODERATOR, VIEWER

# Archivists enter, correct and publish the records, and import lists. Families' testimony
# and its files are the moderators' (README, "Roles"): they hold the families' contact
# details, so archivists are not given them.
ARCHIVIST_APPS = ["people", "camps", "deportations", "memorial"]
TESTIMONY_MODELS = [
    "testimony",
    "attachment",
    "pendingupload",
    "testimonynote",
    "testimonystatuschange",
]
# Moderators review what families send in; they read the records to link a testimony
# to the right person, and link that person to the relatives the family names, but do
# not change the records.
MODERATOR_VIEW_APPS = ["people", "camps", "deportations"]
MODERATOR_TESTIMONY_PERMISSIONS = [
    "view_testimony",
    "change_testimony",
    "view_attachment",
    "add_testimonynote",
    "view_testimonynote",
    "view_testimonystatuschange",
    # To link the person a testimony is about to relatives the family names.
    "add_relationship",
]


# Viewers read the records in the admin and change nothing. Families' testimony and uploaded
# lists hold private data: they stay with the moderators and archivists.
VIEWER_APPS = [*ARCHIVIST_APPS, "pages"]
PRIVATE_MODELS = [
    *TESTIMONY_MODELS,
    "importjob",
    "importbatch",
    "importedupdate",
]
# Editors write the site's pages and stories (the pages app), choose what the home page
# features, and add the images stories show; they read the records their stories feature,
# like viewers.
EDITOR_MODELS = ["mediaitem"]
# Before the editors' models moved to the pages app they were memorial's: while a database
# is migrated back that far, they stay out of the archivists' rights all the same.
CONTENT_MODELS_BEFORE_PAGES = ["page", "story", "homepage"]


def ensure_role_groups(sender=None, apps=global_apps, using="default", **kwargs):
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    archivist, _ = Group.objects.using(using).get_or_create(name=ARCHIVIST)
    archivist.permissions.add(
        *Permission.objects.using(using)
        .filter(content_type__app_label__in=ARCHIVIST_APPS)
        .exclude(
            content_type__app_label="memorial",
            content_type__model__in=CONTENT_MODELS_BEFORE_PAGES,
        )
        .exclude(content_type__app_label="people", content_type__model__in=TESTIMONY_MODELS)
    )
    moderator, _ = Group.objects.using(using).get_or_create(name=MODERATOR)
    moderator.permissions.add(
        *Permission.objects.using(using).filter(
            Q(content_type__app_label__in=MODERATOR_VIEW_APPS, codename__startswith="view_")
            | Q(content_type__app_label="people", codename__in=MODERATOR_TESTIMONY_PERMISSIONS)
        )
    )
    readable = (
        Permission.objects.using(using)
        .filter(content_type__app_label__in=VIEWER_APPS, codename__startswith="view_")
        .exclude(content_type__model__in=PRIVATE_MODELS)
    )
    for name in (VIEWER, EDITOR):
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*readable)
    editor = Group.objects.using(using).get(name=EDITOR)
    editor.permissions.add(
        *Permission.objects.using(using).filter(
            Q(content_type__app_label="pages")
            | Q(content_type__app_label="memorial", content_type__model__in=EDITOR_MODELS)
        )
    )
