"""The archivists' page of likely duplicate people, and the merge that joins two records."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from people.merging import likely_duplicates, people_merge
from people.models import Person, Relationship

PER_PAGE = 50


class DuplicatesAdminMixin:
    """Adds /admin/people/person/duplicates/ and .../merge/<keep>/<remove>/ to PersonAdmin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("duplicates/", view(self.duplicates_view), name="people_person_duplicates"),
            path(
                "merge/<int:keep>/<int:remove>/", view(self.merge_view), name="people_person_merge"
            ),
            *super().get_urls(),
        ]

    def can_merge(self, request):
        return self.has_change_permission(request) and self.has_delete_permission(request)

    def _check_merge_permission(self, request):
        if not self.can_merge(request):
            raise PermissionDenied

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_merge": self.can_merge(request)}
        return super().changelist_view(request, extra_context)

    def duplicates_view(self, request):
        self._check_merge_permission(request)
        try:
            page = max(int(request.GET.get("page", 1)), 1)
        except ValueError:
            page = 1
        groups = likely_duplicates(limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Likely duplicate people"),
            "opts": self.model._meta,
            "groups": groups,
            "page": page,
            "next_page": page + 1 if len(groups) == PER_PAGE else None,
        }
        return TemplateResponse(request, "admin/people/person/duplicates.html", context)

    def merge_view(self, request, keep, remove):
        self._check_merge_permission(request)
        survivor = get_object_or_404(Person, pk=keep)
        duplicate = get_object_or_404(Person, pk=remove)
        if survivor.pk == duplicate.pk:
            messages.error(request, _("A record cannot be merged into itself."))
            return redirect("admin:people_person_duplicates")
        if request.method == "POST":
            people_merge(keep=survivor, remove=duplicate, user=request.user)
            messages.success(
                request,
                _("%(removed)s was merged into %(kept)s; nothing was lost.")
                % {"removed": duplicate.full_name, "kept": survivor.full_name},
            )
            return redirect(reverse("admin:people_person_change", args=[survivor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge two records of one person"),
            "opts": self.model._meta,
            "keep": survivor,
            "remove": duplicate,
            "counts": [
                (
                    _("name variants"),
                    survivor.name_variants.count(),
                    duplicate.name_variants.count(),
                ),
                (
                    _("relatives"),
                    Relationship.objects.of(survivor).count(),
                    Relationship.objects.of(duplicate).count(),
                ),
                (_("arrests and sentences"), survivor.cases.count(), duplicate.cases.count()),
                (
                    _("imprisonments"),
                    survivor.imprisonments.count(),
                    duplicate.imprisonments.count(),
                ),
                (
                    _("deportation records"),
                    survivor.deportation_records.count(),
                    duplicate.deportation_records.count(),
                ),
                (_("sources cited"), survivor.citations.count(), duplicate.citations.count()),
                (_("photos and documents"), survivor.media.count(), duplicate.media.count()),
                (_("testimonies"), survivor.testimonies.count(), duplicate.testimonies.count()),
            ],
        }
        return TemplateResponse(request, "admin/people/person/merge.html", context)
