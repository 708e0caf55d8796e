"""sitemap.xml: published records only, each with its three language versions."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.pages.models import Page, Story
from people.models import Person


class PublishedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = False
    # Three languages per record; the protocol allows 50,000 addresses a file.
    limit = 15_000
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class PersonSitemap(PublishedSitemap):
    model = Person

    def items(self):
        return Person.objects.published().only("pk", "slug", "updated_at").order_by("pk")


class CampSitemap(PublishedSitemap):
    model = Camp


class BurialSiteSitemap(PublishedSitemap):
    model = BurialSite


class DeportationSitemap(PublishedSitemap):
    model = Deportation


class DeportedPeopleSitemap(PublishedSitemap):
    model = DeportedPeople


class PageSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return [
            "home",
            "people:person_list",
            "camps:camp_list",
            "deportations:deportation_list",
            "story_list",
            "open_data",
        ]

    def location(self, name):
        return reverse(name)


class StorySitemap(PublishedSitemap):
    model = Story


class SitePageSitemap(PublishedSitemap):
    model = Page


SITEMAPS = {
    "pages": PageSitemap,
    "site-pages": SitePageSitemap,
    "stories": StorySitemap,
    "people": PersonSitemap,
    "camps": CampSitemap,
    "burial-sites": BurialSiteSitemap,
    "deportations": DeportationSitemap,
    "peoples": DeportedPeopleSitemap,
}
