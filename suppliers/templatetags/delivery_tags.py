from django import template

from suppliers.selectors import deliveries as selectors

register = template.Library()


@register.inclusion_tag("suppliers/deliveries/panel.html", takes_context=True)
def deliveries_panel(context, supplier):
    """The supplier's latest deliveries, with a link to all of them (two queries)."""
    request = context["request"]
    latest, count = selectors.latest_for_supplier(
        organization=request.organization, supplier=supplier
    )
    return {
        "request": request,
        "organization": request.organization,
        "supplier": supplier,
        "deliveries": latest,
        "count": count,
        "perms_in_org": context.get("perms_in_org", ()),
    }
