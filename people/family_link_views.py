"""The family's private page about their testimony (people/family_link.py): its status in
plain words, and the two things they may do there without an account, each confirmed first.

The address holds the link's secret, so the page is never cached, indexed, or named in a
Referer header."""

from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View

from .family_link import FAMILY_STATUSES, family_status, testimony_from_token
from .models import Testimony
from .services import testimony_request_deletion_by_family, testimony_withdraw_by_family

# What each action does, and what the page says after it ("done") or when it was done
# before ("already").
ACTIONS = {
    "withdraw": testimony_withdraw_by_family,
    "delete": testimony_request_deletion_by_family,
}
OUTCOMES = {"withdrawn", "already-withdrawn", "deletion-requested", "already-requested"}


def keep_private(response):
    """No cache anywhere, no search engine, no address in a Referer: the address is the key.
    "strict-origin" names only the site, never the page; "no-referrer" would also make the
    browser send "Origin: null" with the page's own forms, which Django's CSRF check refuses."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class FamilyLinkView(View):
    template_name = "people/family_link.html"

    def dispatch(self, request, token):
        testimony = testimony_from_token(token, Testimony.objects.select_related("person"))
        if testimony is None:
            # Forged, altered, renewed or deleted: one answer, which tells no one which.
            response = render(request, "people/family_link_gone.html", status=404)
        else:
            response = super().dispatch(request, testimony)
        return keep_private(response)

    def get(self, request, testimony):
        step = request.GET.get("step")
        outcome = request.GET.get("done")
        context = {
            "testimony": testimony,
            "status": family_status(testimony),
            "status_text": FAMILY_STATUSES[family_status(testimony)],
            "confirm": step if step in ACTIONS else None,
            "outcome": outcome if outcome in OUTCOMES else None,
        }
        return render(request, self.template_name, context)

    def post(self, request, testimony):
        action = request.POST.get("action")
        if action not in ACTIONS:
            return redirect(request.path)
        changed = ACTIONS[action](
            testimony=testimony, site_url=request.build_absolute_uri("/").rstrip("/")
        )
        outcome = {
            ("withdraw", True): "withdrawn",
            ("withdraw", False): "already-withdrawn",
            ("delete", True): "deletion-requested",
            ("delete", False): "already-requested",
        }[action, changed]
        return redirect(f"{request.path}?done={outcome}")
