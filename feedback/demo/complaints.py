"""Demo complaints: a dozen and a half per organisation, in every state, some reopened,
and some past their service level (received long ago and still open)."""

import random
from datetime import timedelta

from django.utils import timezone

from feedback.models import Complaint
from feedback.models.complaints import Category, Channel, Severity
from feedback.services import complaints as services
from parties.models import Party
from relmgmt.demo.registry import register
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership

# subject, category, severity, channel, the actions taken (each a few days after the last)
COMPLAINTS = [
    (
        "Scratched housings in delivery 4471",
        Category.PRODUCT,
        Severity.HIGH,
        Channel.EMAIL,
        ["acknowledge", "investigate", "resolve", "close"],
    ),
    (
        "Order 8812 arrived a week late",
        Category.DELIVERY,
        Severity.MEDIUM,
        Channel.PHONE,
        ["acknowledge", "resolve", "close"],
    ),
    (
        "Invoice charged twice",
        Category.BILLING,
        Severity.LOW,
        Channel.EMAIL,
        ["acknowledge", "resolve", "close"],
    ),
    (
        "Certificate of conformity missing",
        Category.DOCUMENTATION,
        Severity.MEDIUM,
        Channel.WEB_FORM,
        ["acknowledge", "investigate", "resolve"],
    ),
    (
        "Seal leaks after 200 hours",
        Category.PRODUCT,
        Severity.CRITICAL,
        Channel.IN_PERSON,
        ["acknowledge", "investigate"],
    ),
    (
        "Service engineer did not show up",
        Category.SERVICE,
        Severity.HIGH,
        Channel.PHONE,
        ["acknowledge"],
    ),
    ("Wrong label on pallets", Category.DELIVERY, Severity.LOW, Channel.EMAIL, []),
    (
        "Drawing revision not applied",
        Category.PRODUCT,
        Severity.HIGH,
        Channel.LETTER,
        ["acknowledge", "investigate", "resolve", "close", "reopen"],
    ),
    ("Price not as quoted", Category.BILLING, Severity.LOW, Channel.EMAIL, ["reject"]),
    (
        "Duplicate complaint about order 8812",
        Category.DELIVERY,
        Severity.LOW,
        Channel.EMAIL,
        ["withdraw"],
    ),
    (
        "Corrosion on fasteners",
        Category.PRODUCT,
        Severity.MEDIUM,
        Channel.WEB_FORM,
        ["acknowledge", "investigate", "resolve", "close"],
    ),
    (
        "Hotline unreachable for two days",
        Category.SERVICE,
        Severity.MEDIUM,
        Channel.PHONE,
        ["investigate"],
    ),
]

NOTES = {
    "resolve": "We replaced the affected parts free of charge and changed the final inspection; "
    "the customer was told by phone and in writing.",
    "reject": "The price followed the contract's yearly index clause; the customer was sent "
    "the clause and the calculation.",
    "reopen": "The customer reports the same fault on the next delivery.",
}


@register
def seed(organization):
    if Complaint.objects.filter(organization=organization).exists():
        return
    managers = [
        membership.user
        for membership in Membership.objects.filter(
            organization=organization, role__in=[Role.MANAGER, Role.ADMIN]
        ).select_related("user")
    ]
    actor = next(iter(managers), None)
    parties = list(Party.objects.filter(organization=organization).order_by("id")[:8])
    rng = random.Random(f"complaints-{organization.slug}")  # noqa: S311 (demo data)
    now = timezone.now()
    for index, (subject, category, severity, channel, steps) in enumerate(COMPLAINTS):
        # The untouched and barely touched ones are old enough to be past their level.
        received = now - timedelta(days=rng.randint(25, 200), hours=rng.randint(0, 23))
        party = parties[index % len(parties)] if parties and index % 4 != 3 else None
        complaint = services.complaint_create(
            organization=organization,
            actor=actor,
            data={
                "party": party,
                "new_party_name": "" if party else "Northwind Fasteners Ltd",
                "complainant_name": "Alex Morgan",
                "complainant_email": "alex.morgan@example.com",
                "channel": channel,
                "category": category,
                "severity": severity,
                "reference_number": f"SO-{8000 + index * 37}",
                "subject": subject,
                "description": f"{subject}. Details as reported by the customer.",
                "owner": rng.choice(managers) if managers else None,
            },
            received_at=received,
        )
        at = received
        for step in steps:
            # Some are handled within the service level, others too late.
            at = at + timedelta(hours=rng.choice([3, 20, 60, 200]))
            at = min(at, now)
            services.complaint_transition(
                organization=organization,
                actor=actor,
                complaint=complaint,
                action=step,
                note=NOTES.get(step, ""),
                at=at,
            )
