"""The demo's quality management system: objectives met and not met, one review held with
its frozen pack and signed minutes, one in preparation."""

from qms.models import ManagementReview
from qms.selectors.objectives import statuses
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Organization


def test_the_demo_has_objectives_met_and_not_and_two_reviews(db):
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        found = statuses(organization=organization)
        assert {status.met for status in found} >= {True, False}
        held = ManagementReview.objects.get(status="approved")
        assert held.snapshot["inputs"] and held.signature_id
        assert held.actions.count() == 2
        assert ManagementReview.objects.filter(status="preparation").count() == 1
