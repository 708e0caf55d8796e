"""Camps, their divisions, the people held in them, and places of execution and burial."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from memorial.base.fields import (
    FormattedTextField,
    PartialDateField,
    date_order_constraint,
    fact_source_field,
    year_range_constraint,
)
from memorial.base.models import Figure, Publishable
from memorial.base.translation import TranslatedText, translated_fields


class Location(models.Model):
    """Where a camp or a site was: a place, a region and coordinates for the map."""

    place = models.CharField(
        _("place"), max_length=255, blank=True, help_text=_("For example: Dolinka settlement")
    )
    region = models.ForeignKey(
        "memorial.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Decimal degrees north, e.g. 49.6583"),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Decimal degrees east, e.g. 72.6947"),
    )

    class Meta:
        abstract = True

    @classmethod
    def coordinate_constraints(cls, label):
        return [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name=f"{label}_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name=f"{label}_longitude_range",
            ),
        ]


class Camp(Publishable, Location):
    """A camp, or a division or camp point of a larger camp."""

    class Kind(models.TextChoices):
        LABOUR_CAMP = "itl", _("corrective labour camp (ITL)")
        SPECIAL_CAMP = "special", _("special camp")
        DIVISION = "division", _("camp division (otdelenie)")
        CAMP_POINT = "point", _("camp point")
        PRISON = "prison", _("prison")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, help_text=_("For example: Karlag"))
    slug = models.SlugField(_("URL name"), max_length=120, unique=True, help_text=_("karlag"))
    full_name = models.CharField(
        _("full name"),
        max_length=500,
        blank=True,
        help_text=_("For example: Karaganda corrective labour camp"),
    )
    abbreviation = models.CharField(
        _("abbreviation"), max_length=40, blank=True, help_text=_("For example: KarLAG")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.LABOUR_CAMP)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="divisions",
        help_text=_("The larger camp a division or camp point belonged to."),
    )
    opened = PartialDateField(_("opened"))
    closed = PartialDateField(_("closed"))
    description_kk, description_ru, description_en = translated_fields(
        FormattedTextField, _("history"), blank=True
    )
    description = TranslatedText("description")
    citations = GenericRelation("memorial.Citation")
    media = GenericRelation("memorial.MediaItem")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("camp")
        verbose_name_plural = _("camps")
        constraints = [
            year_range_constraint("opened", "camp"),
            year_range_constraint("closed", "camp"),
            date_order_constraint("opened", "closed", "camp"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="camp_not_its_own_part"
            ),
            *Location.coordinate_constraints("camp"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("camps:camp_detail", kwargs={"slug": self.slug})


class PrisonerEstimate(Figure):
    camp = models.ForeignKey(
        Camp, verbose_name=_("camp"), on_delete=models.CASCADE, related_name="estimates"
    )

    class Meta:
        ordering = ["camp_id", "date", "pk"]
        verbose_name = _("prisoner estimate")
        verbose_name_plural = _("prisoner estimates")
        constraints = [year_range_constraint("date", "prisonerestimate")]

    def __str__(self):
        return f"{self.camp}: {self.display_value()}"


class BurialSite(Publishable, Location):
    """A place of execution or a mass grave, such as Zhanalyk near Almaty."""

    class Kind(models.TextChoices):
        MASS_GRAVE = "mass_grave", _("mass grave")
        EXECUTION_SITE = "execution", _("place of execution")
        CEMETERY = "cemetery", _("camp cemetery")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, help_text=_("For example: Zhanalyk"))
    slug = models.SlugField(_("URL name"), max_length=120, unique=True, help_text=_("zhanalyk"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MASS_GRAVE)
    description_kk, description_ru, description_en = translated_fields(
        FormattedTextField, _("description"), blank=True
    )
    description = TranslatedText("description")
    citations = GenericRelation("memorial.Citation")
    media = GenericRelation("memorial.MediaItem")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("burial site")
        verbose_name_plural = _("burial sites")
        constraints = Location.coordinate_constraints("burialsite")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("camps:burialsite_detail", kwargs={"slug": self.slug})


class Imprisonment(models.Model):
    """A person's term in a camp."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="imprisonments",
    )
    camp = models.ForeignKey(
        Camp, verbose_name=_("camp"), on_delete=models.PROTECT, related_name="imprisonments"
    )
    start = PartialDateField(_("arrived"))
    end = PartialDateField(_("left"))
    prisoner_number = models.CharField(
        _("prisoner number"), max_length=40, blank=True, help_text=_("For example: Ш-242")
    )
    notes = models.TextField(_("notes"), blank=True)
    source = fact_source_field()

    class Meta:
        ordering = ["person_id", models.F("start").asc(nulls_last=True), "pk"]
        verbose_name = _("imprisonment")
        verbose_name_plural = _("imprisonments")
        indexes = [models.Index(fields=["camp", "person"])]
        constraints = [
            year_range_constraint("start", "imprisonment"),
            year_range_constraint("end", "imprisonment"),
            date_order_constraint("start", "end", "imprisonment"),
        ]

    def __str__(self):
        return f"{self.camp}"
