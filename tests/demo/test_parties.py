"""The demo's register of interested parties: contacts, interactions and follow-ups, and
no record owned by an auditor."""

from django.utils import timezone

from parties.models import Contact, FollowUp, Interaction, Party, PlanSection, Risk
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Membership, Organization
from suppliers.models import ReviewAction, Supplier


def test_the_demo_has_contacts_interactions_and_overdue_follow_ups(db):
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        contacts = Contact.objects.all()
        assert 30 <= contacts.count() <= 70
        assert contacts.filter(consent_withdrawn_at__isnull=False).count() == 1
        # The register's own; the demo's survey answers (feedback) and a customer marked
        # lost after a meeting (customers) are interactions too.
        own = Interaction.objects.exclude(summary__startswith="Survey answered:").exclude(
            summary__startswith="Customer lost from"
        )
        assert own.count() == 12
        assert Interaction.objects.filter(summary__startswith="Survey answered:").exists()
        open_actions = FollowUp.objects.filter(done_at__isnull=True)
        assert open_actions.filter(due_on__lt=timezone.localdate()).exists()
        assert FollowUp.objects.filter(done_at__isnull=False).exists()


def test_the_demo_gives_no_record_to_an_auditor(db):
    for organization in Organization.objects.all():
        with org_scope(organization):
            auditors = set(
                Membership.objects.filter(role="auditor").values_list("user_id", flat=True)
            )
            for model in (Party, Supplier, Risk, PlanSection, FollowUp, ReviewAction):
                owners = set(model.objects.values_list("owner_id", flat=True))
                assert not owners & auditors, model.__name__
