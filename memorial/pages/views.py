"""Editors' pages and stories as the public reads them, and their feeds."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from memorial.base.structured_data import ld_json_script, link, summary, web_page
from memorial.base.views import PublishedOnlyMixin
from memorial.pages.models import Page, Story

from .structured_data import story_json_ld


class StoryListView(ListView):
    template_name = "memorial/story_list.html"
    context_object_name = "stories"
    paginate_by = 20
    paginator_class = Paginator

    def get_queryset(self):
        queryset = Story.objects.published().for_listing()
        kind = self.request.GET.get("kind")
        if kind in Story.Kind.values:
            queryset = queryset.filter(kind=kind)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = Story.Kind.choices
        context["kind"] = self.request.GET.get("kind", "")
        absolute_url = self.request.build_absolute_uri
        context["json_ld"] = ld_json_script(
            web_page(
                "CollectionPage",
                gettext("Stories"),
                absolute_url(reverse("story_list")),
                absolute_url,
            )
        )
        return context


class StoryDetailView(PublishedOnlyMixin, DetailView):
    template_name = "memorial/story_detail.html"
    context_object_name = "story"
    model = Story

    def get_queryset(self):
        return super().get_queryset().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = self.object
        # The public sees only the published records a story features; lists, as the page
        # and its structured data both read them.
        context["people"] = people = list(story.featured_people.published().for_listing())
        context["camps"] = camps = list(story.featured_camps.published())
        context["deportations"] = deportations = list(story.featured_deportations.published())
        absolute_url = self.request.build_absolute_uri
        mentioned = [
            *(link("Person", person, absolute_url, name=person.display_name) for person in people),
            *(link("LandmarksOrHistoricalBuildings", camp, absolute_url) for camp in camps),
            *(link("Event", deportation, absolute_url) for deportation in deportations),
        ]
        context["json_ld"] = ld_json_script(story_json_ld(story, mentioned, absolute_url))
        return context


class PageDetailView(PublishedOnlyMixin, DetailView):
    template_name = "memorial/page_detail.html"
    context_object_name = "site_page"
    model = Page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        absolute_url = self.request.build_absolute_uri
        url = absolute_url(page.get_absolute_url())
        kind = "AboutPage" if page.slug == "about" else "WebPage"
        context["json_ld"] = ld_json_script(web_page(kind, page.title, url, absolute_url))
        return context


class StoryFeed(Feed):
    """The newest stories, in the language of the address it is read at."""

    title = _("Memorial: stories")
    description = _("Articles, exhibitions and news of the memorial portal.")

    def link(self):
        return reverse("story_list")

    def items(self):
        return Story.objects.published()[:30]

    def item_title(self, story):
        return str(story.title)

    def item_description(self, story):
        # A feed's description is HTML: the plain text escaped, its paragraphs kept as <p>.
        return linebreaks(str(story.summary) or summary(story.body) or "", autoescape=True)

    def item_pubdate(self, story):
        return story.publish_at

    def item_updateddate(self, story):
        return story.updated_at


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description
