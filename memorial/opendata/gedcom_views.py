"""“Download the family (GEDCOM)” on a biography: the person and their published relatives."""

from django import forms
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from people.models import MergedPerson, Person, Relationship

from .gedcom import V7, V551, VERSIONS, Portal, family_gedcom

PORTAL_NAME = gettext_lazy("Memorial: victims of political repression in Kazakhstan")
CONTENT_TYPES = {
    # The type registered for GEDCOM 7; older programs know 5.5.1 files by this one.
    V7: "text/vnd.familysearch.gedcom; charset=utf-8",
    V551: "application/x-gedcom; charset=utf-8",
}


class GedcomForm(forms.Form):
    version = forms.ChoiceField(choices=[(name, name) for name in VERSIONS], required=False)


class FamilyGedcomView(View):
    @staticmethod
    def merged_or_not_found(request, pk):
        """A record merged into another keeps its download, as its biography keeps its
        address: it leads to the survivor's."""
        merged = MergedPerson.objects.filter(old_id=pk).first()
        if merged is None:
            raise Http404(_("No published person has this number."))
        address = reverse("person_gedcom", kwargs={"pk": merged.merged_into_id})
        query = request.GET.urlencode()
        return redirect(f"{address}?{query}" if query else address, permanent=True)

    def get(self, request, pk):
        form = GedcomForm(request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest(
                _("Unknown GEDCOM version: ask for version=7.0 or version=5.5.1."),
                content_type="text/plain; charset=utf-8",
            )
        version = form.cleaned_data["version"] or V7
        person = Person.objects.published().with_family().filter(pk=pk).first()
        if person is None:
            return self.merged_or_not_found(request, pk)
        relatives = [member.relative for member in person.family]
        if not relatives:
            raise Http404(_("Nobody in this person's family is published yet."))
        people = [person, *dict.fromkeys(relatives)]
        prefetch_related_objects(people, "name_variants")
        ids = [someone.pk for someone in people]
        relationships = list(Relationship.objects.published().filter(first__in=ids, second__in=ids))
        portal = Portal(
            name=str(PORTAL_NAME),
            url=request.build_absolute_uri(reverse("home")),
            person_url=lambda someone: request.build_absolute_uri(someone.get_absolute_url()),
            today=timezone.localdate(),
            language=get_language(),
        )
        text = family_gedcom(person, people[1:], relationships, portal, version)
        response = HttpResponse(text.encode(), content_type=CONTENT_TYPES[version])
        suffix = "" if version == V7 else "-gedcom-5.5.1"
        filename = f"{person.slug or 'person'}-family{suffix}.ged"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
