"""The demo's questionnaires: one accepted with a score, one waiting for review, one open
for the portal login's supplier, one overdue."""

from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Membership, Organization
from suppliers.models import QuestionnaireRequest
from suppliers.models.questionnaires import QuestionKind
from suppliers.selectors import questionnaires as selectors


def test_the_demo_sends_the_self_assessment_in_every_state(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    seed_demo()
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        requests = {
            r.supplier.code: r
            for r in selectors.requests(organization=organization).select_related("template")
        }
        template = requests["SUP-001"].template
        assert set(template.questions.values_list("kind", flat=True)) == set(QuestionKind.values)
        assert requests["SUP-003"].status == "accepted" and requests["SUP-003"].score is not None
        assert requests["SUP-005"].status == "submitted"
        assert requests["SUP-006"].overdue
        portal = Membership.objects.get(user__email="supplier@acme.example")
        assert requests["SUP-001"].status == "sent"
        assert requests["SUP-001"].supplier_id == portal.supplier_id
        count = QuestionnaireRequest.objects.count()
    seed_demo()  # idempotent
    with org_scope(organization):
        assert QuestionnaireRequest.objects.count() == count
