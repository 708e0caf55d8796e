from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.views.generic import DetailView, ListView

from memorial.base.structured_data import ld_json_script
from memorial.base.views import PublishedOnlyMixin
from people.models import Person

from .map import kazakhstan_map, place_map
from .models import BurialSite, Camp, Imprisonment
from .structured_data import burial_site_json_ld, camp_json_ld, camp_list_json_ld


class CampListView(ListView):
    template_name = "camps/camp_list.html"
    context_object_name = "camps"

    def get_queryset(self):
        return list(Camp.objects.published().select_related("parent", "region"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["burial_sites"] = burial_sites = list(BurialSite.objects.published())
        context["map"] = kazakhstan_map(context["camps"], burial_sites)
        context["unmapped"] = [
            record
            for record in [*context["camps"], *burial_sites]
            if record.latitude is None or record.longitude is None
        ]
        context["json_ld"] = ld_json_script(
            camp_list_json_ld(context["camps"], burial_sites, self.request.build_absolute_uri)
        )
        return context


class CampDetailView(PublishedOnlyMixin, DetailView):
    template_name = "camps/camp_detail.html"
    context_object_name = "camp"
    queryset = Camp.objects.select_related("parent", "region").prefetch_related(
        "estimates__source", "citations__source", "media"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A list: the page and its structured data both read it.
        context["divisions"] = divisions = list(self.object.divisions.published())
        context["stories"] = self.object.stories.published()
        prisoners = (
            Person.objects.published()
            .filter(Exists(Imprisonment.objects.filter(person=OuterRef("pk"), camp=self.object)))
            .for_listing()
        )
        context["prisoners"] = Paginator(prisoners, 25).get_page(self.request.GET.get("page"))
        context["place_map"] = place_map(self.object, "camp")
        context["json_ld"] = ld_json_script(
            camp_json_ld(self.object, divisions, self.request.build_absolute_uri)
        )
        return context


class BurialSiteDetailView(PublishedOnlyMixin, DetailView):
    template_name = "camps/burialsite_detail.html"
    context_object_name = "site"
    queryset = BurialSite.objects.select_related("region").prefetch_related(
        "citations__source", "media"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["people_buried"] = Paginator(
            self.object.people_buried.published().for_listing(), 25
        ).get_page(self.request.GET.get("page"))
        context["place_map"] = place_map(self.object, "burial")
        context["json_ld"] = ld_json_script(
            burial_site_json_ld(self.object, self.request.build_absolute_uri)
        )
        return context
