"""A corrective action request as the suppliers' requests held them before the 8D: new ones
are refused (a corrective action is asked as an 8D), so it is raised through the service as
a document request and given the earlier kind, the row the data left behind."""

from relmgmt.core.scoping import org_scope
from suppliers.models import SupplierRequest
from suppliers.models.requests import RequestKind
from suppliers.services import requests as request_services


def earlier_corrective_action_request(*, organization, actor, supplier, data):
    request = request_services.request_raise(
        organization=organization,
        actor=actor,
        supplier=supplier,
        data={**data, "kind": RequestKind.DOCUMENT},
    )
    with org_scope(organization):
        SupplierRequest.objects.filter(pk=request.pk).update(kind=RequestKind.CORRECTIVE_ACTION)
    request.kind = RequestKind.CORRECTIVE_ACTION
    return request
