from django import template

from suppliers import selectors_portal
from suppliers.models.requests import RequestStatus

register = template.Library()


@register.inclusion_tag("suppliers/portal_panel.html", takes_context=True)
def portal_panel(context, supplier):
    """On the supplier's page: its pending proposals and its requests not yet closed."""
    request = context["request"]
    organization = request.organization
    return {
        "request": request,
        "organization": organization,
        "supplier": supplier,
        "changes": list(
            selectors_portal.pending_profile_changes(organization=organization).filter(
                supplier=supplier
            )
        ),
        "requests": list(
            selectors_portal.supplier_requests(organization=organization)
            .filter(supplier=supplier)
            .exclude(status=RequestStatus.CLOSED)[:20]
        ),
        "perms_in_org": context.get("perms_in_org", ()),
        "csrf_token": context.get("csrf_token"),
    }
