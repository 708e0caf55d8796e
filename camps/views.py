from django.views.generic import DetailView, ListView

from memorial.views import PublishedOnlyMixin

from .models import BurialSite, Camp


class CampListView(ListView):
    template_name = "camps/camp_list.html"
    context_object_name = "camps"

    def get_queryset(self):
        return Camp.objects.published().select_related("parent", "region")

    def get_context_data(self, **kwargs):
        burial_sites = BurialSite.objects.published()
        return super().get_context_data(burial_sites=burial_sites, **kwargs)


class CampDetailView(PublishedOnlyMixin, DetailView):
    template_name = "camps/camp_detail.html"
    context_object_name = "camp"
    queryset = Camp.objects.select_related("parent", "region").prefetch_related(
        "estimates__source", "citations__source", "media"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["divisions"] = self.object.divisions.published()
        return context


class BurialSiteDetailView(PublishedOnlyMixin, DetailView):
    template_name = "camps/burialsite_detail.html"
    context_object_name = "site"
    queryset = BurialSite.objects.select_related("region").prefetch_related(
        "citations__source", "media"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["people_buried"] = self.object.people_buried.published().for_listing()
        return context
