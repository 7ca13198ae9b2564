"""Django's ``format_html`` for the rows and controls of list pages.

Same contract: each argument is escaped unless it is already safe HTML, and the result is
safe. Django's version passes every argument through its lazy-translation wrappers, which
over a page of rows costs more than the formatting itself; this one escapes directly.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe


def format_html(template: str, *args) -> SafeString:
    # SafeString directly: ``mark_safe`` checks its argument for lazy text on every call.
    return SafeString(template.format(*map(escaped, args)))


def escaped(value) -> str:
    """``value`` as HTML: escaped, unless it is already safe HTML."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


NOT_DUE = mark_safe('<span class="muted">—</span>')  # noqa: S308 (a constant)
OVERDUE = '{} <span class="badge bad">overdue</span>'


def due_date(due, today, *, pending: bool = True) -> str:
    """A list's next-due date, marked overdue when before ``today``; a dash when there is
    none, or when the record is not ``pending`` (an inactive party, a disqualified
    supplier)."""
    if not pending or not due:
        return NOT_DUE
    if due < today:
        return format_html(OVERDUE, due.isoformat())
    return due.isoformat()
