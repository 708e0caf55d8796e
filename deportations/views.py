from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from memorial.views import PublishedOnlyMixin

from .models import Deportation, DeportedPeople


class DeportationListView(ListView):
    template_name = "deportations/deportation_list.html"
    context_object_name = "deportations"

    def get_queryset(self):
        return Deportation.objects.published().prefetch_related(
            Prefetch("peoples", queryset=DeportedPeople.objects.published())
        )

    def get_context_data(self, **kwargs):
        peoples = DeportedPeople.objects.published()
        return super().get_context_data(peoples=peoples, **kwargs)


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


class DeportedPeopleDetailView(PublishedOnlyMixin, DetailView):
    template_name = "deportations/deportedpeople_detail.html"
    context_object_name = "people"
    queryset = DeportedPeople.objects.prefetch_related("citations__source", "media")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deportations"] = self.object.deportations.published()
        return context
