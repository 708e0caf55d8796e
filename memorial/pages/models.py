"""What editors write: the site's pages, stories, and the home page's choices.

Pages (About, the Day of Remembrance, How to search, Contacts, Privacy) and stories
(articles, exhibitions, news) are written in Kazakh, Russian and English, drafted,
published at once or at a set time, and placed in the menu or the footer. A story can
feature people, camps and deportations, and then shows on their pages.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from memorial.base.fields import FormattedTextField
from memorial.base.models import Publishable, PublishableQuerySet, Status
from memorial.base.translation import TranslatedText, translated_fields


class ScheduledQuerySet(PublishableQuerySet):
    def published(self):
        """Published, and its time has come."""
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())


class Scheduled(Publishable):
    """Published at once, or at the time an editor sets."""

    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to publish as soon as it is saved as published, or choose a later "
            "date and time, e.g. 31 May, 09:00."
        ),
    )

    objects = ScheduledQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        """Published and due: what media_file and staff previews (PublishedOnlyMixin) ask
        before showing anything."""
        return self.status == Status.PUBLISHED and (
            self.publish_at is None or self.publish_at <= timezone.now()
        )


def has_a_title(table):
    return models.CheckConstraint(
        condition=~Q(title_kk="", title_ru="", title_en=""),
        name=f"{table}_has_a_title",
        violation_error_message=_("Give a title in at least one language."),
    )


class Page(Scheduled):
    class Place(models.TextChoices):
        MENU = "menu", _("main menu")
        FOOTER = "footer", _("footer")
        NONE = "", _("neither (linked from elsewhere)")

    slug = models.SlugField(
        _("URL name"), max_length=80, unique=True, help_text=_("For example: about")
    )
    title_kk, title_ru, title_en = translated_fields(
        models.CharField, _("title"), max_length=200, blank=True
    )
    title = TranslatedText("title")
    body_kk, body_ru, body_en = translated_fields(FormattedTextField, _("text"), blank=True)
    body = TranslatedText("body")
    place = models.CharField(
        _("link shown in"), max_length=10, choices=Place, default=Place.NONE, blank=True
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Links are shown from the lowest number up.")
    )

    class Meta:
        # The tables kept the names they had before the CMS became an app of its own.
        db_table = "memorial_page"
        ordering = ["position", "slug"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        constraints = [has_a_title("page")]

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self):
        return reverse("site_page", kwargs={"slug": self.slug})

    def clean(self):
        # /en/stories/ or /en/people/ would never reach a page of that name.
        try:
            match = resolve(self.get_absolute_url())
        except Resolver404:
            return
        if match.url_name != "site_page":
            raise ValidationError(
                {"slug": _("This address belongs to another part of the site; choose another.")}
            )


class StoryQuerySet(ScheduledQuerySet):
    def for_listing(self):
        return self.prefetch_related(models.Prefetch("media", to_attr="images"))


class Story(Scheduled):
    class Kind(models.TextChoices):
        ARTICLE = "article", pgettext_lazy("kind of story", "article")
        EXHIBITION = "exhibition", _("exhibition")
        NEWS = "news", _("news")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ARTICLE)
    slug = models.SlugField(
        _("URL name"), max_length=120, unique=True, help_text=_("For example: alzhir-exhibition")
    )
    title_kk, title_ru, title_en = translated_fields(
        models.CharField, _("title"), max_length=200, blank=True
    )
    title = TranslatedText("title")
    summary_kk, summary_ru, summary_en = translated_fields(
        models.CharField,
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences for lists, the feed and link previews."),
    )
    summary = TranslatedText("summary")
    body_kk, body_ru, body_en = translated_fields(FormattedTextField, _("text"), blank=True)
    body = TranslatedText("body")
    featured_people = models.ManyToManyField(
        "people.Person",
        verbose_name=_("people featured"),
        blank=True,
        related_name="stories",
        help_text=_("The story is listed on each of their biographies."),
    )
    featured_camps = models.ManyToManyField(
        "camps.Camp", verbose_name=_("camps featured"), blank=True, related_name="stories"
    )
    featured_deportations = models.ManyToManyField(
        "deportations.Deportation",
        verbose_name=_("deportations featured"),
        blank=True,
        related_name="stories",
    )
    media = GenericRelation("memorial.MediaItem")

    objects = StoryQuerySet.as_manager()

    class Meta:
        db_table = "memorial_story"
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        constraints = [has_a_title("story")]
        indexes = [models.Index(fields=["status", "publish_at"], name="story_published")]

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self):
        return reverse("story_detail", kwargs={"slug": self.slug})


class HomePage(models.Model):
    """The home page's introduction, featured biographies and featured story: one row."""

    intro_kk, intro_ru, intro_en = translated_fields(
        FormattedTextField,
        _("introduction"),
        blank=True,
        help_text=_("A few sentences at the top of the home page."),
    )
    intro = TranslatedText("intro")
    featured_story = models.ForeignKey(
        Story,
        verbose_name=_("featured story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_people = models.ManyToManyField(
        "people.Person",
        verbose_name=_("featured biographies"),
        blank=True,
        related_name="+",
        help_text=_("Shown on the home page; only published biographies appear."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        db_table = "memorial_homepage"
        verbose_name = _("home page")
        verbose_name_plural = _("home page")

    def __str__(self):
        return str(_("Home page"))

    def get_absolute_url(self):
        return reverse("home")

    @classmethod
    def load(cls):
        home, _created = cls.objects.get_or_create(pk=1)
        return home


SCHEDULED_MODELS = [Page, Story]
