"""Pages of a list, for the list pages: 25 rows, the number of the page, the count."""

from hashlib import sha256

from django.core import paginator
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.functional import cached_property

from relmgmt.audit.selectors import trail_head

PAGE_SIZE = 25
# From about this row on, a page reads its rows' ids first, then the rows themselves:
# skipping thousands of ids costs much less than skipping thousands of whole rows.
DEEP_ROWS = 2_000
COUNT_TIMEOUT = 3600


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, records_of=None):
    """The requested page; an out-of-range or malformed number gives the nearest page.

    ``records_of``: the organisation whose audited records, and nothing else, the list
    shows and filters on. Its count is then remembered until the organisation's audit
    trail moves on.
    """
    return Paginator(queryset, per_page, records_of=records_of).get_page(request.GET.get("page"))


class Paginator(paginator.Paginator):
    def __init__(self, object_list, per_page, *, records_of=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.records_of = records_of

    @cached_property
    def count(self) -> int:
        if self.records_of is None or not isinstance(self.object_list, QuerySet):
            return super().count
        # Every change of an audited record moves the organisation's trail to a new head,
        # so the head and the query's SQL name this count exactly: nothing goes stale.
        organization = self.records_of
        head = trail_head(organization=organization)
        query = sha256(repr(self.object_list.query.sql_with_params()).encode()).hexdigest()
        key = f"list-count:{organization.pk}:{head}:{query}"
        count = cache.get(key)
        if count is None:
            count = self.object_list.count()
            cache.set(key, count, COUNT_TIMEOUT)
        return count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEEP_ROWS or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.order_by().in_bulk(ids)
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
