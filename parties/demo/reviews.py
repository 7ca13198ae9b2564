"""Demo reviews for the demo register.

Most active parties get one to three past reviews, a review cycle apart, the latest of
which set the party's current review date: so ``last_reviewed_on`` and ``next_review_due``
agree with the reviews, and the parties that were overdue stay overdue. Then the risks and
opportunities (``parties.demo.risks``).
"""

import random
from datetime import timedelta

from parties.demo.risks import seed_risks
from parties.models import Party
from parties.services import register, reviews
from relmgmt.core.dates import add_months, organization_today

FINDINGS = [
    "Performance as agreed; two minor issues raised and closed during the period.",
    "Communication improved since the last review; response times within target.",
    "One late delivery escalated; root cause understood, corrective action in place.",
    "Relationship stable. Agreed to share forecasts earlier and meet quarterly.",
    "Expectations clarified in a joint workshop; no open issues.",
    "Complaint handled within the agreed time; satisfaction recovered.",
]
NEEDS_CHANGES = [
    "",
    "",
    "Wants monthly instead of quarterly reporting.",
    "New requirement: evidence of traceability for each batch.",
    "Asked to be told of process changes three months ahead.",
]


def seed_reviews(organization, actor, parties: list[Party]) -> None:
    rng = random.Random(organization.slug)  # noqa: S311 (demo data, not security)
    today = organization_today(organization)
    for index, party in enumerate(parties):
        party.refresh_from_db()
        if party.status != Party.Status.ACTIVE or index % 8 == 7 or party.next_review_due is None:
            continue
        _seed_party_reviews(organization, actor, party, rng, today)
    # The risks draw on the same sequence of random numbers, after the reviews.
    seed_risks(organization, actor, parties, rng, today)


def _seed_party_reviews(organization, actor, party, rng, today) -> None:
    """Reviews a cycle apart, the last one a cycle before the party's current due date (or
    a little before today, when that would be in the future)."""
    months = register.cadence_months(party)
    due = party.next_review_due
    latest = min(add_months(due, -months), today - timedelta(days=rng.randint(3, 20)))
    dates = [latest]
    for _ in range(rng.randint(0, 2)):
        dates.insert(0, add_months(dates[0], -months))
    for position, reviewed_on in enumerate(dates):
        next_due = dates[position + 1] if position + 1 < len(dates) else due
        reviews.review_create(
            organization=organization,
            actor=actor,
            party=party,
            data={
                "reviewed_on": reviewed_on,
                "reviewer": party.owner or actor,
                "findings": rng.choice(FINDINGS),
                "needs_changes": rng.choice(NEEDS_CHANGES),
                "our_satisfaction": rng.randint(2, 5),
                "their_satisfaction": rng.randint(2, 5),
                "next_review_due": next_due,
            },
        )
