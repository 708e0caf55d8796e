"""The public testimony form and its receipt."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from memorial.base.http import client_address, rate_count, rate_limited
from memorial.base.outage import DATABASE_DOWN, RETRY_AFTER_SECONDS, drop_connections
from memorial.base.structured_data import ld_json_script, web_page

from .family_link_views import keep_private, receipt_context
from .forms import TestimonyForm
from .models import Person
from .services import pending_uploads_store, testimony_submit
from .testimony_outage import offer_choices, unsaved_form


class TestimonyView(View):
    template_name = "people/testimony_form.html"

    def person_from_query(self, request):
        person_id = request.GET.get("person", "")
        # ASCII digits only ("¹" is a digit to Python, not to int()), and no more than an id
        # can have.
        if not (person_id.isascii() and person_id.isdigit()) or len(person_id) > 18:
            return None
        return Person.objects.published().filter(pk=int(person_id)).first()

    def get(self, request):
        person = self.person_from_query(request)
        form = TestimonyForm(initial={"person": person} if person else None)
        return self.render(request, form, person)

    def post(self, request):
        try:
            return self.receive(request)
        except DATABASE_DOWN:
            # The testimony is stored in one transaction: none of it was kept.
            drop_connections()
            response = self.render(request, unsaved_form(request), None, status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response

    def receive(self, request):
        form = TestimonyForm(request.POST, request.FILES)
        address = client_address(request)
        limit = settings.TESTIMONY_RATE_LIMIT
        rate_count(f"testimony-attempt:{address}")
        # Mistakes are forgiven many times over; stored submissions are counted strictly.
        if rate_limited(f"testimony-attempt:{address}", limit * 6) or rate_limited(
            f"testimony-sent:{address}", limit
        ):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Many testimonies have been sent from your connection in the last hour. "
                    "Nothing you typed is lost: please send the form again in an hour."
                ),
            )
            return self.render(request, form, None, status=429)
        if not form.is_valid():
            kept = pending_uploads_store(clean_files=form.clean_files, token=form.upload_token)
            form.keep_passed_files(kept)
            return self.render(request, form, form.cleaned_data.get("person"), status=400)
        data = {name: form.cleaned_data[name] for name in TestimonyForm.Meta.fields}
        testimony = testimony_submit(
            data=data,
            clean_files=form.clean_files,
            kept_uploads=form.kept_pending(),
            language=translation.get_language(),
            site_url=request.build_absolute_uri("/").rstrip("/"),
        )
        rate_count(f"testimony-sent:{address}")
        request.session["testimony_reference"] = testimony.reference
        return redirect("testimony_sent")

    def render(self, request, form, person, status=200):
        absolute_url = request.build_absolute_uri
        json_ld = web_page(
            "ContactPage",
            _("Send information about a person"),
            absolute_url(reverse("testimony")),
            absolute_url,
        )
        offer_choices(form)
        context = {"form": form, "person": person, "json_ld": ld_json_script(json_ld)}
        return render(request, self.template_name, context, status=status)


def testimony_sent(request):
    reference = request.session.get("testimony_reference")
    if not reference:
        return redirect("testimony")
    context = receipt_context(request, reference)
    # The page shows the family's private link: kept by no cache, named in no Referer.
    return keep_private(render(request, "people/testimony_sent.html", context))
