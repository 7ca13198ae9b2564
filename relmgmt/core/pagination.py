"""Pages of a list, for the list pages: 25 rows, the number of the page, the count."""

from hashlib import sha256
from operator import attrgetter, itemgetter

from django.core import paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property

from relmgmt.audit import selectors as audit_selectors
from relmgmt.core.remembered import remembered, rows_key

PAGE_SIZE = 25
COUNT_TIMEOUT = 3600


def paginate(
    request,
    queryset,
    per_page: int = PAGE_SIZE,
    *,
    records_of=None,
    columns=None,
    rows_from=None,
    moment=None,
    marked_by=None,
):
    """The requested page; an out-of-range or malformed number gives the nearest page.

    ``records_of``: the organisation whose audited records, and nothing else, the list
    shows and filters on. Its count is then remembered until the organisation's audit
    trail moves on.

    ``columns``: the fields (``owner__email`` for a related one) the page shows; its rows
    are then dictionaries of these and ``pk``, read without building model instances.

    ``rows_from``: the list's queryset before its filters (a FilterSet's ``queryset``), to
    read the page's rows from by their ids. Given the filters as well, a database may look
    for those few rows through a filter's index, among thousands, rather than by id.

    ``marked_by``: a function that adds to a page's ``rows=`` (in place) what else they
    show, read after them.

    ``moment``: with ``records_of`` and ``columns``, each page's rows (marked) are
    remembered as well, under the trail's head and ``moment``: what else than the records
    the rows and their marks read (the day, for a flag of what falls due on a date; "" for
    nothing else). A page seen again, by anyone, then costs no query of its own until a
    record changes. A person's name is not a record: ``relmgmt.tenancy.admin`` renews
    what is remembered when one changes.
    """
    pages = Paginator(
        queryset,
        per_page,
        records_of=records_of,
        columns=columns,
        rows_from=rows_from,
        moment=moment,
        marked_by=marked_by,
    )
    return pages.get_page(request.GET.get("page"))


class Paginator(paginator.Paginator):
    def __init__(
        self,
        object_list,
        per_page,
        *,
        records_of=None,
        columns=None,
        rows_from=None,
        moment=None,
        marked_by=None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.records_of = records_of
        self.columns = columns
        self.rows_from = rows_from
        self.moment = moment
        self.marked_by = marked_by

    @cached_property
    def count(self) -> int:
        if self.records_of is None or not isinstance(self.object_list, QuerySet):
            return super().count
        # Every change of an audited record moves the organisation's trail to a new head,
        # so the head and the query's SQL name this count exactly: nothing goes stale. The
        # SQL is that of the rows' ids, unordered: what decides the count, and quick to write.
        return remembered(
            f"list-count:{rows_key(self.object_list)}",
            self.records_of,
            self.object_list.count,
            timeout=COUNT_TIMEOUT,
        )

    def get_page(self, number):
        """The page ``number`` (the nearest one when it is out of range or malformed).
        With the count remembered, the page's ids are read first with the audit trail's
        head in the same statement: the head names the count, so the page costs one query
        less. A number past the end reads the head, the count and the nearest page after."""
        if self.records_of is None or not isinstance(self.object_list, QuerySet):
            return super().get_page(number)
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1  # as Django reads a missing or malformed number
        if self.moment is not None and self.columns is not None and not self.orphans:
            rows = self._remembered_rows(wanted) if wanted >= 1 else []
            if rows:
                return self._get_page(rows, wanted, self)
            return super().get_page(number)
        if wanted >= 1 and not self.orphans and "count" not in self.__dict__:
            bottom = (wanted - 1) * self.per_page
            head = audit_selectors.trail_head_subquery(organization=self.records_of)
            pairs = list(
                self.object_list.annotate(list_trail_head=head).values_list(
                    "pk", "list_trail_head"
                )[bottom : bottom + self.per_page]
            )
            if pairs:
                audit_selectors.trail_head_read(organization=self.records_of, head=pairs[0][1])
                ids = [pk for pk, _head in pairs]
                rows = self._rows(ids)
                return self._get_page(rows, wanted, self)
        return super().get_page(number)

    def _remembered_rows(self, number: int) -> list:
        """The rows of page ``number`` (none past the end), remembered under the trail's
        head: the rows' query and their order, the page and what the rows read name them."""
        query = self.object_list.query
        shape = repr(
            (query.order_by, query.default_ordering, self.per_page, self.columns, self.moment)
        )
        digest = sha256(f"{rows_key(self.object_list)}:{shape}".encode()).hexdigest()
        key = f"list-rows:{digest}:{number}"

        def read() -> list:
            bottom = (number - 1) * self.per_page
            ids = list(
                self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page]
            )
            return self._rows(ids)

        return remembered(key, self.records_of, read, moment=self.moment, timeout=COUNT_TIMEOUT)

    def _rows(self, ids: list) -> list:
        rows = rows_of(self.object_list, ids, self.columns, self.rows_from)
        if self.marked_by is not None:
            self.marked_by(rows=rows)
        return rows

    def page(self, number):
        """Every page reads its rows' ids first, then the rows themselves: skipping
        thousands of ids (from an index) costs much less than skipping thousands of whole
        rows with their joins, and the first page and the last make the same queries."""
        number = self.validate_number(number)
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self._rows(ids)
        return self._get_page(rows, number, self)


def rows_of(queryset: QuerySet, ids: list, columns=None, rows_from=None) -> list:
    """The rows of ``queryset`` with ``ids``, in their order, read from ``rows_from`` (by
    default ``queryset``): model instances, or with ``columns`` dictionaries of those and
    ``pk``."""
    if not ids:
        return []
    rows = (queryset if rows_from is None else rows_from).order_by().filter(pk__in=ids)
    if columns is not None:
        rows = rows.values("pk", *columns)
    is_models = issubclass(rows._iterable_class, ModelIterable)
    key = attrgetter("pk") if is_models else itemgetter("pk")
    found = {key(row): row for row in rows}
    return [found[pk] for pk in ids if pk in found]
