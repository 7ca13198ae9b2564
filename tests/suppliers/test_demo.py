"""The demo's supplier register."""

from collections import Counter
from datetime import timedelta

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Membership, Organization
from suppliers.demo.certificates import DEMO_CERTIFICATES, RENEWED
from suppliers.demo.register import PATHS, REINSTATED
from suppliers.models import Certificate, Supplier, SupplierTransition
from suppliers.models.register import ApprovalStatus


def test_the_demo_has_thirty_suppliers_of_every_status_and_four_portal_suppliers(db):
    seed_demo()
    seed_demo()  # idempotent
    for slug in ("acme", "globex"):
        organization = Organization.objects.get(slug=slug)
        with org_scope(organization):
            suppliers = Supplier.objects.all()
            assert suppliers.count() == 30
            statuses = Counter(suppliers.values_list("status", flat=True))
            assert set(statuses) == {value for value, _label in ApprovalStatus.choices}
            assert set(suppliers.values_list("criticality", flat=True)) == {
                "critical",
                "major",
                "minor",
            }
            # Every change of status is the organisation's imported history (not signed:
            # decided before the system), one per step of each supplier's way.
            transitions = SupplierTransition.objects.all()
            assert transitions.filter(imported_at__isnull=True).count() == 0
            assert transitions.filter(signature__isnull=False).count() == 0
            assert transitions.count() == sum(statuses[s] * len(PATHS[s]) for s in statuses) + sum(
                len(steps) for steps in REINSTATED.values()
            )
            portal = Membership.objects.filter(role="supplier").values_list("supplier", flat=True)
            assert len(set(portal)) == 4
            assert set(
                Supplier.objects.filter(pk__in=portal).values_list("party__name", flat=True)
            ) == {"Northwind Castings", "Contoso Fasteners", "Fabrikam Steel", "Tailspin Logistics"}


def test_the_demo_has_certificates_some_expiring_and_some_expired(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    seed_demo()
    seed_demo()  # idempotent
    organization = Organization.objects.get(slug="acme")
    assert organization.settings["required_certificate_types"] == ["iso_9001"]
    with org_scope(organization):
        today = organization_today(organization)
        # The portal's demo adds one upload waiting for acceptance; the rest are accepted.
        certificates = Certificate.objects.filter(status="accepted", imported_at__isnull=True)
        assert certificates.count() == sum(len(rows) for rows in DEMO_CERTIFICATES.values())
        # The renewed ones' previous certificates came in through the history import.
        renewed = Certificate.objects.filter(imported_at__isnull=False)
        assert set(renewed.values_list("supplier__code", flat=True)) == set(RENEWED)
        assert certificates.filter(valid_to__lt=today).exists()
        assert certificates.filter(
            valid_to__gte=today, valid_to__lte=today + timedelta(60)
        ).exists()
        assert all(c.file.open("rb").read(5) == b"%PDF-" for c in certificates[:3])


def test_the_demo_has_two_years_of_deliveries_some_late_some_rejected(db):
    from django.db.models import F

    from suppliers.models import Delivery

    seed_demo()
    counts = {}
    for slug in ("acme", "globex"):
        organization = Organization.objects.get(slug=slug)
        with org_scope(organization):
            deliveries = Delivery.objects.all()
            counts[slug] = deliveries.count()
            assert 200 <= counts[slug] <= 500
            assert deliveries.filter(received_date__gt=F("promised_date")).exists()
            assert deliveries.filter(quantity_rejected__gt=0).exclude(rejection_reason="").exists()
            assert deliveries.filter(over_delivery=True).exists()
    seed_demo()  # idempotent
    for slug, before in counts.items():
        with org_scope(Organization.objects.get(slug=slug)):
            assert Delivery.objects.count() == before


def test_the_demo_has_portal_records_for_both_portal_logins(db, settings, tmp_path):
    from suppliers.models import ProfileChange, SupplierRequest

    settings.MEDIA_ROOT = str(tmp_path)
    seed_demo()
    seed_demo()  # idempotent
    for slug in ("acme", "globex"):
        organization = Organization.objects.get(slug=slug)
        with org_scope(organization):
            first = Membership.objects.get(user__email=f"supplier@{slug}.example").supplier
            second = Membership.objects.get(user__email=f"supplier2@{slug}.example").supplier
            assert first != second
            assert Certificate.objects.filter(supplier=first, status="pending").count() == 1
            assert ProfileChange.objects.filter(supplier=first, status="pending").count() == 1
            car = SupplierRequest.objects.get(supplier=first)
            assert (car.kind, car.status) == ("corrective_action", "open")
            assert SupplierRequest.objects.get(supplier=second).status == "responded"
