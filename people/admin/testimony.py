"""The moderators' queue of testimonies."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from memorial.base.admin_classes import HistoryAdmin
from people.models import (
    SUBMITTED_FIELDS,
    Attachment,
    Person,
    Testimony,
    TestimonyNote,
    TestimonyStatus,
    TestimonyStatusChange,
)
from people.search import find_people
from people.services import (
    PublicationRefused,
    person_create_from_testimony,
    testimony_publish,
    testimony_set_status,
    testimony_withdraw,
)

from .family_link import FamilyLinkAdminMixin
from .relatives import RelativeLinkMixin


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ["open_link", "kind", "size", "publish", "published_media"]
    readonly_fields = ["open_link", "kind", "size", "published_media"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def open_link(self, attachment):
        url = reverse(
            "admin:people_testimony_attachment", args=[attachment.testimony_id, attachment.pk]
        )
        return format_html('<a href="{}" target="_blank">{}</a>', url, attachment.original_name)


class NoteInline(admin.StackedInline):
    model = TestimonyNote
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False  # notes are added, never rewritten


class StatusChangeInline(admin.TabularInline):
    model = TestimonyStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "old_status", "new_status", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Testimony)
class TestimonyAdmin(FamilyLinkAdminMixin, RelativeLinkMixin, HistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "testimony")
    list_display = [
        "reference",
        "status",
        "subject_names",
        "person",
        "assignee",
        "submitted_at",
        "consent_publish_story",
        "is_public",
        "deletion_requested",
    ]
    list_filter = [
        "status",
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "consent_publish_story",
        ("deletion_requested_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["person", "assignee"]
    search_fields = ["reference", "subject_names", "submitter_name", "email", "story"]
    autocomplete_fields = ["person"]
    inlines = [AttachmentInline, NoteInline, StatusChangeInline]
    readonly_fields = [
        "reference",
        "submitted_at",
        "language",
        "likely_matches",
        "relatives_on_portal",
        "story_published_at",
        "story_withdrawn_at",
        "deletion_requested_at",
        "family_link_tools",
        "subject_born",
        *SUBMITTED_FIELDS,
    ]
    fieldsets = [
        (None, {"fields": [("reference", "submitted_at", "language"), ("status", "assignee")]}),
        (
            _("The person"),
            {
                "fields": [
                    "person",
                    "relatives_on_portal",
                    "likely_matches",
                    "subject_names",
                    "subject_born",
                    "subject_birthplace",
                ]
            },
        ),
        (
            _("What the family knows"),
            {
                "fields": [
                    "arrest_text",
                    "camp_text",
                    "camp",
                    "deportation_text",
                    "deportation",
                    "fate_text",
                    "story",
                ]
            },
        ),
        (
            _("Submitter (private)"),
            {"fields": ["submitter_name", "relation", "email", "phone", "country"]},
        ),
        (
            _("Consent and publication"),
            {
                "fields": [
                    "consent_processing",
                    "consent_publish_story",
                    "consent_show_name",
                    "story_published_at",
                    "story_withdrawn_at",
                    "deletion_requested_at",
                    "family_link_tools",
                ]
            },
        ),
    ]
    actions = ["publish_story", "withdraw_story", "mark_spam", "create_draft_person"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # testimonies arrive through the public form

    def reversion_register(self, model, **options):
        if model is Testimony:
            # The private link's secret stays out of the history: renewing it must end it.
            options["exclude"] = (*options.get("exclude", ()), "family_key")
        super().reversion_register(model, **options)

    @admin.display(boolean=True, description=_("on the biography"))
    def is_public(self, testimony):
        return testimony.story_is_public

    @admin.display(description=Testimony._meta.get_field("subject_birth_date").verbose_name)
    def subject_born(self, testimony):
        """As a reader says it ("c. 1895"), not as it is stored ("1895~")."""
        born = testimony.subject_birth_date
        return born.display() if born else None

    @admin.display(description=_("likely matches in the portal"))
    def likely_matches(self, testimony):
        candidates = Person.objects.all()
        born = testimony.subject_birth_date
        if born:
            # A family's "about 1895" or "the 1890s" is a span; a few years either side
            # allows for records that differ from what the family remembers.
            candidates = candidates.filter(
                Q(birth_date__isnull=True)
                | Q(birth_date__year_from=born.year - 3, birth_date__year_to=born.latest_year + 3)
            )
        # Each form the family wrote ("Байтұрсынұлы Ахмет / Baitursynov") on its own.
        found = []
        for form in testimony.subject_names.split("/"):
            found += [pk for pk in find_people(candidates, form, limit=10) if pk not in found]
        people = Person.objects.in_bulk(found[:10])
        candidates = [people[pk] for pk in found[:10]]
        if not candidates:
            return _("No likely match: create a draft person with the action below.")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:people_person_change", args=[person.pk]),
                    person.full_name,
                    person.birth_date.display() if person.birth_date else "?",
                )
                for person in candidates
            ),
        )

    def save_model(self, request, obj, form, change):
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
            testimony_set_status(testimony=obj, status=new_status, moderator=request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, TestimonyNote) and instance.author_id is None:
                instance.author = request.user
            instance.save()
        formset.save_m2m()

    def get_urls(self):
        return [
            path(
                "<int:testimony_id>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="people_testimony_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, testimony_id, attachment_id):
        """Families' files, for moderators only, and never cached on the way.

        Served sandboxed (a file that is not what it claims runs no script with the admin's
        session) and never sniffed. Photos open in the browser; PDFs download under their
        name, to be read in a PDF reader, because browsers' own PDF viewers show nothing in a
        sandboxed response.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = get_object_or_404(Attachment, pk=attachment_id, testimony_id=testimony_id)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        # The family's name for it, with the extension of what is stored (a TIFF became PNG);
        # Django writes a non-ASCII name as RFC 5987 filename*=utf-8''...
        stem = attachment.original_name.rsplit(".", 1)[0]
        stem = "".join(char for char in stem if char.isprintable()).strip() or "file"
        extension = attachment.file.name.rsplit(".", 1)[-1]
        response = FileResponse(
            handle,
            content_type=attachment.content_type,
            as_attachment=attachment.kind == Attachment.Kind.PDF,
            filename=f"{stem}.{extension}",
        )
        # Set here, the site's policy is not added: the CSP middleware keeps a header a view set.
        response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        add_never_cache_headers(response)
        return response

    @admin.action(
        description=_("Publish the story and photos on the biography"), permissions=["change"]
    )
    def publish_story(self, request, queryset):
        published = 0
        for testimony in queryset:
            try:
                testimony_publish(testimony=testimony, moderator=request.user)
                published += 1
            except PublicationRefused as refusal:
                self.message_user(request, f"{testimony.reference}: {refusal}", messages.ERROR)
        if published:
            self.message_user(
                request,
                ngettext("%(count)d story published.", "%(count)d stories published.", published)
                % {"count": published},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Withdraw the story and photos (the family asked)"), permissions=["change"]
    )
    def withdraw_story(self, request, queryset):
        count = 0
        for testimony in queryset.filter(
            story_published_at__isnull=False, story_withdrawn_at__isnull=True
        ):
            testimony_withdraw(testimony=testimony, moderator=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d story withdrawn from the public pages.",
                "%(count)d stories withdrawn from the public pages.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        for testimony in queryset:
            testimony_set_status(
                testimony=testimony, status=TestimonyStatus.SPAM, moderator=request.user
            )

    @admin.action(description=_("Create a draft person from the testimony"), permissions=["change"])
    def create_draft_person(self, request, queryset):
        for testimony in queryset.filter(person__isnull=True):
            person = person_create_from_testimony(testimony=testimony, moderator=request.user)
            self.message_user(
                request,
                format_html(
                    '{}: <a href="{}">{}</a>',
                    testimony.reference,
                    reverse("admin:people_person_change", args=[person.pk]),
                    person.full_name,
                ),
                messages.SUCCESS,
            )
