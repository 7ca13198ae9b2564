from django import template

from relmgmt import policy
from suppliers import selectors_reviews

register = template.Library()


@register.inclusion_tag("suppliers/reviews/supplier_panel.html", takes_context=True)
def reviews_panel(context, supplier):
    """The supplier's re-evaluations, performance reviews and agreements (three queries)."""
    request = context["request"]
    organization = request.organization
    return {
        "request": request,
        "organization": organization,
        "supplier": supplier,
        "can_change": policy.can(request.membership, "records.change"),
        **selectors_reviews.for_supplier(organization=organization, supplier=supplier),
    }
