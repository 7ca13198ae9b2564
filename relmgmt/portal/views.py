"""The supplier portal shell. The suppliers app fills it with scorecards, questionnaires,
certificates and SCARs; every portal page shows its own supplier's records only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from relmgmt.policy import Role
from relmgmt.tenancy import selectors
from relmgmt.tenancy.access import org_view


@login_required
def portal_entry(request):
    supplier_memberships = [
        membership
        for membership in selectors.memberships_of_user(request.user)
        if membership.role == Role.SUPPLIER
    ]
    if len(supplier_memberships) == 1:
        return redirect("portal:home", org_slug=supplier_memberships[0].organization.slug)
    return render(
        request,
        "portal/choose.html",
        {
            "choices": [
                (m, reverse("portal:home", kwargs={"org_slug": m.organization.slug}))
                for m in supplier_memberships
            ]
        },
    )


@org_view(read="portal.use")
def portal_home(request):
    from suppliers.views.portal.overview import overview

    context = {"supplier": request.membership.supplier, "portal_section": "home"}
    return render(request, "portal/home.html", {**context, **overview(request)})
