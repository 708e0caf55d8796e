"""Moderators link the person a testimony is about to relatives already on the portal, as
the family's letter names them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people.kinship import relative_word
from people.models import Person, Relationship, Role, Testimony
from people.models.family import FamilyMember
from people.services import relationship_link

ROLE_CHOICES = [
    (Role.SPOUSE, _("husband or wife")),
    (Role.PARENT, _("father or mother")),
    (Role.CHILD, _("son or daughter")),
    (Role.SIBLING, _("brother or sister")),
    (Role.OTHER, _("other (say it in words below)")),
]


class RelativeLinkForm(forms.Form):
    relative = forms.ModelChoiceField(
        label=_("relative on the portal"),
        queryset=Person.objects.all(),
        help_text=_("Find them by name; drafts are listed too."),
    )
    role = forms.ChoiceField(label=_("the relative is this person's"), choices=ROLE_CHOICES)
    relative_is = forms.CharField(
        label=_("the relative is this person's (in words)"),
        max_length=60,
        required=False,
        help_text=_("For “other” only, e.g. uncle"),
    )
    person_is = forms.CharField(
        label=_("this person is the relative's (in words)"),
        max_length=60,
        required=False,
        help_text=_("For “other” only, e.g. nephew"),
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # The portal's person search, as on the person's own form.
        field = self.fields["relative"]
        field.widget = AutocompleteSelect(Relationship._meta.get_field("second"), admin_site)
        field.widget.choices, field.widget.is_required = field.choices, field.required


def relatives_list(person):
    """The person's relatives on the portal, whatever their status, each with its word."""
    members = [
        FamilyMember(person, relationship)
        for relationship in Relationship.objects.of(person).select_related("first", "second")
    ]
    if not members:
        return gettext("none yet")
    return format_html_join(
        ", ",
        '<a href="{}">{}</a> ({})',
        (
            (
                reverse("admin:people_person_change", args=[member.relative.pk]),
                member.relative.full_name,
                relative_word(member),
            )
            for member in sorted(members, key=FamilyMember.sort_key)
        ),
    )


class RelativeLinkMixin:
    """For TestimonyAdmin: .../<id>/relative/ links the testimony's person to a relative."""

    def get_urls(self):
        return [
            path(
                "<int:testimony_id>/relative/",
                self.admin_site.admin_view(self.link_relative_view),
                name="people_testimony_link_relative",
            ),
            *super().get_urls(),
        ]

    def can_link_relatives(self, request, testimony=None):
        return self.has_change_permission(request, testimony) and request.user.has_perm(
            "people.add_relationship"
        )

    @admin.display(description=_("relatives on the portal"))
    def relatives_on_portal(self, testimony):
        if testimony.person_id is None:
            return gettext("Link the testimony to a person first.")
        url = reverse("admin:people_testimony_link_relative", args=[testimony.pk])
        return format_html(
            '{} <a class="button" href="{}">{}</a>',
            relatives_list(testimony.person),
            url,
            gettext("Link a relative"),
        )

    def link_relative_view(self, request, testimony_id):
        testimony = get_object_or_404(Testimony.objects.select_related("person"), pk=testimony_id)
        if not self.can_link_relatives(request, testimony):
            raise PermissionDenied
        back = reverse("admin:people_testimony_change", args=[testimony.pk])
        if testimony.person is None:
            messages.error(request, gettext("Link the testimony to a person first."))
            return redirect(back)
        form = RelativeLinkForm(request.POST or None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid() and self.link(request, testimony, form):
            return redirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Link a relative of %(name)s") % {"name": testimony.person.full_name},
            "opts": self.model._meta,
            "testimony": testimony,
            "person": testimony.person,
            "relatives": relatives_list(testimony.person),
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/people/testimony/link_relative.html", context)

    def link(self, request, testimony, form):
        """True once linked; otherwise the refusal is on the form."""
        data = form.cleaned_data
        try:
            relationship_link(
                person=testimony.person,
                relative=data["relative"],
                role=data["role"],
                person_is=data["person_is"],
                relative_is=data["relative_is"],
                user=request.user,
                note=gettext("Linked as relatives from testimony %(reference)s.")
                % {"reference": testimony.reference},
            )
        except ValidationError as refusal:
            form.add_error(None, refusal.messages)
            return False
        messages.success(
            request,
            gettext("%(relative)s is linked to %(person)s.")
            % {"relative": data["relative"].full_name, "person": testimony.person.full_name},
        )
        return True
