"""The evidence by clause: what answers each clause of ISO 9001, a click away."""

from django.shortcuts import render

from qms import evidence as clause_map
from relmgmt.core.access import org_view


@org_view(read="records.view")
def evidence(request):
    return render(request, "qms/evidence.html", {"clauses": clause_map.clauses(request)})
