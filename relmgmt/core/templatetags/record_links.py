"""``{% record_links record as links %}``: the (term, text, url) links other apps registered for
a record's page (``relmgmt.core.extensions.record_links``), for members who may see them.
``{% record_links_url record %}``: where the same links are read on their own, as terms and
descriptions to add to a list of facts once the page has loaded (``record_links_panel``)."""

from django import template
from django.urls import reverse

from relmgmt import policy
from relmgmt.core import extensions

register = template.Library()


def links_for(request, record) -> list[tuple[str, str, str]]:
    label = record._meta.label_lower
    found: list[tuple[str, str, str]] = []
    for entry in extensions.record_links:
        if entry.model_label == label and policy.can(request.membership, entry.permission):
            found.extend(entry.links(request, record))
    return found


@register.simple_tag(takes_context=True)
def record_links(context, record) -> list[tuple[str, str, str]]:
    return links_for(context["request"], record)


@register.simple_tag(takes_context=True)
def record_links_url(context, record) -> str:
    return reverse(
        "record_links_panel",
        kwargs={
            "org_slug": context["request"].organization.slug,
            "model_label": record._meta.label_lower,
            "pk": record.pk,
        },
    )
