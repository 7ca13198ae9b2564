"""Pages of supply continuity: each supplied category with its approved sources, its
single-source flag and criticality, its backup and contingency plans (and the CSV and XLSX
export of the same rows); the forms naming a backup and writing a plan. Thin: parse, call
a service or selector, render."""

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
from suppliers.forms.continuity import BackupForm, ContingencyPlanForm
from suppliers.models.register import Category
from suppliers.selectors import continuity as selectors
from suppliers.selectors.spend import single_source_share
from suppliers.services import continuity as services


@org_view(read="records.view")
def continuity(request):
    organization = request.organization
    context = {
        "rows": selectors.continuity(organization=organization),
        "plans": list(selectors.plans(organization=organization)),
        "today": organization_today(organization),
        "share": single_source_share(organization),
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render(request, "suppliers/continuity/continuity.html", context)


@org_view(read="records.view")
def continuity_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    organization = request.organization
    headers, rows = selectors.continuity_table(selectors.continuity(organization=organization))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return attachment_response(
        table(headers, rows, fmt, "Supply continuity"),
        filename=f"supply-continuity-{organization.slug}-{stamp}.{fmt}",
        content_type=FORMATS[fmt],
    )


@org_view(read="records.change", write="records.change")
def category_backup(request, category):
    organization = request.organization
    if category not in Category.values:
        raise Http404
    sourcing = selectors.sourcings(organization=organization).filter(category=category).first()
    initial = (
        {
            "backup_supplier": sourcing.backup_supplier,
            "backup_due_on": sourcing.backup_due_on,
            "notes": sourcing.notes,
        }
        if sourcing
        else None
    )
    post = request.POST if request.method == "POST" else None
    form = BackupForm(post, initial=initial, organization=organization)
    if post is not None and form.is_valid():
        try:
            services.sourcing_save(
                organization=organization,
                actor=request.user,
                category=category,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The backup of {Category(category).label} is saved.")
            return redirect("suppliers:continuity", org_slug=organization.slug)
    context = {"form": form, "category_label": Category(category).label}
    return render(request, "suppliers/continuity/backup_form.html", context)


def _plan_page(request, plan=None):
    organization = request.organization
    post = request.POST if request.method == "POST" else None
    initial = {key: request.GET[key] for key in ("category", "supplier") if request.GET.get(key)}
    form = ContingencyPlanForm(post, instance=plan, initial=initial, organization=organization)
    reason_form = ReasonForm(post) if plan else None
    if post is not None and form.is_valid() and (reason_form is None or reason_form.is_valid()):
        try:
            if plan:
                plan = services.plan_update(
                    organization=organization,
                    actor=request.user,
                    plan=plan,
                    data=form.service_data(),
                    reason=reason_form.cleaned_data["reason"] if reason_form else "",
                )
            else:
                plan = services.plan_create(
                    organization=organization, actor=request.user, data=form.service_data()
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The contingency plan {plan.title} is saved.")
            return redirect("suppliers:continuity", org_slug=organization.slug)
    context = {"form": form, "reason_form": reason_form, "plan": plan}
    return render(request, "suppliers/continuity/plan_form.html", context)


@org_view(read="records.change", write="records.change")
def plan_create(request):
    return _plan_page(request)


@org_view(read="records.change", write="records.change")
def plan_edit(request, pk):
    plan = get_object_or_404(selectors.plans(organization=request.organization), pk=pk)
    return _plan_page(request, plan)
