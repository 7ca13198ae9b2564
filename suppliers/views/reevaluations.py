"""Pages of re-evaluations: the suppliers due (and overdue), record one for a supplier
(its decision carried out, signed where the approval change is signed), and see one.
Thin: parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.dates import organization_today
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from suppliers.filters.reevaluations import ReEvaluationDueFilter
from suppliers.forms.reevaluations import ReEvaluationForm
from suppliers.selectors import reevaluations as reevaluation_selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import reevaluations as services


def _mark_overdue(organization, suppliers) -> None:
    today = organization_today(organization)
    for supplier in suppliers:
        supplier.overdue = supplier.next_evaluation_due < today


# The re-evaluations due and their export.
REEVALUATION_DUE_EXPORT = ListExport(
    name="reevaluations-due",
    sheet="Re-evaluations due",
    filterset=ReEvaluationDueFilter,
    queryset=reevaluation_selectors.reevaluations_due,
    prepare=_mark_overdue,
    columns=[
        Column("Due", lambda supplier: supplier.next_evaluation_due),
        Column("Overdue", lambda supplier: "yes" if supplier.overdue else "no"),
        Column("Code", lambda supplier: supplier.code),
        Column("Supplier", lambda supplier: supplier.party.name),
        Column("Criticality", lambda supplier: supplier.get_criticality_display()),
        Column("Status", lambda supplier: supplier.get_status_display()),
        Column("Owner", lambda supplier: supplier.owner.display_name if supplier.owner else ""),
        Column("Last re-evaluated", lambda supplier: supplier.last_evaluated_on),
    ],
)
reevaluation_due_export = export_view(REEVALUATION_DUE_EXPORT)


@org_view(read="records.view")
def reevaluation_due_list(request):
    organization = request.organization
    found = REEVALUATION_DUE_EXPORT.filter(request)
    context = {
        "filter": found,
        "page": paginate(request, found.qs),
        "today": organization_today(organization),
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render_page_or_fragment(
        request, "suppliers/reviews/reevaluation_due_list.html", "results", context
    )


@org_view(read="records.change", write="records.change")
def reevaluation_create(request, pk):
    organization = request.organization
    supplier = get_object_or_404(register_selectors.suppliers(organization=organization), pk=pk)
    today = organization_today(organization)
    form = ReEvaluationForm(
        request.POST or None,
        initial={"evaluated_on": today, "evaluator": request.user.pk},
        organization=organization,
        supplier=supplier,
        next_due_default=services.default_next_evaluation(organization, supplier, today),
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.reevaluation_record(
                organization=organization,
                actor=request.user,
                supplier=supplier,
                data=form.service_data(),
                password=form.cleaned_data.get("password", ""),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The re-evaluation is recorded; the next is due on "
                f"{record.next_evaluation_due:%Y-%m-%d}.",
            )
            return redirect(
                "suppliers:reevaluation_detail", org_slug=organization.slug, pk=record.pk
            )
    context = {"form": form, "supplier": supplier}
    return render(request, "suppliers/reviews/reevaluation_form.html", context)


@org_view(read="records.view")
def reevaluation_detail(request, pk):
    record = get_object_or_404(
        reevaluation_selectors.reevaluations(organization=request.organization), pk=pk
    )
    context = {"reevaluation": record, "record": record, "supplier": record.supplier}
    return render(request, "suppliers/reviews/reevaluation_detail.html", context)
