from django import template

from suppliers.selectors import portal as portal_selectors

register = template.Library()


@register.inclusion_tag("suppliers/portal_panel.html", takes_context=True)
def portal_panel(context, supplier):
    """On the supplier's page: its pending profile proposals (its requests are in the
    standing panel, ``suppliers/governance_panel.html``)."""
    request = context["request"]
    organization = request.organization
    return {
        "request": request,
        "organization": organization,
        "supplier": supplier,
        "changes": list(
            portal_selectors.pending_profile_changes(organization=organization).filter(
                supplier=supplier
            )
        ),
        "perms_in_org": context.get("perms_in_org", ()),
        "csrf_token": context.get("csrf_token"),
    }
