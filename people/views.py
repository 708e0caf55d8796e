from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import npgettext, pgettext, pgettext_lazy
from django.views.generic import DetailView
from django_filters.views import FilterView

from memorial.base.page_cache import CachedForVisitorsMixin
from memorial.base.pagination import CappedCountPaginator
from memorial.base.structured_data import ld_json_script, web_page
from memorial.base.text import strip_html, transliterate
from memorial.base.views import PublishedOnlyMixin

from .filters import KAZAKH_RUSSIAN_LETTERS, LATIN_LETTERS, SORTS, PersonFilter
from .kinship import own_word, relative_word, word_for
from .models import (
    MergedPerson,
    Person,
    Relationship,
    RelationshipKind,
    Role,
    Sex,
    load_sparse_relations,
)
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
                queryset = queryset.filter(pk__in=found)
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
            cyrillic_letters=KAZAKH_RUSSIAN_LETTERS,
            latin_letters=LATIN_LETTERS,
            suggestions=self.spelling_suggestions(query),
            is_filtered=self.is_filtered(),
        )
        absolute_url = self.request.build_absolute_uri
        url = absolute_url(reverse("people:person_list"))
        context["json_ld"] = ld_json_script(
            web_page("CollectionPage", _("Names"), url, absolute_url)
        )
        return context

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
        context["summary"] = strip_html(person.biography)[:300]
        context.update(family_context(person))
        return context


# The family as the biography shows it: the words, years and sentences prepared here, so that
# the template only lays them out and reads nothing the page has not fetched.


@dataclass
class Relative:
    """A published relative on the biography: the word for them, their years, and whether
    they were sentenced as this person's family member."""

    member: object
    word: str
    years: str
    sentenced_as_family: bool = False
    # On a child's box: the person's spouses the records also name as the child's parent.
    other_parents: list = field(default_factory=list)

    @property
    def person(self):
        return self.member.relative

    @property
    def since(self):
        """When a marriage or an "other" tie began and ended, where the record says. A parent
        and child or two siblings are tied from a birth the years already show."""
        if self.member.role not in (Role.SPOUSE, Role.OTHER):
            return ""
        relationship = self.member.relationship
        parts = []
        if relationship.start:
            start = relationship.start.display()
            if self.member.role == Role.SPOUSE:
                parts.append(pgettext("relationship", "married %(date)s") % {"date": start})
            else:
                parts.append(pgettext("relationship", "from %(date)s") % {"date": start})
        if relationship.end:
            end = relationship.end.display()
            parts.append(pgettext("relationship", "until %(date)s") % {"date": end})
        return ", ".join(parts)


@dataclass
class TreeRow:
    """One generation of the family picture; the person's own row holds their spouses."""

    role: str
    label: str
    relatives: list = field(default_factory=list)
    # The own row's bar the children hang from, across the person and every spouse alike.
    holds_children: bool = False

    @property
    def is_own(self):
        return self.role == Role.SPOUSE


# Brothers and sisters come last, apart: a line from them to the children would say the
# children were theirs. The own row's label depends on the number of spouses.
TREE_ROWS = [
    (Role.PARENT, pgettext_lazy("family picture", "Parents")),
    (Role.SPOUSE, ""),
    (Role.CHILD, pgettext_lazy("family picture", "Children")),
    (Role.SIBLING, pgettext_lazy("family picture", "Brothers and sisters")),
]

# How the Russian verb agrees with the sentenced person ("осуждён", "осуждена"): each
# context written out, for makemessages finds no message whose context is a variable.
RELATIVE_UNNAMED = {
    Sex.MALE: pgettext_lazy(
        "sentenced man", "Sentenced as a family member of a traitor to the Motherland."
    ),
    Sex.FEMALE: pgettext_lazy(
        "sentenced woman", "Sentenced as a family member of a traitor to the Motherland."
    ),
    "": pgettext_lazy(
        "sentenced person", "Sentenced as a family member of a traitor to the Motherland."
    ),
}
RELATIVE_NAMED = {
    Sex.MALE: pgettext_lazy(
        "sentenced man",
        "Sentenced as the {own_word} of {name}, a family member of a traitor to the Motherland.",
    ),
    Sex.FEMALE: pgettext_lazy(
        "sentenced woman",
        "Sentenced as the {own_word} of {name}, a family member of a traitor to the Motherland.",
    ),
    "": pgettext_lazy(
        "sentenced person",
        "Sentenced as the {own_word} of {name}, a family member of a traitor to the Motherland.",
    ),
}


def year_of(date):
    if date is None:
        return "?"
    if date.approximate or date.end is not None:
        return _("c. %(date)s") % {"date": date.year}
    return str(date.year)


def life_years(person):
    """Birth and death years, "?" where one is unknown; nothing where both are."""
    if not (person.birth_date or person.death_date):
        return ""
    return f"{year_of(person.birth_date)}–{year_of(person.death_date)}"


def family_context(person):
    """The Family section, its picture and each case's family-member sentence."""
    sentenced = {case.person_id for case in person.family_member_cases.all()}
    relatives = [
        Relative(
            member,
            # The archivist's words for an "other" relative are as typed: "көкесі".
            capfirst(relative_word(member)),
            life_years(member.relative),
            member.relative.pk in sentenced,
        )
        for member in person.family
    ]
    name_other_parents(relatives)
    return {
        "relatives": relatives,
        "sentenced_relatives": [relative for relative in relatives if relative.sentenced_as_family],
        "family_tree": family_tree(relatives),
        "own_years": life_years(person),
        "cases": [(case, family_member_sentence(person, case)) for case in person.cases.all()],
    }


def family_tree(relatives):
    """The picture's rows, the person's own always; none if no relative fits a row."""
    rows = [
        TreeRow(role, label, [relative for relative in relatives if relative.member.role == role])
        for role, label in TREE_ROWS
    ]
    if not any(row.relatives for row in rows):
        return []
    own = next(row for row in rows if row.is_own)
    spouses = len(own.relatives)
    own.label = npgettext(
        "family picture", "The person and their spouse", "The person and their spouses", spouses
    )
    if not spouses:
        own.label = pgettext("family picture", "The person")
    own.holds_children = any(row.relatives for row in rows if row.role == Role.CHILD)
    return [row for row in rows if row.relatives or row.is_own]


def name_other_parents(relatives):
    """Note on each child's box which of the person's spouses the records also name as the
    child's parent, so that the picture says no more than the records. One query for any
    number of relatives, among published relatives only; none without spouses and children."""
    spouses = {r.person.pk: r for r in relatives if r.member.role == Role.SPOUSE}
    children = {r.person.pk: r for r in relatives if r.member.role == Role.CHILD}
    if not (spouses and children):
        return
    links = Relationship.objects.filter(
        kind=RelationshipKind.PARENT, first__in=spouses, second__in=children
    ).values_list("first_id", "second_id")
    for parent_pk, child_pk in links.order_by("first_id"):
        parent = spouses[parent_pk].person
        word = word_for(Role.PARENT, parent.sex)
        children[child_pk].other_parents.append((word, parent.full_name))


def family_member_sentence(person, case):
    """What a ChSIR case says of the relative it was for ("sentenced as the wife of …"),
    naming them only if published. Russian and Kazakh say the relative's word after a dash,
    so that no name is declined."""
    if not case.family_member_of_id:
        return ""
    sex = person.sex if person.sex in RELATIVE_NAMED else ""
    member = next((m for m in person.family if m.relative.pk == case.family_member_of_id), None)
    if member is None:
        return str(RELATIVE_UNNAMED[sex])
    relative = member.relative
    link = format_html('<a href="{}">{}</a>', relative.get_absolute_url(), relative.full_name)
    return format_html(
        str(RELATIVE_NAMED[sex]),
        own_word=str(own_word(member)).lower(),
        relative_word=str(relative_word(member)).lower(),
        name=link,
    )
