"""Paginators that do not count a million rows to show twenty-five."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.utils.functional import cached_property


class EstimatedCountPaginator(Paginator):
    """For the admin: an unfiltered list of a large table takes PostgreSQL's own estimate of
    its size (kept current by ANALYZE); a filtered or searched list is counted exactly."""

    # Below this many rows an exact count costs nothing worth saving.
    ESTIMATE_ABOVE = 100_000

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if connection.vendor == "postgresql" and query is not None and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > self.ESTIMATE_ABOVE:
                return int(row[0])
        return super().count


class CappedPage(Page):
    """A page of a list whose length is known only up to the cap."""

    def has_next(self):
        if self.paginator.is_capped:
            return self.paginator.has_rows_after(self.number)
        return super().has_next()


class CappedCountPaginator(Paginator):
    """For public lists: counts up to `cap` ("more than 1,000"), and beyond that pages on
    without a total, so no visitor's request counts a million rows."""

    cap = 1000

    @cached_property
    def count(self):
        object_list = self.object_list
        if hasattr(object_list, "query"):
            # Unordered: which rows the limit keeps does not matter to a count; and only
            # the ids, so that no annotation of the list is computed for rows not shown.
            return object_list.order_by().values("pk")[: self.cap + 1].count()
        return min(len(object_list), self.cap + 1)

    @property
    def is_capped(self):
        return self.count > self.cap

    @cached_property
    def num_pages(self):
        if self.is_capped:
            return None  # not counted; see has_rows_after
        return super().num_pages

    def validate_number(self, number):
        if not self.is_capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > 1 and not self.has_rows_after(number - 1):
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def get_page(self, number):
        if not self.is_capped:
            return super().get_page(number)
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = 1
        return self.page(number)

    def page(self, number):
        if not self.is_capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return CappedPage(self.object_list[bottom : bottom + self.per_page], number, self)

    def has_rows_after(self, number):
        if number not in self._rows_after:
            start = number * self.per_page
            self._rows_after[number] = self.object_list[start : start + 1].exists()
        return self._rows_after[number]

    @cached_property
    def _rows_after(self):
        return {}
