"""The evidence by clause: what answers each clause of ISO 9001, a click away."""

from django.shortcuts import render

from qms import evidence as clause_map
from qms.forms.packs import EvidencePackForm
from qms.selectors import packs
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.dates import organization_today


@org_view(read="records.view")
def evidence(request):
    context = {"clauses": clause_map.clauses(request)}
    if policy.can(request.membership, "evidence.export"):
        today = organization_today(request.organization)
        context["pack_form"] = EvidencePackForm(
            initial={"start": today.replace(year=today.year - 1), "end": today}
        )
        context["packs"] = packs.recent_evidence_packs(organization=request.organization)
    return render(request, "qms/evidence.html", context)
