from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.views.generic import DetailView, ListView

from memorial.text import clean_query
from memorial.views import PublishedOnlyMixin

from .models import NameVariant, Person


class PersonListView(ListView):
    """Published names, with a plain name search; a later issue brings filters and fuzziness."""

    template_name = "people/person_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = Person.objects.published().for_listing()
        self.query = clean_query(self.request.GET.get("q", ""))
        for word in self.query.split()[:5]:
            variants = NameVariant.objects.filter(person=OuterRef("pk")).filter(
                Q(surname__icontains=word) | Q(given_name__icontains=word)
            )
            queryset = queryset.filter(
                Q(surname__icontains=word)
                | Q(given_name__icontains=word)
                | Q(patronymic__icontains=word)
                | Exists(variants)
            )
        return queryset

    def paginate_queryset(self, queryset, page_size):
        # An odd ?page= shows the first or last page instead of an error page.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class PersonDetailView(PublishedOnlyMixin, DetailView):
    template_name = "people/person_detail.html"
    queryset = Person.objects.for_biography()
    context_object_name = "person"
    slug_url_kwarg = "no-slug-lookup"  # the id finds the person; the slug only decorates

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            # Old links keep working after a name is corrected.
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))
