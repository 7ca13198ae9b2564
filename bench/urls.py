"""The product's URLs plus one bare view for the benchmarks to compare pages against."""

from django.http import HttpResponse
from django.urls import path

from corrective_actions.models import CorrectiveAction
from feedback.models import Complaint
from parties.models import Party
from relmgmt.core.access import org_view
from relmgmt.urls import urlpatterns as product_urlpatterns
from suppliers.models import Supplier

from .replay import replayed_statements_view


@org_view(read="records.view")
def bare_party_view(request):
    """One query on the parties table (the first 25 names, as text), behind the same
    middleware as every organisation page: session, user, organisation and membership."""
    names = Party.objects.filter(organization=request.organization).order_by("name")
    return HttpResponse("\n".join(names.values_list("name", flat=True)[:25]))


@org_view(read="records.view")
def bare_supplier_view(request):
    """The same for the suppliers table: the first 25 codes, as text."""
    codes = Supplier.objects.filter(organization=request.organization).order_by("code")
    return HttpResponse("\n".join(codes.values_list("code", flat=True)[:25]))


@org_view(read="records.view")
def bare_complaint_view(request):
    """The same for the complaints table: the latest 25 references, as text."""
    latest = Complaint.objects.filter(organization=request.organization).order_by(
        "-received_at", "-id"
    )
    return HttpResponse("\n".join(latest.values_list("reference", flat=True)[:25]))


@org_view(read="records.view")
def bare_corrective_action_view(request):
    """The same for the corrective actions table: the latest 25 references, as text."""
    latest = CorrectiveAction.objects.filter(organization=request.organization).order_by(
        "-opened_at", "-id"
    )
    return HttpResponse("\n".join(latest.values_list("reference", flat=True)[:25]))


urlpatterns = [
    path("o/<slug:org_slug>/bench-bare-corrective-actions/", bare_corrective_action_view),
    path("o/<slug:org_slug>/bench-bare-complaints/", bare_complaint_view),
    path("o/<slug:org_slug>/bench-bare/", bare_party_view),
    path("o/<slug:org_slug>/bench-bare-suppliers/", bare_supplier_view),
    path("o/<slug:org_slug>/bench-replay/<slug:name>/", replayed_statements_view),
    *product_urlpatterns,
]
