"""The family's private link, from the moderators' side: who asked for deletion, and a new
link when the family lost theirs (or it reached someone it should not have)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people.models import Attachment, Testimony, TestimonyNote, TestimonyStatusChange
from people.services import testimony_renew_family_link

# What only the family and the publication procedure change (people/services.py): bringing
# back an earlier version keeps their present values. Otherwise a version from before a
# withdrawal would bring back the consent, and the next "publish" the story.
KEPT_ON_BRING_BACK = {
    Testimony: (
        "status",
        "consent_processing",
        "consent_publish_story",
        "consent_show_name",
        "story_published_at",
        "story_withdrawn_at",
        "deletion_requested_at",
        "family_key",
    ),
    # The photo published from it was deleted when the story was withdrawn.
    Attachment: ("published_media",),
    # The moderators' notes and the status changes are the testimony's log: a bring-back
    # neither removes the later ones nor rewrites the earlier.
    TestimonyNote: (),
    TestimonyStatusChange: (),
}


def withdrawn_by_the_family(testimony):
    return testimony.deletion_requested_at is not None or (
        testimony.story_withdrawn_at is not None and not testimony.consent_publish_story
    )


class FamilyLinkAdminMixin:
    def kept_on_bring_back(self):
        return {**super().kept_on_bring_back(), **KEPT_ON_BRING_BACK}

    def bring_back_refusal(self, request, version):
        present = Testimony.objects.filter(pk=version.object_id).first()
        if present is not None and withdrawn_by_the_family(present):
            return gettext(
                "The family has withdrawn their consent or asked for deletion: an earlier "
                "version of their testimony cannot be brought back."
            )
        return super().bring_back_refusal(request, version)

    def get_urls(self):
        return [
            path(
                "<int:testimony_id>/family-link/",
                self.admin_site.admin_view(self.renew_family_link_view),
                name="people_testimony_renew_family_link",
            ),
            *super().get_urls(),
        ]

    @admin.display(
        boolean=True, description=_("deletion requested"), ordering="deletion_requested_at"
    )
    def deletion_requested(self, testimony):
        return testimony.deletion_requested_at is not None

    @admin.display(description=_("the family's private link"))
    def family_link_tools(self, testimony):
        url = reverse("admin:people_testimony_renew_family_link", args=[testimony.pk])
        return format_html(
            '{} <a class="button" href="{}">{}</a>',
            gettext("The family received it with their receipt; it is not kept anywhere."),
            url,
            gettext("Renew the link"),
        )

    def renew_family_link_view(self, request, testimony_id):
        """GET asks; POST renews and shows the new link, this once."""
        testimony = get_object_or_404(Testimony, pk=testimony_id)
        if not self.has_change_permission(request, testimony):
            raise PermissionDenied
        link = None
        if request.method == "POST":
            link = testimony_renew_family_link(
                testimony=testimony,
                moderator=request.user,
                site_url=request.build_absolute_uri("/").rstrip("/"),
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("The family's private link to %(reference)s")
            % {"reference": testimony.reference},
            "opts": self.model._meta,
            "testimony": testimony,
            "link": link,
        }
        response = TemplateResponse(
            request, "admin/people/testimony/renew_family_link.html", context
        )
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "strict-origin"
        return response
