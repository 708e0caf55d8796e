from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.views.generic import DetailView, ListView

from memorial.base.structured_data import ld_json_script
from memorial.base.views import PublishedOnlyMixin
from people.models import Person

from .chart import deportation_timeline
from .models import Deportation, DeportationFigure, DeportationRecord, DeportedPeople
from .structured_data import (
    deportation_json_ld,
    deportation_list_json_ld,
    deported_people_json_ld,
)


class DeportationListView(ListView):
    template_name = "deportations/deportation_list.html"
    context_object_name = "deportations"

    def get_queryset(self):
        return Deportation.objects.published().prefetch_related(
            Prefetch("peoples", queryset=DeportedPeople.objects.published()),
            Prefetch("figures", queryset=DeportationFigure.objects.select_related("source")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["peoples"] = DeportedPeople.objects.published()
        context["chart"] = deportation_timeline(context["deportations"])
        context["json_ld"] = ld_json_script(
            deportation_list_json_ld(context["deportations"], self.request.build_absolute_uri)
        )
        return context


class DeportationDetailView(PublishedOnlyMixin, DetailView):
    template_name = "deportations/deportation_detail.html"
    context_object_name = "deportation"
    queryset = Deportation.objects.prefetch_related(
        Prefetch("peoples", queryset=DeportedPeople.objects.published()),
        "destinations",
        "figures__source",
        "citations__source",
        "media",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stories"] = self.object.stories.published()
        individuals = (
            Person.objects.published()
            .filter(
                Exists(
                    DeportationRecord.objects.filter(person=OuterRef("pk"), deportation=self.object)
                )
            )
            .for_listing()
        )
        context["individuals"] = Paginator(individuals, 25).get_page(self.request.GET.get("page"))
        context["json_ld"] = ld_json_script(
            deportation_json_ld(self.object, self.request.build_absolute_uri)
        )
        return context


class DeportedPeopleDetailView(PublishedOnlyMixin, DetailView):
    template_name = "deportations/deportedpeople_detail.html"
    context_object_name = "people"
    queryset = DeportedPeople.objects.prefetch_related("citations__source", "media")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A list: the page and its structured data both read it.
        context["deportations"] = deportations = list(self.object.deportations.published())
        context["json_ld"] = ld_json_script(
            deported_people_json_ld(self.object, deportations, self.request.build_absolute_uri)
        )
        return context
