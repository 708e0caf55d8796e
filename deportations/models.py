"""Deported peoples, the deportation operations, and the people who lived through them."""

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


class DeportedPeople(Publishable):
    """A people deported to Kazakhstan as a whole: Koreans, Germans, Chechens…"""

    name = models.CharField(_("name"), max_length=120, help_text=_("For example: Koreans"))
    slug = models.SlugField(_("URL name"), max_length=120, unique=True, help_text=_("koreans"))
    self_designation = models.CharField(
        _("self-designation"), max_length=120, blank=True, help_text=_("The people’s own name")
    )
    description_kk, description_ru, description_en = translated_fields(
        FormattedTextField, _("history"), blank=True
    )
    description = TranslatedText("description")
    citations = GenericRelation("memorial.Citation")
    media = GenericRelation("memorial.MediaItem")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("deported people")
        verbose_name_plural = _("deported peoples")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("deportations:people_detail", kwargs={"slug": self.slug})


class Deportation(Publishable):
    """A deportation operation: a legal act, dates, an origin and the regions it sent people to."""

    title = models.CharField(
        _("title"), max_length=255, help_text=_("For example: Deportation of Koreans, 1937")
    )
    slug = models.SlugField(_("URL name"), max_length=120, unique=True)
    peoples = models.ManyToManyField(
        DeportedPeople, verbose_name=_("peoples deported"), related_name="deportations"
    )
    legal_act = models.TextField(
        _("legal act"), blank=True, help_text=_("Body, number and title of the decree")
    )
    legal_act_date = PartialDateField(_("date of the legal act"))
    start = PartialDateField(_("began"))
    end = PartialDateField(_("ended"))
    origin = models.CharField(
        _("deported from"), max_length=255, blank=True, help_text=_("For example: the Far East")
    )
    destinations = models.ManyToManyField(
        "memorial.Region", verbose_name=_("regions of settlement"), blank=True, related_name="+"
    )
    description_kk, description_ru, description_en = translated_fields(
        FormattedTextField, _("history"), blank=True
    )
    description = TranslatedText("description")
    citations = GenericRelation("memorial.Citation")
    media = GenericRelation("memorial.MediaItem")

    class Meta:
        ordering = [models.F("start").asc(nulls_last=True), "title", "pk"]
        verbose_name = _("deportation")
        verbose_name_plural = _("deportations")
        constraints = [
            year_range_constraint("legal_act_date", "deportation"),
            year_range_constraint("start", "deportation"),
            year_range_constraint("end", "deportation"),
            date_order_constraint("start", "end", "deportation"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deportations:deportation_detail", kwargs={"slug": self.slug})


class DeportationFigure(Figure):
    class Kind(models.TextChoices):
        DEPORTED = "deported", _("deported")
        ARRIVED = "arrived", _("arrived in Kazakhstan")
        DIED = "died", _("died on the way or on arrival")
        OTHER = "other", _("other")

    deportation = models.ForeignKey(
        Deportation, verbose_name=_("deportation"), on_delete=models.CASCADE, related_name="figures"
    )
    kind = models.CharField(_("what is counted"), max_length=20, choices=Kind)

    class Meta:
        ordering = ["deportation_id", "kind", "pk"]
        verbose_name = _("deportation figure")
        verbose_name_plural = _("deportation figures")
        constraints = [year_range_constraint("date", "deportationfigure")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.display_value()}"


class DeportationRecord(models.Model):
    """A person's deportation: where they were settled and when they were released."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="deportation_records",
    )
    deportation = models.ForeignKey(
        Deportation,
        verbose_name=_("deportation"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    settled_place = models.CharField(
        _("settled in"), max_length=255, blank=True, help_text=_("Village or settlement")
    )
    settlement_region = models.ForeignKey(
        "memorial.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    arrival_date = PartialDateField(_("arrived"))
    release_date = PartialDateField(_("released from special settlement"))
    notes = models.TextField(_("notes"), blank=True)
    source = fact_source_field()

    class Meta:
        ordering = ["person_id", "pk"]
        verbose_name = _("deportation record")
        verbose_name_plural = _("deportation records")
        indexes = [models.Index(fields=["deportation", "person"])]
        constraints = [
            year_range_constraint("arrival_date", "deportationrecord"),
            year_range_constraint("release_date", "deportationrecord"),
            date_order_constraint("arrival_date", "release_date", "deportationrecord"),
        ]

    def __str__(self):
        return str(self.deportation)
