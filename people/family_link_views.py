"""The family's private page about their testimony (people/family_link.py): its status in
plain words, and the two things they may do there without an account, each confirmed first.

The link's address holds its secret. Opening it only puts the testimony and its key in the
visitor's session and sends them on to an address without the secret
(/<language>/testimony/yours/), where the page and its forms live: so the secret is in no
log line a failed form or an access log writes, and in no Referer. The key is checked
against the testimony on every request, so a renewal or a deletion ends an open session
too. The pages are never cached or indexed."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .family_link import (
    FAMILY_STATUSES,
    family_link_path,
    family_status,
    testimony_from_key,
    testimony_from_token,
)
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


SESSION_KEY = "family_link"


# Exempt: it changes nothing, and a refused form would write the secret address to the log.
@method_decorator(csrf_exempt, name="dispatch")
class FamilyLinkView(View):
    """The link itself: remembered in the session, then left for the address without it."""

    def dispatch(self, request, token):
        testimony = testimony_from_token(token)
        if testimony is None:
            # Forged, altered, renewed or deleted: one answer, which tells no one which.
            response = render(request, "people/family_link_gone.html", status=404)
        else:
            request.session[SESSION_KEY] = {"t": testimony.pk, "k": testimony.family_key}
            response = redirect("testimony_family_page")
        return keep_private(response)


class FamilyPageView(View):
    template_name = "people/family_link.html"

    def dispatch(self, request):
        value = request.session.get(SESSION_KEY)
        if not isinstance(value, dict):
            # The session ended (8 hours, or another browser): the link opens it again.
            response = render(request, "people/family_link_expired.html")
            return keep_private(response)
        queryset = Testimony.objects.select_related("person")
        testimony = testimony_from_key(value.get("t"), value.get("k"), queryset)
        if testimony is None:
            del request.session[SESSION_KEY]
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
            return redirect("testimony_family_page")
        changed = ACTIONS[action](
            testimony=testimony, site_url=request.build_absolute_uri("/").rstrip("/")
        )
        outcome = {
            ("withdraw", True): "withdrawn",
            ("withdraw", False): "already-withdrawn",
            ("delete", True): "deletion-requested",
            ("delete", False): "already-requested",
        }[action, changed]
        return redirect(f"{reverse('testimony_family_page')}?done={outcome}")


RECEIPT_SHOWN_KEY = "testimony_link_shown"


def receipt_context(request, reference):
    """The receipt page's context. The private link is shown once: on a shared computer the
    receipt stays open to the next person for the session's life (8 hours), and the link
    must not; a reload says where the link is instead (the receipt email)."""
    testimony = Testimony.objects.filter(reference=reference).first()
    shown_before = request.session.get(RECEIPT_SHOWN_KEY) == reference
    family_link = ""
    if testimony is not None and not shown_before:
        family_link = request.build_absolute_uri(family_link_path(testimony))
        request.session[RECEIPT_SHOWN_KEY] = reference
    return {
        "reference": reference,
        "family_link": family_link,
        "link_shown_before": testimony is not None and shown_before,
        "link_emailed": bool(testimony is not None and testimony.email),
    }
