"""Lists of names imported in bulk: which person each source row became, the column
mappings archivists saved, and the imports started from the admin."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .testimony import private_storage


class ImportedRow(models.Model):
    """One row of an imported list and the person it became. Importing the list again finds
    the row by its key and updates the same person, and the arrest whose source is the list,
    instead of adding them again."""

    source = models.ForeignKey(
        "memorial.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="imported_rows",
        db_index=False,  # the unique (source, key) serves
    )
    key = models.CharField(
        _("row key"),
        max_length=200,
        help_text=_("The list's own record number (“id:1234”), or a digest of the name and birth"),
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="imported_rows",
    )
    row_number = models.PositiveIntegerField(_("row in the file"))
    locator = models.CharField(
        _("where in the source"),
        max_length=120,
        blank=True,
        help_text=_("The row's own reference, e.g. f. 5, op. 1, d. 234, or its row number"),
    )
    imported_at = models.DateTimeField(_("last imported"))
    # A text entry (text_entries.py) is kept whole, as the source's own words about the
    # person, and what of it no field holds apart, for an archivist to place.
    excerpt = models.TextField(
        _("the entry as written"),
        blank=True,
        help_text=_("A Book of Memory's entry for the person, whole, as the text file has it"),
    )
    words_kept = models.TextField(
        _("kept in words"),
        blank=True,
        help_text=_("What of the entry no field holds, or the import could not place"),
    )
    batch = models.ForeignKey(
        "people.ImportBatch",
        verbose_name=_("first imported in"),
        null=True,
        blank=True,
        # Written for every row of a million-row list: neither an index nor a per-row
        # constraint check. Batches are never deleted; a rollback reads this column once.
        db_index=False,
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )

    class Meta:
        ordering = ["source_id", "row_number"]
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="imported_row_key_unique")
        ]

    def __str__(self):
        return f"{self.source} · {self.key}"

    # A biography lists these among its sources, like citations (includes/sources.html).
    note = ""


class ImportBatch(models.Model):
    """One run of an import that wrote to the records: the people it added, and what the
    people it updated were before, so that the whole run can be rolled back."""

    source = models.ForeignKey(
        "memorial.Source", verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    job = models.ForeignKey(
        "people.ImportJob",
        verbose_name=_("upload"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="batches",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"))
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    people_created = models.PositiveIntegerField(_("people added"), default=0)
    people_updated = models.PositiveIntegerField(_("people updated"), default=0)
    rolled_back_at = models.DateTimeField(_("rolled back"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rolled back by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rollback_running = models.BooleanField(
        _("rollback running"),
        default=False,
        help_text=_("A large rollback runs in the background; this page shows its end."),
    )
    # A background rollback: when it was queued and started, and its task, so that a
    # rollback whose worker stopped can be told from one that waits or runs.
    rollback_queued_at = models.DateTimeField(_("rollback queued"), null=True, blank=True)
    rollback_started_at = models.DateTimeField(_("rollback started"), null=True, blank=True)
    rollback_task_id = models.CharField(_("rollback task"), max_length=64, blank=True)
    rollback_message = models.TextField(_("rollback message"), blank=True)
    people_kept = models.PositiveIntegerField(
        _("people kept at the rollback"),
        default=0,
        help_text=_(
            "Changed by an archivist after the import, so the rollback left them as they are"
        ),
    )

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"{self.file_name} · {self.imported_at:%Y-%m-%d %H:%M}"


class ImportedUpdate(models.Model):
    """A person an import batch updated, as they were before it: restored by a rollback."""

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import batch"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
        # Indexed: deleting a person checks this table, and it holds a row for each
        # person a re-import updated.
    )
    person_before = models.JSONField(_("person before"), encoder=DjangoJSONEncoder)
    row_before = models.JSONField(_("imported row before"), encoder=DjangoJSONEncoder)
    case_id = models.BigIntegerField(_("arrest"), null=True, blank=True)
    case_created = models.BooleanField(_("arrest added by the import"), default=False)
    case_before = models.JSONField(
        _("arrest before"), encoder=DjangoJSONEncoder, null=True, blank=True
    )
    articles_added = models.JSONField(_("articles added"), default=list, blank=True)

    class Meta:
        ordering = ["batch", "pk"]
        verbose_name = _("person updated by an import")
        verbose_name_plural = _("people updated by an import")

    def __str__(self):
        return f"{self.batch} · #{self.person_id}"


class ColumnMapping(models.Model):
    """Which column of a list holds which field, saved under a name for the next list of
    the same shape."""

    name = models.CharField(
        _("name"), max_length=120, unique=True, help_text=_("For example: Karaganda Book of Memory")
    )
    columns = models.JSONField(
        _("columns"), default=dict, help_text=_("Field name to the column header, as in the file")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self):
        return self.name


def import_upload_to(instance, filename):
    return f"imports/{filename}"


class ImportJob(models.Model):
    """A list uploaded in the admin: checked, then imported by a background task (see
    people/importing/tasks.py), whose progress and sign of life the page shows."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded: choose the columns")
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        CHECKED = "checked", _("checked, nothing written")
        DONE = "done", _("imported")
        REFUSED = "refused", _("not imported: the list has errors")
        FAILED = "failed", _("failed")

    file = models.FileField(_("file"), upload_to=import_upload_to, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    source = models.ForeignKey(
        "memorial.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The list itself, e.g. the Book of Memory it comes from"),
    )
    columns = models.JSONField(_("columns"), default=dict, blank=True)
    publish = models.BooleanField(
        _("publish new people at once"),
        default=False,
        help_text=_("Otherwise they are drafts until an archivist publishes them."),
    )
    skip_bad_rows = models.BooleanField(
        _("skip bad rows"),
        default=False,
        help_text=_("Import the good rows and write the bad ones to a report file."),
    )
    dry_run = models.BooleanField(_("check only"), default=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.UPLOADED)
    progress = models.FloatField(_("progress"), default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_bad = models.PositiveIntegerField(_("bad rows"), default=0)
    people_created = models.PositiveIntegerField(_("people added"), default=0)
    people_updated = models.PositiveIntegerField(_("people updated"), default=0)
    warnings = models.PositiveIntegerField(
        _("phrases kept in words"),
        default=0,
        help_text=_("Phrases of a text file's entries that fill no field, kept on their rows"),
    )
    problems = models.JSONField(_("problems"), default=list, blank=True)
    report = models.FileField(
        _("bad rows report"), upload_to=import_upload_to, storage=private_storage, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(
        _("language of the report"),
        max_length=10,
        blank=True,
        help_text=_("The uploader's language, for the problems the import reports"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # Each run of the job is a new attempt; a task of an earlier attempt (its worker thought
    # stopped, then back) finds itself overtaken and writes nothing to the job.
    attempt = models.PositiveIntegerField(_("attempt"), default=0)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("list import")
        verbose_name_plural = _("list imports")

    def __str__(self):
        return self.original_name

    @property
    def is_active(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)
