from django import template

from relmgmt import policy
from suppliers.selectors import agreements as agreement_selectors
from suppliers.selectors import reevaluations as reevaluation_selectors

register = template.Library()


@register.inclusion_tag("suppliers/reviews/supplier_panel.html", takes_context=True)
def reviews_panel(context, supplier):
    """The supplier's re-evaluations and agreements (two queries; its performance reviews
    are in the standing panel)."""
    request = context["request"]
    organization = request.organization
    return {
        "request": request,
        "organization": organization,
        "supplier": supplier,
        "can_change": policy.can(request.membership, "records.change"),
        "reevaluations": list(
            reevaluation_selectors.reevaluations(organization=organization).filter(
                supplier=supplier
            )
        ),
        "agreements": list(
            agreement_selectors.agreements(organization=organization).filter(supplier=supplier)
        ),
    }
