from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from memorial.base.page_cache import CachedForVisitorsMixin
from memorial.base.pagination import CappedCountPaginator
from memorial.base.structured_data import ld_json_script, summary, web_page
from memorial.base.text import transliterate
from memorial.base.views import PublishedOnlyMixin

from .family_page import family_context
from .filters import KAZAKH_RUSSIAN_LETTERS, LATIN_LETTERS, SORTS, PersonFilter
from .models import MergedPerson, Person, load_sparse_relations
from .reading_names import recorded_language
from .search import find_people, is_narrowed
from .structured_data import person_json_ld
from .timeline import biography_timeline

# Filters that narrow a name search by what records often get wrong or leave out.
NARROWING = ("born_from", "born_to", "place")


class PersonListView(FilterView):
    """Published names: search in any script, filters, an alphabetical index, sorting."""

    filterset_class = PersonFilter
    paginator_class = CappedCountPaginator
    template_name = "people/person_list.html"
    paginate_by = 25

    def get_queryset(self):
        return Person.objects.published().for_listing().order_by(*SORTS["name"])

    def name_query(self):
        form = self.filterset.form
        return form.cleaned_data.get("q", "") if form.is_valid() else ""

    def paginate_queryset(self, queryset, page_size):
        query = self.name_query()
        if query:
            found = find_people(queryset, query, filters=self.filterset.form.cleaned_data)
            self.results_complete = found.complete
            self.near_misses = self.count_near_misses(query, found)
            if self.filterset.form.cleaned_data.get("sort"):
                queryset = queryset.filter(pk__any=found)
            else:
                return self.paginate_ranked(found, page_size)
        # An odd ?page= shows the first or last page instead of an error page.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def paginate_ranked(self, found, page_size):
        """Best matches first: a page of ids, then the people on it."""
        paginator = self.get_paginator(found, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        people = Person.objects.for_listing().in_bulk(page.object_list)
        page.object_list = [people[pk] for pk in page.object_list if pk in people]
        return paginator, page, page.object_list, page.has_other_pages()

    def is_filtered(self):
        form = self.filterset.form
        return form.is_valid() and any(
            value not in (None, "", False)
            for key, value in form.cleaned_data.items()
            if key not in ("q", "sort", "letter")
        )

    def count_near_misses(self, query, found):
        """People the name matches but the years or place of birth chosen leave out: said on
        the page, never hidden silently."""
        data = self.filterset.data
        if not any(data.get(key) for key in NARROWING):
            return 0
        # The other filters as the page has checked them: the wider list is made (and they
        # are checked again) only when they narrow the search.
        cleaned = self.filterset.form.cleaned_data
        others = {key: value for key, value in cleaned.items() if key not in NARROWING}
        people = self.wider_list() if is_narrowed(others) else None
        return len(set(find_people(people, query)) - set(found))

    def wider_list(self):
        """The people the page's filters choose but those in NARROWING."""
        wider = self.filterset.data.copy()
        for key in NARROWING:
            wider.pop(key, None)
        return PersonFilter(wider, queryset=self.get_queryset()).qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        query = form.cleaned_data.get("q", "") if form.is_valid() else ""
        context.update(
            query=query,
            near_misses=getattr(self, "near_misses", 0),
            results_complete=getattr(self, "results_complete", True),
            letter=form.cleaned_data.get("letter", "") if form.is_valid() else "",
            cyrillic_letters=self.letter_links(KAZAKH_RUSSIAN_LETTERS),
            latin_letters=self.letter_links(LATIN_LETTERS),
            suggestions=self.spelling_suggestions(query),
            is_filtered=self.is_filtered(),
        )
        absolute_url = self.request.build_absolute_uri
        url = absolute_url(reverse("people:person_list"))
        context["json_ld"] = ld_json_script(
            web_page("CollectionPage", _("Names"), url, absolute_url)
        )
        return context

    def letter_links(self, letters):
        """(letter, address) of each letter of the index: the list's own query with the
        letter set and the page left out. Made here, from one copy of the query: drawn by
        {% querystring %}, sixty-eight links took a tenth of the page's time."""
        query = self.request.GET.copy()
        query.pop("page", None)
        links = []
        for letter in letters:
            query["letter"] = letter
            links.append((letter, f"?{query.urlencode()}"))
        return links

    @staticmethod
    def spelling_suggestions(query):
        """Other spellings worth a try when nothing is found: another script, the surname alone."""
        if not query:
            return []
        suggestions = [transliterate(query).title()]
        words = query.split()
        if len(words) > 1:
            suggestions.append(max(words, key=len))
        return [suggestion for suggestion in dict.fromkeys(suggestions) if suggestion != query]


class PersonDetailView(CachedForVisitorsMixin, PublishedOnlyMixin, DetailView):
    template_name = "people/person_detail.html"
    queryset = Person.objects.for_biography()
    context_object_name = "person"
    slug_url_kwarg = "no-slug-lookup"  # the id finds the person; the slug only decorates

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            # A record merged into another keeps its address: it leads to the survivor.
            merged = MergedPerson.objects.filter(old_id=kwargs["pk"]).first()
            if merged is None:
                raise
            return redirect(merged.merged_into, permanent=True)
        if kwargs.get("slug") != self.object.slug:
            # Old links keep working after a name is corrected.
            return redirect(self.object, permanent=True)
        load_sparse_relations([self.object])
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context["timeline"] = biography_timeline(person)
        context["canonical_url"] = self.request.build_absolute_uri(person.get_absolute_url())
        context["json_ld"] = ld_json_script(person_json_ld(person, self.request.build_absolute_uri))
        # One line for the meta description: the template escapes it.
        context["summary"] = summary(person.biography, 300, paragraphs=False)
        context["shown_name"] = shown = person.shown_name
        # The form the heading shows is not listed again among the other forms.
        context["other_variants"] = [
            variant for variant in person.name_variants.all() if str(variant) != shown.text
        ]
        context["recorded_language"] = recorded_language(person)
        context.update(family_context(person))
        return context
