"""People: the victims, the names they are recorded under, and what was done to them."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from memorial.base.fields import (
    FormattedTextField,
    PartialDateField,
    date_order_constraint,
    fact_source_field,
    year_range_constraint,
)
from memorial.base.models import MediaItem, Publishable, PublishableQuerySet, Status
from memorial.base.text import latin_slug
from memorial.base.translation import LANGUAGE_CODES, TranslatedText, translated_fields

from ..listing import card_facts
from ..reading_names import forms_of, shown_name
from .biography import sparse_relations_held
from .family import Relationship, family_of


class Article(models.Model):
    """An article of a criminal code a person was charged under, e.g. 58-10."""

    code = models.CharField(
        _("article"), max_length=20, unique=True, help_text=_("For example: 58-10")
    )
    title = models.CharField(
        _("what it punished"), max_length=255, blank=True, help_text=_("anti-Soviet agitation")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("article of the criminal code")
        verbose_name_plural = _("articles of the criminal code")

    def __str__(self):
        return f"{self.code} {self.title}".strip()


class AuthorityKind(models.TextChoices):
    SECURITY = "security", _("arresting organ (OGPU, NKVD, MGB)")
    EXTRAJUDICIAL = "extrajudicial", _("extrajudicial body (troika, OSO)")
    COURT = "court", _("court or tribunal")
    OTHER = "other", _("other")


class Authority(models.Model):
    """A body that arrested, sentenced or rehabilitated people."""

    name = models.CharField(
        _("name"),
        max_length=255,
        unique=True,
        help_text=_("For example: NKVD troika of the Alma-Ata region"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AuthorityKind)

    class Meta:
        ordering = ["name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")

    def __str__(self):
        return self.name


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


class Fate(models.TextChoices):
    SHOT = "shot", _("shot")
    DIED_IN_CUSTODY = "died_in_custody", _("died in custody")
    RELEASED = "released", _("released")
    DIED_IN_EXILE = "died_in_exile", _("died in exile")
    UNKNOWN = "unknown", _("fate unknown")


# What for_listing() annotates of a person's first sentence: the name on the person, the
# case's column, and the field that reads it (a partial date from its text).
# The first sentence's columns a list of names shows, read in one subquery per person as one
# JSON object: a subquery per column would sort each person's cases four times.
LISTED_SENTENCE = {
    "kind": "sentence_kind",
    "date": "sentence_date",
    "years": "sentence_term_years",
    "months": "sentence_term_months",
}

# Up to this many published relationships, with_relatives() lists the people by id.
FEW_RELATIONSHIPS = 2000


class PersonQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What a list of names shows: the person, their burial site and portrait, and their
        first sentence (people/listing.py), in the same two queries for any number."""
        first_sentence = (
            RepressionCase.objects.filter(person=OuterRef("pk"))
            .filter(~Q(sentence_kind="") | Q(sentence_date__isnull=False))
            .order_by(F("arrest_date").asc(nulls_last=True), "pk")
        )
        return (
            self.select_related("burial_site")
            # A list shows no biography: a few kilobytes each, read and sent for nothing.
            .defer(*(f"biography_{code}" for code in LANGUAGE_CODES))
            .annotate(
                listing_sentence=Subquery(
                    first_sentence.values(sentence=JSONObject(**LISTED_SENTENCE))[:1],
                    output_field=models.JSONField(),
                )
            )
            .prefetch_related(
                Prefetch(
                    "media",
                    queryset=MediaItem.objects.filter(is_portrait=True),
                    to_attr="portraits",
                )
            )
        )

    def with_family(self):
        """Their published relatives, for family_of(): two queries for any number of people."""
        return self.prefetch_related(
            Prefetch(
                "relationships_as_first",
                queryset=Relationship.objects.with_published("second"),
                to_attr="published_relationships_as_first",
            ),
            Prefetch(
                "relationships_as_second",
                queryset=Relationship.objects.with_published("first"),
                to_attr="published_relationships_as_second",
            ),
        )

    def with_relatives(self):
        """Those with at least one published relative on the portal.

        While few people have relatives (a portal's first years), their ids are listed: a
        check of each person in turn would read the whole list of names to fill a page.
        Once many have, that check, made in the order the page shows, finds a page quickly.
        """
        pairs = Relationship.objects.published().values_list("first_id", "second_id")
        few = list(pairs[: FEW_RELATIONSHIPS + 1])
        if len(few) <= FEW_RELATIONSHIPS:
            return self.filter(pk__in={person_id for pair in few for person_id in pair})
        published = Status.PUBLISHED
        return self.filter(
            Exists(Relationship.objects.filter(first=OuterRef("pk"), second__status=published))
            | Exists(Relationship.objects.filter(second=OuterRef("pk"), first__status=published))
        )

    def for_biography(self):
        """Everything a biography page or the admin preview shows, in a fixed number of
        queries: call load_sparse_relations() on the people it returns to finish."""
        return (
            self.select_related("burial_site")
            .annotate(
                sparse_relations_held=RawSQL(
                    sparse_relations_held(), [], output_field=models.IntegerField()
                )
            )
            .prefetch_related(
                "name_variants",
                Prefetch(
                    "cases",
                    queryset=RepressionCase.objects.select_related(
                        "arresting_body",
                        "sentencing_body",
                        "rehabilitation_body",
                        "source",
                        "family_member_of",
                    ).prefetch_related("articles"),
                ),
            )
        )


# The database fills the forms in too, so the import's COPY of new people need not name them.
NAME_FORM = {"max_length": 400, "blank": True, "editable": False, "default": "", "db_default": ""}


def person_slug(surname, given_name):
    return latin_slug(f"{surname} {given_name}") or "person"


class Person(Publishable):
    """A victim of political repression, under the name the main record gives."""

    surname = models.CharField(
        _("surname"), max_length=120, help_text=_("As recorded, e.g. Байтурсынов")
    )
    given_name = models.CharField(
        _("given name"), max_length=120, blank=True, help_text=_("For example: Ахмет")
    )
    patronymic = models.CharField(
        _("patronymic"), max_length=120, blank=True, help_text=_("For example: Байтурсынович")
    )
    # Decorates the URL only (people are found by id), so it needs no index.
    slug = models.SlugField(
        _("URL name"), max_length=120, blank=True, editable=False, db_index=False
    )
    # The first Kazakh, Russian and Latin name variants, copied here whenever the variants
    # change (rebuild_names), so that every list shows the reader's form without reading
    # the variants of each person on it (people/reading_names.py).
    kazakh_name = models.CharField(_("Kazakh form of the name"), **NAME_FORM)
    russian_name = models.CharField(_("Russian form of the name"), **NAME_FORM)
    latin_name = models.CharField(_("Latin form of the name"), **NAME_FORM)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex, blank=True)
    birth_date = PartialDateField(_("date of birth"))
    birth_place = models.CharField(
        _("place of birth"), max_length=255, blank=True, help_text=_("For example: Turgai uyezd")
    )
    nationality = models.CharField(
        _("nationality"),
        max_length=100,
        blank=True,
        help_text=_("As the source gives it, e.g. Kazakh"),
    )
    occupation = models.CharField(
        _("occupation"), max_length=255, blank=True, help_text=_("For example: teacher")
    )
    residence = models.CharField(
        _("residence at arrest"), max_length=255, blank=True, help_text=_("For example: Alma-Ata")
    )
    biography_kk, biography_ru, biography_en = translated_fields(
        FormattedTextField,
        _("biography"),
        blank=True,
        help_text=_("Paragraphs, emphasis, lists and links are kept; anything else is removed."),
    )
    biography = TranslatedText("biography")
    fate = models.CharField(
        _("fate"),
        max_length=20,
        choices=Fate,
        blank=True,
        help_text=_(
            "Leave empty while no source has been checked; “fate unknown” says the sources "
            "are silent."
        ),
    )
    death_date = PartialDateField(_("date of death"))
    death_place = models.CharField(_("place of death"), max_length=255, blank=True)
    burial_site = models.ForeignKey(
        "camps.BurialSite",
        verbose_name=_("burial site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people_buried",
    )
    is_synthetic = models.BooleanField(
        _("synthetic test record"),
        default=False,
        editable=False,
        help_text=_("Made up by generate_synthetic_people for load tests; not a real person."),
    )
    is_featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("Shown among the biographies on the home page once published."),
    )
    citations = GenericRelation("memorial.Citation")
    media = GenericRelation("memorial.MediaItem")

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["surname", "given_name", "patronymic", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["status", "surname", "given_name"]),
            # The admin lists everyone in this order; an index spares it sorting them all.
            models.Index(fields=["surname", "given_name", "patronymic", "id"]),
            # The home page's recently published and featured biographies.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="person_recent",
            ),
            models.Index(
                fields=["-published_at"], condition=Q(is_featured=True), name="person_featured"
            ),
            models.Index(fields=["id"], condition=Q(is_synthetic=True), name="person_synthetic"),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["fate"]),
            # The statistics' fates and nationalities, read from this index alone: the
            # people's rows are gigabytes at millions of people.
            models.Index(
                fields=["fate", "nationality"],
                condition=Q(status="published"),
                name="person_published_fate_nation",
            ),
            # OAI-PMH harvests walk people in the order they changed, a page at a time.
            models.Index(fields=["updated_at", "id"], name="person_updated"),
        ]
        constraints = [
            year_range_constraint("birth_date", "person"),
            year_range_constraint("death_date", "person"),
            date_order_constraint("birth_date", "death_date", "person"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        """The name as the main record gives it."""
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)

    @property
    def shown_name(self):
        """The name in the active language's script, with how it was found (a ShownName)."""
        return shown_name(self)

    @property
    def display_name(self):
        return shown_name(self).text

    @property
    def card_facts(self):
        """What a list says beside the name: life years, birthplace, sentence and fate."""
        return card_facts(self, dict(SentenceKind.choices))

    def save(self, *args, **kwargs):
        # The slug only decorates the URL: the id keeps it stable when a name is corrected.
        self.slug = person_slug(self.surname, self.given_name)
        variants = list(NameVariant.objects.filter(person=self)) if self.pk else []
        for column, form in forms_of(variants, self).items():
            setattr(self, column, form)
        super().save(*args, **kwargs)
        self.rebuild_name_keys(variants)

    def rebuild_names(self):
        """After a name variant changed: the forms each language shows, and the search keys."""
        variants = list(NameVariant.objects.filter(person=self))
        forms = forms_of(variants, self)
        for column, form in forms.items():
            setattr(self, column, form)
        Person.objects.filter(pk=self.pk).update(**forms)
        self.rebuild_name_keys(variants)

    def rebuild_name_keys(self, variants=None):
        """Every recorded form of the name, spelling-blind, for search; kept current on save
        of the person and of each name variant."""
        from .names import NameKey

        if variants is None:
            variants = NameVariant.objects.filter(person=self)
        NameKey.objects.filter(person=self).delete()
        NameKey.create_for(self, variants)

    def get_absolute_url(self):
        return reverse("people:person_detail", kwargs={"pk": self.pk, "slug": self.slug})

    def loaded(self, relation):
        """The rows of a sparse relation (people/models/biography.py) as for_biography()
        and load_sparse_relations() left them, or else asked for now."""
        rows = getattr(self, f"loaded_{relation}", None)
        return rows if rows is not None else list(getattr(self, relation).all())

    @property
    def sources_cited(self):
        """Citations, then the rows of imported lists this person comes from."""
        return [*self.loaded("citations"), *self.loaded("imported_rows")]

    @property
    def photos_and_documents(self):
        return self.loaded("media")

    @cached_property
    def family(self):
        """Published relatives: see family_of()."""
        return family_of(self)

    @property
    def portrait(self):
        portraits = getattr(self, "portraits", None)
        if portraits is None:
            portraits = [item for item in self.loaded("media") if item.is_portrait]
        return portraits[0] if portraits else None


class NameVariant(models.Model):
    """Another form of a person's name: another script, spelling, a pseudonym."""

    class Kind(models.TextChoices):
        KAZAKH = "kazakh", _("Kazakh form")
        RUSSIAN = "russian", _("Russian form")
        LATIN = "latin", _("Latin transliteration")
        PSEUDONYM = "pseudonym", _("pseudonym")
        MAIDEN = "maiden", _("maiden name")
        SPELLING = "spelling", _("other spelling in a source")

    class Script(models.TextChoices):
        CYRILLIC = "cyrl", _("Cyrillic")
        LATIN = "latn", _("Latin")
        ARABIC = "arab", _("Arabic")
        OTHER = "other", _("other")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="name_variants"
    )
    surname = models.CharField(
        _("surname"), max_length=120, help_text=_("For example: Байтұрсынұлы")
    )
    given_name = models.CharField(_("given name"), max_length=120, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    script = models.CharField(_("script"), max_length=8, choices=Script)
    source = fact_source_field()

    class Meta:
        # By the column, not "person": that would join and sort by the person's own ordering.
        ordering = ["person_id", "pk"]
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        indexes = [models.Index(fields=["surname", "given_name"])]

    def __str__(self):
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)


class SentenceKind(models.TextChoices):
    DEATH = "death", _("highest measure (shooting)")
    CAMP = "camp", _("corrective labour camp (ITL)")
    PRISON = "prison", _("prison")
    EXILE = "exile", _("exile")
    SPECIAL_SETTLEMENT = "special_settlement", _("special settlement")
    FAMILY_MEMBER = "chsir", _("camp as a family member of a traitor (ChSIR)")
    ACQUITTED = "acquitted", _("acquitted or case dropped")
    OTHER = "other", _("other")


class RepressionCase(models.Model):
    """One arrest and what followed it: charge, sentence and, later, rehabilitation."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="cases"
    )
    arrest_date = PartialDateField(_("date of arrest"))
    arrest_place = models.CharField(
        _("place of arrest"), max_length=255, blank=True, help_text=_("For example: Alma-Ata")
    )
    arresting_body = models.ForeignKey(
        Authority,
        verbose_name=_("arrested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arrests",
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("charged under articles"), blank=True, related_name="cases"
    )
    charge = models.TextField(
        _("charge as worded in the source"),
        blank=True,
        help_text=_("For example: participation in a counter-revolutionary organisation"),
    )
    sentencing_body = models.ForeignKey(
        Authority,
        verbose_name=_("sentenced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sentences",
    )
    sentence_date = PartialDateField(_("date of sentence"))
    sentence_kind = models.CharField(_("sentence"), max_length=20, choices=SentenceKind, blank=True)
    sentence_term_years = models.PositiveSmallIntegerField(
        _("term, years"), null=True, blank=True, help_text=_("For example: 10")
    )
    sentence_term_months = models.PositiveSmallIntegerField(
        _("term, months"), null=True, blank=True
    )
    sentence_text = models.CharField(
        _("sentence as worded in the source"),
        max_length=500,
        blank=True,
        help_text=_("For example: 8 years ITL"),
    )
    family_member_of = models.ForeignKey(
        Person,
        verbose_name=_("as a family member of"),
        null=True,
        blank=True,
        # Not PROTECT: a family deleted at once takes this sentence with its own person.
        on_delete=models.RESTRICT,
        related_name="family_member_cases",
        help_text=_(
            "For a sentence as a family member of a traitor (ChSIR): the relative it was "
            "for, once linked to this person under Family."
        ),
    )
    is_rehabilitated = models.BooleanField(
        _("rehabilitated"),
        null=True,
        blank=True,
        help_text=_("Unknown, yes, or no (rehabilitation refused)."),
    )
    rehabilitation_date = PartialDateField(_("date of rehabilitation"))
    rehabilitation_body = models.ForeignKey(
        Authority,
        verbose_name=_("rehabilitated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rehabilitations",
    )
    source = fact_source_field()
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["person_id", F("arrest_date").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["sentence_kind"])]
        verbose_name = _("arrest and sentence")
        verbose_name_plural = _("arrests and sentences")
        constraints = [
            year_range_constraint("arrest_date", "case"),
            year_range_constraint("sentence_date", "case"),
            year_range_constraint("rehabilitation_date", "case"),
            date_order_constraint("arrest_date", "sentence_date", "case"),
            date_order_constraint("sentence_date", "rehabilitation_date", "case"),
            date_order_constraint("arrest_date", "rehabilitation_date", "case"),
            models.CheckConstraint(
                condition=Q(sentence_term_months__isnull=True) | Q(sentence_term_months__lte=11),
                name="case_term_months_under_a_year",
                violation_error_message=_("Months of a term are 0–11; put whole years in years."),
            ),
            models.CheckConstraint(
                condition=Q(sentence_term_years__isnull=True) | Q(sentence_term_years__lte=50),
                name="case_term_years_in_range",
                violation_error_message=_("A term of more than 50 years is not plausible."),
            ),
            models.CheckConstraint(
                condition=Q(rehabilitation_date__isnull=True) | Q(is_rehabilitated=True),
                name="case_rehabilitation_date_means_rehabilitated",
                violation_error_message=_(
                    "A rehabilitation date is given, so the person cannot be marked as not "
                    "rehabilitated."
                ),
            ),
        ]

    def __str__(self):
        if self.arrest_date:
            return _("Arrest of %(date)s") % {"date": self.arrest_date.display()}
        # Family members were often sentenced with no arrest on record.
        if self.sentence_date:
            return _("Sentence of %(date)s") % {"date": self.sentence_date.display()}
        return str(_("Arrest, date unknown"))

    def clean(self):
        # A known rehabilitation date settles the question; archivists need not tick it too.
        if self.rehabilitation_date and self.is_rehabilitated is None:
            self.is_rehabilitated = True
        if self.family_member_of_id and not self.is_relative(self.family_member_of_id):
            raise ValidationError(
                {
                    "family_member_of": _(
                        "Link this relative to the person under Family first, then name them here."
                    )
                }
            )

    def is_relative(self, relative_id):
        return (
            self.person_id is not None
            and Relationship.objects.of(self.person_id)
            .filter(Q(first_id=relative_id) | Q(second_id=relative_id))
            .exists()
        )

    @property
    def term_display(self):
        parts = []
        if self.sentence_term_years:
            years = self.sentence_term_years
            parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
        if self.sentence_term_months:
            months = self.sentence_term_months
            parts.append(
                ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
            )
        return " ".join(parts)


class MergedPerson(models.Model):
    """A record merged into another: what it held, who merged it and when, and where its
    public address now leads."""

    old_id = models.PositiveBigIntegerField(_("former id"), unique=True)
    old_name = models.CharField(_("former name"), max_length=400)
    snapshot = models.JSONField(_("the record as it was"), default=dict)
    merged_into = models.ForeignKey(
        Person, verbose_name=_("merged into"), on_delete=models.CASCADE, related_name="merged"
    )
    merged_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("merged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("merged record")
        verbose_name_plural = _("merged records")

    def __str__(self):
        return f"{self.old_name} (#{self.old_id}) → {self.merged_into}"
