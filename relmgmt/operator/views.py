from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relmgmt.core.forms import apply_service_errors
from relmgmt.operator import selectors, services
from relmgmt.operator.access import operator_view
from relmgmt.operator.forms import AdminInviteForm, OrganizationCreateForm, SuspensionForm
from relmgmt.operator.status import system_status
from relmgmt.tenancy.models import Organization


@operator_view
def organization_list(request):
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "operator/organization_list.html",
        {"organizations": selectors.organizations(query=query), "query": query},
    )


@operator_view
def organization_create(request):
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization, invitation, _token = services.organization_create_with_admin(
                actor=request.user,
                name=data["name"],
                slug=data["slug"],
                admin_email=data["admin_email"],
                timezone_name=data["timezone"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"{organization.name} is created; {invitation.email} is invited as admin."
            )
            return redirect("operator:organization_detail", pk=organization.pk)
    return render(
        request,
        "operator/organization_create.html",
        {"form": form, "valid_days": settings.INVITATION_VALID_DAYS},
    )


def _detail(request, organization, *, invite_form=None, suspension_form=None, status=200):
    return render(
        request,
        "operator/organization_detail.html",
        {
            "subject": organization,
            "admins": selectors.admins(organization=organization),
            "admin_invitations": selectors.admin_invitations(organization=organization),
            "invite_form": invite_form or AdminInviteForm(),
            "suspension_form": suspension_form or SuspensionForm(),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
        status=status,
    )


@operator_view
def organization_detail(request, pk):
    return _detail(request, get_object_or_404(Organization, pk=pk))


@require_POST
@operator_view
def admin_invite(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    form = AdminInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation, _token = services.admin_invite(
                actor=request.user, organization=organization, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{invitation.email} is invited as admin.")
            return redirect("operator:organization_detail", pk=organization.pk)
    return _detail(request, organization, invite_form=form, status=400)


@require_POST
@operator_view
def organization_suspension(request, pk):
    """Suspend an active organisation, resume a suspended one."""
    organization = get_object_or_404(Organization, pk=pk)
    form = SuspensionForm(request.POST)
    if form.is_valid():
        change = (
            services.organization_resume
            if organization.is_suspended
            else services.organization_suspend
        )
        try:
            organization = change(
                actor=request.user, organization=organization, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            state = "suspended" if organization.is_suspended else "resumed"
            messages.success(request, f"{organization.name} is {state}.")
            return redirect("operator:organization_detail", pk=organization.pk)
    return _detail(request, organization, suspension_form=form, status=400)


@operator_view
def status(request):
    return render(request, "operator/status.html", {"checks": system_status()})
