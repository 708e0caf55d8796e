"""Read-only JSON views over published records.

Lists are walked in the order records were made (by id) with a keyset cursor: `?after=` the
last id of the page before. The database finds each page through the primary key however
deep it lies, so the ten-thousandth page of a million names costs what the first does.
"""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from people.models import MergedPerson
from people.search import find_people

from .endpoints import KINDS
from .filters import LARGEST_ID
from .openapi import openapi_document
from .parameters import ListParameters
from .throttle import throttle


class ApiError(Exception):
    def __init__(self, status, code, message, parameters=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.parameters = parameters or {}


def json_response(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Open data: any site may read it from a visitor's browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(error):
    body = {"error": {"code": error.code, "message": error.message}}
    if error.parameters:
        body["error"]["parameters"] = error.parameters
    return json_response(body, status=error.status)


def merged_into(pk):
    """The published person a merged record's id now stands for, if any."""
    merged = MergedPerson.objects.filter(old_id=pk).select_related("merged_into").first()
    return merged.merged_into if merged and merged.merged_into.is_published else None


@method_decorator(csrf_exempt, name="dispatch")
class ApiView(View):
    """Rate limited, read only, errors as JSON in the visitor's language."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        limit = throttle(request)
        try:
            if limit.exceeded:
                raise ApiError(
                    429,
                    "rate_limited",
                    _("Too many requests: try again in %(seconds)s seconds.")
                    % {"seconds": limit.reset},
                )
            response = super().dispatch(request, *args, **kwargs)
        except ApiError as error:
            response = error_response(error)
        except Http404:
            response = error_response(ApiError(404, "not_found", _("No such published record.")))
        limit.add_headers(response)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        patch_vary_headers(response, ["Accept-Language"])
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = error_response(
            ApiError(405, "method_not_allowed", _("The open-data API is read only."))
        )
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response

    def options(self, request, *args, **kwargs):
        response = super().options(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


class RecordListView(ApiView):
    kind = None

    def get(self, request):
        parameters = ListParameters(request.GET, KINDS[self.kind])
        if not parameters.is_valid():
            raise ApiError(400, *parameters.mistake())
        records, extra = matching_records(parameters)
        after, limit = parameters.cleaned_data["after"], parameters.cleaned_data["limit"]
        page = list(records.filter(pk__gt=after).order_by("pk")[: limit + 1])
        following = None
        if len(page) > limit:
            page = page[:limit]
            following = next_page_url(request, page[-1].pk)
        results = KINDS[self.kind].represent(page, request.build_absolute_uri)
        response = json_response({"results": results, "next": following, **extra})
        if following:
            response["Link"] = f'<{following}>; rel="next"'
        return response


def matching_records(parameters):
    """The records the filters choose, and what the page says of a name search with them."""
    filterset = parameters.filterset
    records = filterset.qs
    cleaned = filterset.form.cleaned_data
    query = cleaned.get("q")
    if not query:
        return records, {}
    found = find_people(records, query, filters=cleaned)
    return records.filter(pk__any=list(found)), {"search_complete": found.complete}


def next_page_url(request, last_id):
    parameters = request.GET.copy()
    parameters["after"] = last_id
    return request.build_absolute_uri(f"{request.path}?{parameters.urlencode()}")


class RecordDetailView(ApiView):
    kind = None

    def get(self, request, pk):
        kind = KINDS[self.kind]
        if not pk.isascii() or not pk.isdigit() or not 0 < int(pk) <= LARGEST_ID:
            raise Http404
        pk = int(pk)
        record = kind.records().filter(pk=pk).first()
        if record is None:
            survivor = merged_into(pk) if self.kind == "people" else None
            if survivor is None:
                raise Http404
            # A record merged into another keeps its address, as its page does.
            return redirect(
                reverse("api:people_detail", kwargs={"pk": survivor.pk}), permanent=True
            )
        return json_response(kind.represent([record], request.build_absolute_uri)[0])


class OpenApiView(ApiView):
    def get(self, request):
        return json_response(openapi_document(request.build_absolute_uri))


class NotFoundView(ApiView):
    def get(self, request):
        raise Http404
