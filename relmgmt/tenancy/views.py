from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from relmgmt import policy
from relmgmt.core import extensions
from relmgmt.core.access import org_view
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from relmgmt.tenancy import selectors, services
from relmgmt.tenancy.filters import AuditorAccessFilter, MembershipFilter
from relmgmt.tenancy.forms import (
    AcceptInvitationForm,
    InvitationForm,
    MembershipForm,
    OrganizationSettingsForm,
    RemoveMemberForm,
)
from relmgmt.tenancy.models import Invitation, Membership


def organization_home_url(membership) -> str:
    if membership.role == policy.Role.SUPPLIER:
        return reverse("portal:home", kwargs={"org_slug": membership.organization.slug})
    return reverse("org_home", kwargs={"org_slug": membership.organization.slug})


@login_required
def home(request):
    """After sign-in: straight into the only organisation, or a choice between several."""
    memberships = selectors.memberships_of_user(request.user)
    if len(memberships) == 1:
        return redirect(organization_home_url(memberships[0]))
    return render(
        request,
        "tenancy/choose_organization.html",
        {"memberships": [(m, organization_home_url(m)) for m in memberships]},
    )


@org_view(read="organization.view")
def org_home(request):
    organization = request.organization
    context = {"home_tiles": extensions.home_tiles, "home_panels": extensions.home_panels}
    if policy.can(request.membership, "members.manage"):  # the members card is theirs
        role_counts = selectors.role_counts(organization=organization)
        context["role_counts"] = role_counts
        context["member_total"] = sum(role_counts.values())
        context["pending_invitations"] = selectors.pending_invitations(
            organization=organization
        ).count()
    return render(request, "tenancy/org_home.html", context)


@org_view(read="members.manage", write="members.manage")
def member_list(request):
    organization = request.organization
    members = MembershipFilter(request.GET, queryset=selectors.members(organization=organization))
    return render_page_or_fragment(
        request,
        "tenancy/member_list.html",
        "members",
        {
            "filter": members,
            "members": members.qs,
            "invitations": selectors.pending_invitations(organization=organization),
        },
    )


@org_view(read="members.manage")
def auditor_access_log(request):
    """What auditor members viewed and downloaded, for the admins, with filters."""
    organization = request.organization
    found = AuditorAccessFilter(
        request.GET,
        queryset=selectors.auditor_access(organization=organization),
        auditors=selectors.auditors_logged(organization=organization),
    )
    page = paginate(request, found.qs)
    return render_page_or_fragment(
        request, "tenancy/auditor_access_log.html", "results", {"filter": found, "page": page}
    )


@org_view(read="members.manage", write="members.manage")
def member_invite(request):
    organization = request.organization
    form = InvitationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                organization=organization,
                actor=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("member_list", org_slug=organization.slug)
    return render(
        request,
        "tenancy/member_invite.html",
        {"form": form, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@org_view(read="members.manage", write="members.manage")
def member_detail(request, pk):
    organization = request.organization
    membership = get_object_or_404(selectors.members(organization=organization), pk=pk)
    initial = {
        "role": membership.role,
        "supplier": membership.supplier,
        "expires_at": membership.expires_at,
    }
    form = MembershipForm(request.POST or None, initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                organization=organization,
                actor=request.user,
                membership=membership,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{membership.user.email}'s access is saved.")
            return redirect("member_detail", org_slug=organization.slug, pk=membership.pk)
    return render(
        request,
        "tenancy/member_detail.html",
        {
            "member": membership,
            "form": form,
            "remove_form": RemoveMemberForm(),
            "record": membership,
        },
    )


@require_POST
@org_view(read="members.manage", write="members.manage")
def member_remove(request, pk):
    organization = request.organization
    membership = get_object_or_404(Membership.objects, pk=pk)
    form = RemoveMemberForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.membership_remove(
            organization=organization, actor=request.user, membership=membership, reason=reason
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("member_detail", org_slug=organization.slug, pk=membership.pk)
    messages.success(request, f"{membership.user.email} no longer has access.")
    return redirect("member_list", org_slug=organization.slug)


@require_POST
@org_view(read="members.manage", write="members.manage")
def invitation_revoke(request, pk):
    organization = request.organization
    invitation = get_object_or_404(Invitation.objects, pk=pk)
    try:
        services.invitation_revoke(
            organization=organization, actor=request.user, invitation=invitation
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation of {invitation.email} is withdrawn.")
    return redirect("member_list", org_slug=organization.slug)


@org_view(read="settings.view", write="settings.manage")
def organization_settings(request):
    organization = request.organization
    if not policy.can(request.membership, "settings.manage"):
        return render(
            request,
            "tenancy/organization_settings.html",
            {"record": organization, "sections": selectors.settings_described(organization)},
        )
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization=organization,
                actor=request.user,
                name=form.cleaned_data["name"],
                timezone_name=form.cleaned_data["timezone"],
                require_mfa=form.cleaned_data["require_mfa"],
                **form.section_values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("organization_settings", org_slug=organization.slug)
    return render(
        request, "tenancy/organization_settings.html", {"form": form, "record": organization}
    )


def invitation_accept(request, token):
    """The emailed link: create the account, or add the signed-in person, then go in."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "tenancy/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    form = None if user else AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = services.invitation_accept(
                token=token,
                user=user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password"] if form else "",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if user is None:
                login(
                    request,
                    membership.user,
                    backend="allauth.account.auth_backends.AuthenticationBackend",
                )
            messages.success(request, f"Welcome to {invitation.organization.name}.")
            return redirect(organization_home_url(membership))
    account_exists = (
        user is None and services.User.objects.filter(email__iexact=invitation.email).exists()
    )
    return render(
        request,
        "tenancy/invitation_accept.html",
        {"invitation": invitation, "form": form, "account_exists": account_exists},
    )
