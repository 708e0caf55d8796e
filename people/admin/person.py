from django.contrib import admin
from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from camps.models import Imprisonment
from deportations.models import DeportationRecord
from memorial.base.admin_classes import (
    CitationInline,
    HistoryAdmin,
    MediaItemInline,
    PublishableAdmin,
    TranslationStatusMixin,
    WaitingForTranslationFilter,
)
from memorial.base.pagination import EstimatedCountPaginator
from memorial.base.text import clean_query
from people.matching import Query
from people.models import (
    Article,
    Authority,
    ImportedRow,
    NameKey,
    NameVariant,
    Person,
    RepressionCase,
)
from people.search import RESULT_LIMIT, find_people

# Registers the list imports and the moderators' queue.
from .duplicates import DuplicatesAdminMixin
from .family import FAMILY_INLINES, FamilyAdminMixin, relatives_of


# The person's inlines are stacked, a few fields a line: as tables, name variants, sentences,
# imprisonments and deportations ran past the right edge of a 1366 px screen.
class NameVariantInline(admin.StackedInline):
    model = NameVariant
    extra = 0
    autocomplete_fields = ["source"]
    fields = [("surname", "given_name", "patronymic"), ("kind", "script"), "source"]


class RepressionCaseInline(admin.StackedInline):
    model = RepressionCase
    fk_name = "person"
    extra = 0
    autocomplete_fields = [
        "arresting_body",
        "articles",
        "sentencing_body",
        "rehabilitation_body",
        "source",
    ]
    fieldsets = [
        (_("Arrest"), {"fields": [("arrest_date", "arrest_place"), "arresting_body"]}),
        (_("Charge"), {"fields": ["articles", "charge"]}),
        (
            _("Sentence"),
            {
                "fields": [
                    ("sentencing_body", "sentence_date"),
                    ("sentence_kind", "sentence_term_years", "sentence_term_months"),
                    "sentence_text",
                    "family_member_of",
                ]
            },
        ),
        (
            _("Rehabilitation"),
            {"fields": [("is_rehabilitated", "rehabilitation_date"), "rehabilitation_body"]},
        ),
        (None, {"fields": ["source", "notes"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "family_member_of":
            # Only someone already linked under Family can be named: a person added or
            # changed from here would be refused, an added one left behind as a stray record.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        """Only this person's relatives (drafts too) can be the one a family member's
        sentence was for; a person being added has none yet."""
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["family_member_of"]
        field.queryset = relatives_of(obj)
        field.error_messages["invalid_choice"] = _(
            "Only a relative linked to this person under Family can be named here: link "
            "them there and save first."
        )
        return formset


class ImprisonmentInline(admin.StackedInline):
    model = Imprisonment
    extra = 0
    autocomplete_fields = ["camp", "source"]
    fields = [("camp", "prisoner_number"), ("start", "end"), "source", "notes"]


class ImportedRowInline(admin.StackedInline):
    """The rows of imported lists this person comes from; written by imports only."""

    model = ImportedRow
    extra = 0
    can_delete = False
    readonly_fields = [
        "source", "locator", "row_number", "imported_at", "shown_excerpt", "shown_words_kept"
    ]  # fmt: skip
    fields = [("source", "locator"), ("row_number", "imported_at"), "shown_excerpt",
              "shown_words_kept"]  # fmt: skip
    verbose_name_plural = _("rows of imported lists")

    # The entry's lines as it has them: a text entry is read line by line.
    @admin.display(description=_("the entry as written"))
    def shown_excerpt(self, row):
        return linebreaksbr(row.excerpt, autoescape=True)

    @admin.display(description=_("kept in words"))
    def shown_words_kept(self, row):
        return linebreaksbr(row.words_kept, autoescape=True)

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class DeportationRecordInline(admin.StackedInline):
    model = DeportationRecord
    extra = 0
    autocomplete_fields = ["deportation", "settlement_region", "source"]
    fields = [
        "deportation",
        ("settled_place", "settlement_region"),
        ("arrival_date", "release_date"),
        "source",
        "notes",
    ]


class BirthDecadeFilter(admin.SimpleListFilter):
    title = _("decade of birth")
    parameter_name = "birth_decade"

    def lookups(self, request, model_admin):
        return [(str(decade), f"{decade}–{decade + 9}") for decade in range(1840, 1950, 10)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not (value.isascii() and value.isdigit()) or len(value) > 4:
            return queryset
        decade = int(value)
        return queryset.filter(birth_date__year_from=decade, birth_date__year_to=decade + 9)


@admin.register(Person)
class PersonAdmin(FamilyAdminMixin, DuplicatesAdminMixin, TranslationStatusMixin, PublishableAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "person")
    list_display = ["full_name_display", "birth_date_display", "fate", "status", "updated_at"]
    change_list_template = "admin/people/person/change_list.html"
    paginator = EstimatedCountPaginator
    list_filter = [
        "status",
        "is_featured",
        "fate",
        ("imprisonments__camp", admin.RelatedFieldListFilter),
        ("deportation_records__deportation", admin.RelatedFieldListFilter),
        BirthDecadeFilter,
        WaitingForTranslationFilter,
    ]
    search_fields = [
        "surname",
        "given_name",
        "patronymic",
        "name_variants__surname",
        "name_variants__given_name",
    ]
    autocomplete_fields = ["burial_site"]
    readonly_fields = [*PublishableAdmin.readonly_fields, "public_address", "translation_status"]
    inlines = [
        NameVariantInline,
        *FAMILY_INLINES,
        RepressionCaseInline,
        ImprisonmentInline,
        DeportationRecordInline,
        CitationInline,
        ImportedRowInline,
        MediaItemInline,
    ]

    def get_inlines(self, request, obj):
        # A person being added has no imported rows yet.
        inlines = super().get_inlines(request, obj)
        return inlines if obj else [inline for inline in inlines if inline is not ImportedRowInline]

    fieldsets = [
        (_("Name as recorded"), {"fields": [("surname", "given_name", "patronymic")]}),
        (
            _("Life"),
            {
                "fields": [
                    ("sex", "nationality"),
                    ("birth_date", "birth_place"),
                    ("occupation", "residence"),
                ]
            },
        ),
        (
            _("Fate"),
            {"fields": ["fate", ("death_date", "death_place"), "burial_site"]},
        ),
        (
            _("Biography"),
            {"fields": ["biography_kk", "biography_ru", "biography_en", "translation_status"]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    ("status", "is_featured"),
                    "public_address",
                    ("created_at", "created_by"),
                    ("updated_at", "updated_by"),
                    "published_at",
                ]
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        """Search by name the way visitors do, whatever the script or spelling, through the
        name keys; an icontains over every name field would read the whole table."""
        term = clean_query(search_term)
        if not term:
            return queryset, False
        found = find_people(queryset, term)
        if not found:
            # Archivists also look people up by a given name alone.
            forms = Query.parse(term).all_forms
            given = NameKey.objects.filter(given_first__in=forms).values("person_id")
            found = given[:RESULT_LIMIT]
        return queryset.filter(pk__any=found), False

    @admin.display(description=pgettext_lazy("person", "name"), ordering="surname")
    def full_name_display(self, person):
        return person.full_name

    @admin.display(description=_("born"), ordering="birth_date")
    def birth_date_display(self, person):
        return person.birth_date.display() if person.birth_date else "—"

    @admin.display(description=_("public address"))
    def public_address(self, person):
        return person.get_absolute_url() if person.pk else "—"


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "article of the criminal code")
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


@admin.register(Authority)
class AuthorityAdmin(HistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "authority")
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
