from django import template

from suppliers.selectors import questionnaires as selectors

register = template.Library()

PANEL_ROWS = 5


@register.inclusion_tag("suppliers/questionnaires/panel.html", takes_context=True)
def questionnaires_panel(context, supplier):
    """The supplier's latest questionnaires and its latest accepted score (three queries)."""
    request = context["request"]
    organization = request.organization
    found = selectors.requests_of_supplier(organization=organization, supplier=supplier)
    return {
        "request": request,
        "organization": organization,
        "supplier": supplier,
        "questionnaires": list(found[:PANEL_ROWS]),
        "count": found.count(),
        "latest": selectors.latest_score(organization=organization, supplier=supplier),
        "perms_in_org": context.get("perms_in_org", ()),
    }
