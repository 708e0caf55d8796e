"""The pages that span all records: the home page, the site search, robots.txt."""

from django import forms
from django.core.cache import cache
from django.db.models import F, Func, Subquery
from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from camps.models import BurialSite, Camp
from deportations.models import DeportedPeople
from memorial.base.page_cache import content_version
from memorial.base.structured_data import ld_json_script, web_page
from memorial.base.text import clean_query
from memorial.pages.models import HomePage, Story
from people.models import Person
from people.search import find_people

from .record_names import records_named
from .structured_data import home_json_ld
from .text_search import search_texts

COUNTED_MODELS = {"people": Person, "camps": Camp, "burial_sites": BurialSite,
                  "peoples": DeportedPeople}  # fmt: skip


def _count(queryset):
    """A count as a subquery, so that several are read in one query."""
    counted = queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Subquery(counted[:1])


def home_choices():
    """What editors chose for the home page, the ids of its featured people, and the live
    counts. Counting a million names on every visit would make the home page the slowest in
    the portal, so all of it is kept in the cache under the content version that every save
    or delete of a public record changes (page_cache.py): two queries, once per change."""

    def load():
        home = (
            HomePage.objects.annotate(
                **{key: _count(model.objects.published()) for key, model in COUNTED_MODELS.items()}
            )
            .filter(pk=1)
            .first()
        ) or HomePage.load()
        counts = {key: getattr(home, key, 0) or 0 for key in COUNTED_MODELS}
        return home, list(home.featured_people.values_list("pk", flat=True)), counts

    return cache.get_or_set(f"home:choices:{content_version()}", load, timeout=300)


class HomeView(TemplateView):
    template_name = "memorial/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recent = (
            Person.objects.published()
            .for_listing()
            .filter(published_at__isnull=False)
            .order_by("-published_at", "-pk")
        )
        home, chosen, context["counts"] = home_choices()
        # Until editors choose, the biographies archivists marked as featured.
        featured = recent.filter(pk__in=chosen) if chosen else recent.filter(is_featured=True)
        context["featured_people"] = featured[:6]
        context["recent_people"] = recent[:6]
        context["intro"] = home.intro
        stories = Story.objects.published().for_listing()
        # The story editors chose while it is published, else the newest.
        context["featured_story"] = (
            home.featured_story_id and stories.filter(pk=home.featured_story_id).first()
        ) or stories.first()
        context["json_ld"] = ld_json_script(home_json_ld(self.request.build_absolute_uri))
        return context


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to: send them to the icon."""
    return HttpResponseRedirect(static("favicon.svg"))


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap_index"))
    lines = [
        "User-agent: *",
        # Filter and search addresses are endless combinations of the same records.
        "Disallow: /*?",
        "Disallow: /*/search/",
        "Disallow: /media/",
        # Data for programs: the API's endless pages, and downloads of a hundred megabytes.
        "Disallow: /api/",
        "Disallow: /open-data/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class SearchForm(forms.Form):
    # Any text is a valid query: it is cleaned, not refused (a visitor's typing never errs).
    q = forms.CharField(required=False, strip=False)

    def clean_q(self):
        return clean_query(self.cleaned_data["q"])


class SearchView(TemplateView):
    """One search over names, camps, burial sites, deportations and peoples, and the words
    of every published text (text_search.py)."""

    template_name = "memorial/search.html"
    people_shown = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        context["query"] = query
        absolute_url = self.request.build_absolute_uri
        # The page, not its results: a search address is not for search engines to list.
        context["json_ld"] = ld_json_script(
            web_page(
                "SearchResultsPage",
                _("Search the portal"),
                absolute_url(reverse("search")),
                absolute_url,
            )
        )
        if not query:
            return context
        found = find_people(None, query)
        shown = Person.objects.for_listing().in_bulk(found[: self.people_shown])
        context.update(
            people=[shown[pk] for pk in found[: self.people_shown]],
            people_count=len(found),
            text_sections=search_texts(query),
            **records_named(query),
        )
        return context
