"""Demo performance review: a quarterly review with Northwind with its actions (one overdue,
one closed); seeded with the re-evaluations (``reevaluations.seed``)."""

from datetime import timedelta

from parties.models import Contact
from suppliers.services import performance_reviews


def seed_review(organization, actor, other, today, supplier) -> None:
    contacts = list(Contact.objects.filter(party_id=supplier.party_id, erased_at__isnull=True)[:2])
    review = performance_reviews.performance_review_create(
        organization=organization,
        actor=actor,
        supplier=supplier,
        data={
            "held_on": today - timedelta(days=21),
            "members": [actor, other],
            "contacts": contacts,
            "minutes": "Went through the last quarter's scorecard: OTIF 96 %, two rejected lots "
            "of housings (porosity). Northwind presented its new X-ray inspection cell.",
            "decisions": "Keep the quarterly rhythm; porosity to be closed by an 8D.",
            "actions": [
                {
                    "description": "Send the 8D report on the porosity rejects",
                    "owner": actor,
                    "due_on": today - timedelta(days=3),
                },
                {
                    "description": "Share the forecast for the next two quarters",
                    "owner": other,
                    "due_on": today + timedelta(days=10),
                },
                {
                    "description": "Send the minutes to the attendees",
                    "owner": actor,
                    "due_on": today - timedelta(days=19),
                },
            ],
        },
    )
    minutes_sent = review.actions.order_by("due_on").first()
    performance_reviews.review_action_set_done(
        organization=organization, actor=actor, action=minutes_sent
    )
