"""The families' testimony form: simple to fill in, and nothing typed is ever lost."""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from camps.models import Camp
from deportations.models import Deportation

from .models import SUBMITTED_FIELDS, PendingUpload, Person, Testimony
from .uploads import clean_upload

FORM_SALT = "people.testimony-form"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,image/tiff,application/pdf"}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # Each file is checked one by one in the form, so that good files are kept
        # and every bad one is named.
        if isinstance(data, list | tuple):
            return [file for file in data if file]
        return [data] if data else []


def limits_text():
    return _(
        "Photos and document scans: JPEG, PNG, WebP, TIFF or PDF; up to %(count)s files, "
        "%(file)s each and %(total)s together."
    ) % {
        "count": settings.TESTIMONY_MAX_FILES,
        "file": filesizeformat(settings.TESTIMONY_MAX_FILE_BYTES),
        "total": filesizeformat(settings.TESTIMONY_MAX_TOTAL_BYTES),
    }


UPLOAD_TOKEN = re.compile(r"[0-9a-f]{32}")  # as new_upload_token() makes them


class TestimonyForm(forms.ModelForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.published(), required=False, widget=forms.HiddenInput
    )
    camp = forms.ModelChoiceField(
        label=_("Camp, if it is in the list"),
        queryset=Camp.objects.published(),
        required=False,
        empty_label=_("not known or not in the list"),
    )
    deportation = forms.ModelChoiceField(
        label=_("Deportation, if it is in the list"),
        queryset=Deportation.objects.published(),
        required=False,
        empty_label=_("not known or not in the list"),
    )
    attachments = MultipleFileField(label=_("Photos and documents"), required=False)
    keep_files = forms.MultipleChoiceField(
        label=_("Files already attached"), required=False, widget=forms.CheckboxSelectMultiple
    )
    consent_processing = forms.BooleanField(
        label=Testimony._meta.get_field("consent_processing").verbose_name,
        error_messages={
            "required": _(
                "We can keep your testimony only with your consent. Please tick this box."
            )
        },
    )
    # A field people never see: bots that fill every field fill this one too.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    upload_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Testimony
        fields = ["person", *SUBMITTED_FIELDS]
        widgets = {
            "arrest_text": forms.Textarea(attrs={"rows": 3}),
            "camp_text": forms.Textarea(attrs={"rows": 3}),
            "deportation_text": forms.Textarea(attrs={"rows": 3}),
            "fate_text": forms.Textarea(attrs={"rows": 3}),
            "story": forms.Textarea(attrs={"rows": 10}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "submitter_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clean_files = []
        self.file_errors = []
        self.fields["attachments"].help_text = limits_text()
        token = self.data.get("upload_token") if self.is_bound else None
        # A token is ours only if it has the form we give them; anything else (a NUL byte,
        # which PostgreSQL refuses, or an overlong string) is no token at all.
        self.upload_token = token if token and UPLOAD_TOKEN.fullmatch(token) else None
        self.pending = (
            list(PendingUpload.objects.filter(token=self.upload_token)) if self.upload_token else []
        )
        self.fields["keep_files"].choices = [
            (str(item.pk), f"{item.original_name} ({filesizeformat(item.size)})")
            for item in self.pending
        ]
        if not self.is_bound:
            self.initial.setdefault("keep_files", [])
        self.fields["started"].initial = signing.dumps(time.time(), salt=FORM_SALT)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("Please leave this field empty."), code="honeypot")
        return ""

    def clean_started(self):
        try:
            started = signing.loads(self.cleaned_data["started"], salt=FORM_SALT, max_age=86400)
        except signing.BadSignature:
            started = None
        if started is None or time.time() - float(started) < settings.TESTIMONY_MIN_SECONDS:
            raise ValidationError(
                _(
                    "The form was sent very quickly. Please check what you wrote, "
                    "then send it again."
                ),
                code="too_fast",
            )
        return started

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone"):
            self.add_error(
                "email", _("Please give an email address or a phone number, so we can reply.")
            )
        self._clean_attachments()
        return cleaned

    def kept_pending(self):
        chosen = set(self.data.getlist("keep_files")) if self.is_bound else set()
        return [item for item in self.pending if str(item.pk) in chosen]

    def _clean_attachments(self):
        uploads = self.files.getlist("attachments") if self.files else []
        kept = self.kept_pending()
        limit = settings.TESTIMONY_MAX_FILES
        if len(uploads) + len(kept) > limit:
            self.add_error(
                "attachments",
                ngettext(
                    "You chose %(count)d files; at most %(limit)d can be sent.",
                    "You chose %(count)d files; at most %(limit)d can be sent.",
                    len(uploads) + len(kept),
                )
                % {"count": len(uploads) + len(kept), "limit": limit},
            )
            return
        for upload in uploads:
            try:
                self.clean_files.append(clean_upload(upload))
            except ValidationError as error:
                self.file_errors.append(upload.name)
                self.add_error("attachments", error)
        total = sum(item.size for item in self.clean_files) + sum(item.size for item in kept)
        if total > settings.TESTIMONY_MAX_TOTAL_BYTES:
            self.add_error(
                "attachments",
                _("The files together are %(size)s; at most %(limit)s can be sent at once.")
                % {
                    "size": filesizeformat(total),
                    "limit": filesizeformat(settings.TESTIMONY_MAX_TOTAL_BYTES),
                },
            )

    def keep_passed_files(self, pending_uploads):
        """After an error: the files that passed are kept and shown ticked, so the family
        only chooses again the ones the form names as refused."""
        if not pending_uploads:
            return
        data = self.data.copy()
        data["upload_token"] = pending_uploads[0].token
        data.setlist(
            "keep_files",
            [*data.getlist("keep_files"), *(str(item.pk) for item in pending_uploads)],
        )
        self.data = data
        self.pending = [*self.pending, *pending_uploads]
        self.fields["keep_files"].choices = [
            (str(item.pk), f"{item.original_name} ({filesizeformat(item.size)})")
            for item in self.pending
        ]
