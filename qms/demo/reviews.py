"""Demo management reviews: last half-year's, held (its pack frozen) with approved minutes
and actions, and the next one in preparation."""

from contextlib import suppress
from datetime import timedelta

from django.core.exceptions import ValidationError

from qms.demo.people import demo_manager
from qms.models import ManagementReview
from qms.services import reviews as services
from relmgmt.core.dates import add_months, organization_today
from relmgmt.demo.registry import register
from relmgmt.demo.seed import DEMO_PASSWORD

ATTENDEES = "Managing director\nQuality manager\nHead of purchasing\nHead of customer service"


@register
def seed(organization):
    if ManagementReview.objects.filter(organization=organization).exists():
        return
    manager = demo_manager(organization)
    if manager is None:
        return
    today = organization_today(organization)
    half = add_months(today.replace(day=1), -6)
    held = services.review_create(
        organization=organization,
        actor=manager,
        data={
            "title": f"Management review {half:%B %Y}",
            "meeting_date": half + timedelta(days=14),
            "period_start": add_months(half, -6),
            "period_end": half - timedelta(days=1),
            "attendees": ATTENDEES,
        },
    )
    services.review_update(
        organization=organization,
        actor=manager,
        review=held,
        data={
            "entered": {
                "audit_results": "Internal audit of purchasing: two minor findings, closed. "
                "Certification body surveillance audit: no nonconformity.",
                "resources": "Incoming inspection short of one inspector in the peak months.",
                "risk_actions": "Second source for castings qualified; the risk is now low.",
                "improvement": "Supplier portal for certificates; survey after each project.",
            },
            "decisions": "Qualify a second source for seals. Survey customers after each project.",
            "qms_changes": "Certificates uploaded by suppliers through the portal.",
            "resource_needs": "One more incoming inspector from the next quarter.",
        },
    )
    services.review_hold(organization=organization, actor=manager, review=held)
    for description, days in (
        ("Qualify a second source for seals", 60),
        ("Hire an incoming inspector", 120),
    ):
        services.action_add(
            organization=organization,
            actor=manager,
            review=held,
            description=description,
            owner=manager,
            due_date=max(held.meeting_date + timedelta(days=days), today + timedelta(days=7)),
        )
    # A manager whose password was changed cannot sign: the minutes stay to be approved.
    with suppress(ValidationError):
        services.review_approve(
            organization=organization, actor=manager, review=held, password=DEMO_PASSWORD
        )
    services.review_create(
        organization=organization,
        actor=manager,
        data={
            "title": f"Management review {today:%B %Y}",
            "meeting_date": today + timedelta(days=14),
            "period_start": half,
            "period_end": today,
            "attendees": ATTENDEES,
        },
    )
