"""Importing a list from the admin: upload it, check which column is which, check the rows
(nothing written), import; the page follows the import's progress and shows its report."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from memorial.base.admin_classes import TitledModelAdmin
from people.importing import FIELDS, TableError, guess_columns, read_headers
from people.importing.jobs import ALREADY_STARTED, ImportQueue, JobAlreadyStarted
from people.importing.reading import holds_entries
from people.importing.rollback import RollbackRefused, import_batch_roll_back, rollback_stopped
from people.importing.rows import RowChecker
from people.importing.stored_files import readable_path
from people.importing.tasks import start_import_job, start_roll_back
from people.models import ColumnMapping, ImportBatch, ImportJob, Person

UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


def describe_state(job, status):
    """The state as the archivist should read it: a job whose worker stopped is failed,
    and a waiting one says how many imports are ahead of it."""
    if status.stopped:
        return gettext("failed: the worker stopped; run it again")
    if status.progress.get("waiting_for_list"):
        return gettext("waiting for another import or rollback of this list")
    if job.state == ImportJob.State.QUEUED and status.ahead:
        return ngettext(
            "waiting: %(count)s import ahead", "waiting: %(count)s imports ahead", status.ahead
        ) % {"count": status.ahead}
    if job.state == ImportJob.State.QUEUED:
        return gettext("waiting for a worker to start it")
    return job.get_state_display()


class UploadForm(forms.ModelForm):
    class Meta:
        model = ImportJob
        fields = ["file", "source", "publish", "skip_bad_rows"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(
                _(
                    "Upload a CSV file, an Excel workbook (.xlsx) or a text file of entries "
                    "(.txt); this is “%(name)s”."
                ),
                params={"name": upload.name},
            )
        return upload


class ColumnsForm(forms.Form):
    """One choice of column per field the list can fill, guessed from the headers."""

    save_as = forms.CharField(
        label=_("Save these columns as"),
        required=False,
        max_length=120,
        help_text=_("A name, to choose the same columns for the next list of this shape."),
    )
    publish = ImportJob._meta.get_field("publish").formfield()
    skip_bad_rows = ImportJob._meta.get_field("skip_bad_rows").formfield()

    def __init__(self, *args, headers, entries=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        # A text file of entries fills its fields from the entries' words: no columns.
        self.entries = entries
        if entries:
            del self.fields["save_as"]
            return
        choices = [("", _("— not imported —"))] + [(header, header) for header in headers]
        columns = {
            f"column_{field.name}": forms.ChoiceField(
                label=field.label, choices=choices, required=False
            )
            for field in FIELDS
        }
        self.fields = {**columns, **self.fields}

    def columns(self):
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_") and value
        }

    def clean(self):
        cleaned = super().clean()
        if self.entries:
            return cleaned
        columns = self.columns()
        try:
            RowChecker(self.headers, columns)  # what the import itself will ask of them
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        seen = {}
        for field, header in columns.items():
            if header in seen:
                self.add_error(
                    f"column_{field}",
                    _("The column “%(header)s” is already chosen for “%(other)s”.")
                    % {"header": header, "other": self.fields[f"column_{seen[header]}"].label},
                )
            seen.setdefault(header, field)
        return cleaned


@admin.register(ColumnMapping)
class ColumnMappingAdmin(TitledModelAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "column mapping")
    list_display = ["name", "updated_at"]
    search_fields = ["name"]


@admin.register(ImportJob)
class ImportJobAdmin(TitledModelAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "list import")
    form = UploadForm
    list_display = [
        "original_name",
        "source",
        "shown_state",
        "rows_read",
        "rows_bad",
        "people_created",
        "people_updated",
        "created_by",
        "created_at",
    ]
    list_select_related = ["source", "created_by"]
    list_filter = ["state"]
    autocomplete_fields = ["source"]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # One look at the queue for the whole page, not one per import.
        queue = ImportQueue.load()
        for job in changelist.result_list:
            job.status = queue.status(job)
        return changelist

    @admin.display(description=_("state"), ordering="state")
    def shown_state(self, job):
        return describe_state(job, job.status)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:job_id>/report/",
                view(self.report_view),
                name="people_importjob_report",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.original_name = form.cleaned_data["file"].name[:255]
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:people_importjob_change", obj.pk)

    def has_change_permission(self, request, obj=None):
        # A job is never edited as a form: its page chooses the columns and runs it.
        return self.has_add_permission(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = get_object_or_404(ImportJob.objects.select_related("source"), pk=object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        status = ImportQueue.load().status(job)
        can_run = self.has_add_permission(request) and not status.active
        try:
            # A list in an object store is copied here for a moment: the reader takes a path.
            with readable_path(job.file) as local:
                headers, entries = read_headers(local), holds_entries(local)
        except (TableError, OSError) as error:
            headers, entries, job.message = [], False, str(error)
        if request.method == "POST" and self.has_add_permission(request) and status.active:
            messages.error(request, str(ALREADY_STARTED))  # a second click
            return redirect("admin:people_importjob_change", job.pk)
        form = None
        if can_run and headers:
            form = self.columns_form(request, job, headers, entries)
            if request.method == "POST" and form.is_valid():
                return self.start(request, job, form)
        context = {
            **self.admin_site.each_context(request),
            "title": job.original_name,
            "opts": self.model._meta,
            "job": job,
            "status": status,
            "shown_state": describe_state(job, status),
            "stale_seconds": settings.IMPORT_JOB_STALE_SECONDS,
            "jobs_at_once": settings.IMPORT_JOBS_AT_ONCE,
            "form": form,
            "mappings": ColumnMapping.objects.all(),
            "progress": status.progress,
            "percent": round(100 * status.progress.get("progress", 0)),
            "has_report": bool(job.report),
        }
        return TemplateResponse(request, "admin/people/importjob/job.html", context)

    def columns_form(self, request, job, headers, entries):
        if request.method == "POST":
            return ColumnsForm(request.POST, headers=headers, entries=entries)
        columns = job.columns or guess_columns(headers)
        mapping = request.GET.get("mapping", "")
        if mapping.isascii() and mapping.isdigit() and len(mapping) < 10:
            saved = ColumnMapping.objects.filter(pk=mapping).first()
            if saved:
                columns = {field: header for field, header in saved.columns.items()
                           if header in headers}  # fmt: skip
        initial = {f"column_{field}": header for field, header in columns.items()}
        initial.update(publish=job.publish, skip_bad_rows=job.skip_bad_rows)
        return ColumnsForm(initial=initial, headers=headers, entries=entries)

    def start(self, request, job, form):
        job.columns = form.columns()
        job.publish = form.cleaned_data["publish"]
        job.skip_bad_rows = form.cleaned_data["skip_bad_rows"]
        job.dry_run = "import" not in request.POST
        job.language = translation.get_language() or ""
        if form.cleaned_data.get("save_as"):
            ColumnMapping.objects.update_or_create(
                name=form.cleaned_data["save_as"], defaults={"columns": job.columns}
            )
        try:
            start_import_job(job)
        except JobAlreadyStarted as refusal:
            messages.error(request, str(refusal))
            return redirect("admin:people_importjob_change", job.pk)
        if job.dry_run:
            messages.info(request, gettext("Checking the list; nothing is written."))
        else:
            messages.info(request, gettext("Importing the list."))
        return redirect("admin:people_importjob_change", job.pk)

    def report_view(self, request, job_id):
        job = get_object_or_404(ImportJob, pk=job_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        if not job.report:
            raise Http404
        return FileResponse(
            job.report.open("rb"),
            as_attachment=True,
            filename=f"{job.original_name.rsplit('.', 1)[0]}-bad-rows.csv",
            content_type="text/csv",
        )


@admin.register(ImportBatch)
class ImportBatchAdmin(TitledModelAdmin):
    """Every import that wrote to the records; the latest of a list can be rolled back."""

    verbose_name_accusative = pgettext_lazy("accusative", "import batch")

    list_display = [
        "file_name",
        "source",
        "imported_at",
        "imported_by",
        "rows",
        "people_created",
        "people_updated",
        "rolled_back_at",
        "people_kept",
    ]
    list_select_related = ["source", "imported_by"]
    list_filter = [("rolled_back_at", admin.EmptyFieldListFilter)]
    search_fields = ["file_name", "source__title"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields]
    change_form_template = "admin/people/importbatch/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # The record of what was imported stays, rolled back or not.
        return False

    def get_urls(self):
        return [
            path(
                "<int:batch_id>/roll-back/",
                self.admin_site.admin_view(self.roll_back_view),
                name="people_importbatch_roll_back",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        stopped = batch is not None and rollback_stopped(batch)
        extra_context = {**(extra_context or {}), "rollback_stopped": stopped}
        return super().change_view(request, object_id, form_url, extra_context)

    def roll_back(self, request, batch):
        try:
            result = start_roll_back(batch=batch, user=request.user)
        except RollbackRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect("admin:people_importbatch_change", batch.pk)
        if result is None:
            message = gettext(
                "The rollback has started in the background: about two minutes for a "
                "million people. This page shows when it is done."
            )
            self.message_user(request, message, messages.INFO)
        else:
            message = gettext(
                "Rolled back: %(removed)s people removed, %(restored)s restored, "
                "%(kept)s changed since and kept."
            ) % {
                "removed": result.removed,
                "restored": result.restored,
                "kept": len(result.kept),
            }
            self.message_user(request, message, messages.SUCCESS)
        return redirect("admin:people_importbatch_change", batch.pk)

    def roll_back_view(self, request, batch_id):
        batch = get_object_or_404(ImportBatch.objects.select_related("source"), pk=batch_id)
        if not request.user.has_perm("people.change_importbatch"):
            raise PermissionDenied
        if request.method == "POST":
            return self.roll_back(request, batch)
        try:
            # The confirmation page shows what a rollback would do, counted without writing.
            preview = import_batch_roll_back(batch=batch, user=request.user, dry_run=True)
        except RollbackRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect("admin:people_importbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "batch": batch,
            "preview": preview,
            "kept_people": Person.objects.filter(pk__in=preview.kept[:200]).only(
                "surname", "given_name", "patronymic"
            ),
            "title": gettext("Roll back the import of %(file)s") % {"file": batch.file_name},
        }
        return TemplateResponse(request, "admin/people/importbatch/roll_back.html", context)
