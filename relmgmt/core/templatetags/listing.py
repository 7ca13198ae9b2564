"""Sortable column headers and pagination links for list pages. Links keep every other
parameter of the request, so a filtered, sorted list survives paging and works without
JavaScript; htmx only makes the same links swap the results in place."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str, parameter: str = "o"):
    request = context["request"]
    current = request.GET.get(parameter, "")
    if current == key:
        target, state, arrow = f"-{key}", "ascending", " ▲"
    elif current == f"-{key}":
        target, state, arrow = key, "descending", " ▼"
    else:
        target, state, arrow = key, "none", ""
    query = request.GET.copy()
    query[parameter] = target
    query.pop("page", None)
    return format_html(
        '<th scope="col" aria-sort="{}"><a href="?{}">{}{}</a></th>',
        state,
        query.urlencode(),
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
