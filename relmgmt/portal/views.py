"""The supplier portal shell. Domain apps fill it (``relmgmt.core.extensions``): their
pages, tabs and overview panels; every portal page shows its own supplier's records only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from relmgmt.core import extensions
from relmgmt.core.access import org_view
from relmgmt.policy import Role
from relmgmt.tenancy import selectors


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
    context = {
        "supplier": request.membership.supplier,
        "portal_section": "home",
        "panels": list(extensions.portal_panels),
    }
    return render(request, "portal/home.html", context)
