"""Editors' pages and stories as the public reads them, and their feeds."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from .content import Page, Story
from .text import strip_html
from .views import PublishedOnlyMixin


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
        # The public sees only the published records a story features.
        context["people"] = story.featured_people.published().for_listing()
        context["camps"] = story.featured_camps.published()
        context["deportations"] = story.featured_deportations.published()
        return context


class PageDetailView(PublishedOnlyMixin, DetailView):
    template_name = "memorial/page_detail.html"
    context_object_name = "site_page"
    model = Page


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
        return str(story.summary) or strip_html(story.body)[:500]

    def item_pubdate(self, story):
        return story.publish_at

    def item_updateddate(self, story):
        return story.updated_at


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description
