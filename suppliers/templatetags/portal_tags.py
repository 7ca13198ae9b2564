from django import template

from suppliers.models.requests import RequestStatus
from suppliers.selectors import portal as portal_selectors
from suppliers.selectors import requests as request_selectors

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
            portal_selectors.pending_profile_changes(organization=organization).filter(
                supplier=supplier
            )
        ),
        "requests": list(
            request_selectors.supplier_requests(organization=organization)
            .filter(supplier=supplier)
            .exclude(status=RequestStatus.CLOSED)[:20]
        ),
        "perms_in_org": context.get("perms_in_org", ()),
        "csrf_token": context.get("csrf_token"),
    }
