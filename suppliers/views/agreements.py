"""Pages of agreements with suppliers: the list, add, see and change one (with its service
levels and disputes). Thin: parse, call a service or selector, render."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.dates import organization_today
from relmgmt.core.exports import FORMATS, table
from relmgmt.core.files import attachment_response
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from suppliers.filters.agreements import AgreementFilter
from suppliers.forms.agreements import AgreementForm, DisputeFormSet, ServiceLevelFormSet
from suppliers.forms.performance_reviews import rows_of
from suppliers.selectors import agreements as agreement_selectors
from suppliers.selectors import compliance as compliance_selectors
from suppliers.services import agreements as services
from suppliers.views import panels

FREQUENCY_ROWS = 20


@org_view(read="records.view")
def agreement_compliance_export(request, fmt):
    """Every agreement the list's filters select, per quarter: service levels met and
    missed, complaints, disputes opened and closed."""
    if fmt not in FORMATS:
        raise Http404
    organization = request.organization
    found = AgreementFilter(
        request.GET,
        queryset=agreement_selectors.agreements_full(organization=organization),
        request=request,
    )
    rows = compliance_selectors.compliance_table(organization=organization, agreements=found.qs)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return attachment_response(
        table(compliance_selectors.COMPLIANCE_HEADERS, rows, fmt, "Contract compliance"),
        filename=f"contract-compliance-{organization.slug}-{stamp}.{fmt}",
        content_type=FORMATS[fmt],
    )


@org_view(read="records.view")
def agreement_list(request):
    organization = request.organization
    found = AgreementFilter(
        request.GET,
        queryset=agreement_selectors.agreements(organization=organization),
        request=request,
    )
    today = organization_today(organization)
    context = {
        "filter": found,
        "page": paginate(request, found.qs),
        "today": today,
        "can_change": policy.can(request.membership, "records.change"),
        "frequency_from": today - timedelta(days=364),
        "frequency": compliance_selectors.dispute_frequency(
            organization=organization, start=today - timedelta(days=364), end=today
        )[:FREQUENCY_ROWS],
    }
    return render_page_or_fragment(
        request, "suppliers/reviews/agreement_list.html", "results", context
    )


def _agreement(request, pk):
    return get_object_or_404(
        agreement_selectors.agreements_full(organization=request.organization), pk=pk
    )


@org_view(read="records.view")
def agreement_detail(request, pk):
    """Its terms, service levels and compliance (five queries); its reminders and history
    are panels read as they scroll into view (``views/panels.py``)."""
    agreement = _agreement(request, pk)
    today = organization_today(request.organization)
    comparison, compliance = compliance_selectors.agreement_performance(
        organization=request.organization, agreement=agreement, today=today
    )
    context = {
        "agreement": agreement,
        "record": agreement,
        "supplier": agreement.supplier,
        "today": today,
        "comparison": comparison,
        "compliance": compliance,
        "can_change": policy.can(request.membership, "records.change"),
        "panels": panels.AGREEMENT_PANELS,
    }
    return render(request, "suppliers/reviews/agreement_detail.html", context)


def _rows(agreement, name, fields):
    if agreement is None:
        return None
    return [
        {"id": row.pk, **{field: getattr(row, field) for field in fields}}
        for row in getattr(agreement, name).all()
    ]


def _form_page(request, agreement=None):
    organization = request.organization
    post = request.POST if request.method == "POST" else None
    initial = None
    if agreement is None and request.GET.get("supplier"):
        initial = {"supplier": request.GET.get("supplier")}
    form = AgreementForm(post, instance=agreement, initial=initial, organization=organization)
    levels = ServiceLevelFormSet(
        post,
        prefix="levels",
        initial=_rows(agreement, "service_levels", ("measure", "target", "unit", "metric")),
    )
    disputes = DisputeFormSet(
        post,
        prefix="disputes",
        initial=_rows(
            agreement,
            "disputes",
            ("raised_on", "description", "status", "resolution", "closed_on"),
        ),
    )
    reason_form = ReasonForm(post) if agreement else None
    valid = post is not None and all(
        part.is_valid() for part in (form, levels, disputes, reason_form) if part is not None
    )
    if valid:
        data = {
            **form.service_data(),
            "service_levels": rows_of(levels),
            "disputes": rows_of(disputes),
        }
        try:
            if agreement:
                agreement = services.agreement_update(
                    organization=organization,
                    actor=request.user,
                    agreement=agreement,
                    data=data,
                    reason=reason_form.cleaned_data["reason"],
                )
            else:
                agreement = services.agreement_create(
                    organization=organization, actor=request.user, data=data
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Agreement {agreement.contract_reference} is saved.")
            return redirect(
                "suppliers:agreement_detail", org_slug=organization.slug, pk=agreement.pk
            )
    context = {
        "form": form,
        "levels": levels,
        "disputes": disputes,
        "reason_form": reason_form,
        "agreement": agreement,
    }
    return render(request, "suppliers/reviews/agreement_form.html", context)


@org_view(read="records.change", write="records.change")
def agreement_create(request):
    return _form_page(request)


@org_view(read="records.change", write="records.change")
def agreement_edit(request, pk):
    return _form_page(request, _agreement(request, pk))
