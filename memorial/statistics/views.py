"""The statistics page and each chart's CSV: thin views over filtering and counting."""

import csv
import io

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from memorial.base.page_cache import CachedForVisitorsMixin
from memorial.base.structured_data import ld_json_script, web_page

from .charts import CHART_OF
from .counting import CACHE_SECONDS, chart_for, charts_for, page_parts
from .filtering import chosen, described, query_string, statistics_filter

# A spreadsheet reads a cell beginning with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell no spreadsheet runs: text that could start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class StatisticsView(CachedForVisitorsMixin, TemplateView):
    """The charts. A visitor's page is kept whole in the cache beside the figures: the nine
    charts take longer to render than to read."""

    template_name = "statistics/statistics.html"
    page_cache_seconds = CACHE_SECONDS

    @cached_property
    def filterset(self):
        return statistics_filter(self.request.GET)

    def page_cache_key_parts(self, request):
        return page_parts(request.path, self.filterset.form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        form = filterset.form
        valid = form.is_valid()
        items = chosen(form) if valid else []
        query = query_string(items)
        context.update(
            form=form,
            charts=charts_for(filterset.qs, items) if valid else [],
            active_filters=described(form) if valid else [],
            query=f"?{query}" if query else "",
            names_url=reverse("people:person_list") + (f"?{query}" if query else ""),
        )
        absolute_url = self.request.build_absolute_uri
        url = absolute_url(reverse("statistics:index"))
        context["json_ld"] = ld_json_script(web_page("WebPage", _("Statistics"), url, absolute_url))
        return context


class ChartCsvView(View):
    """One chart's numbers as CSV, with the same filters as the page."""

    def get(self, request, slug):
        kind = CHART_OF.get(slug)
        if kind is None:
            raise Http404
        filterset = statistics_filter(request.GET)
        if not filterset.form.is_valid():
            return HttpResponseBadRequest(
                _("Please correct the filters: %(errors)s")
                % {"errors": filterset.form.errors.as_text()},
                content_type="text/plain; charset=utf-8",
            )
        chart = chart_for(filterset.qs, chosen(filterset.form), slug)
        return csv_response(chart, f"statistics-{slug}.csv")


def csv_response(chart, filename):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([chart["category"], chart["unit"]])
    for label, count in chart["rows"]:
        writer.writerow([spreadsheet_safe(label), count])
    if chart["unknown_count"]:
        writer.writerow([spreadsheet_safe(chart["unknown_label"]), chart["unknown_count"]])
    # With a byte order mark, spreadsheets read Kazakh and Russian letters as UTF-8.
    response = HttpResponse(
        text.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
