"""``{% record_links record as links %}``: the (term, text, url) links other apps registered for
a record's page (``relmgmt.core.extensions.record_links``), for members who may see them."""

from django import template

from relmgmt import policy
from relmgmt.core import extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def record_links(context, record) -> list[tuple[str, str, str]]:
    request = context["request"]
    label = record._meta.label_lower
    found: list[tuple[str, str, str]] = []
    for entry in extensions.record_links:
        if entry.model_label == label and policy.can(request.membership, entry.permission):
            found.extend(entry.links(request, record))
    return found
