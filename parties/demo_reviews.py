"""Demo reviews, risks and opportunities for the demo register.

Most active parties get one to three past reviews, a review cycle apart, the latest of
which set the party's current review date: so ``last_reviewed_on`` and ``next_review_due``
agree with the reviews, and the parties that were overdue stay overdue. About fifteen
parties get a risk and an opportunity or two.
"""

import random
from datetime import timedelta

from parties.dates import add_months
from parties.models import Party, PartyType, Risk
from parties.services import register, reviews, risks

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
RISKS_BY_TYPE = {
    PartyType.CUSTOMER: [
        (
            Risk.Kind.RISK,
            "Demand falls sharply if the customer's new programme is delayed.",
            "Diversify the order book; monthly call on the programme's status.",
        ),
        (
            Risk.Kind.OPPORTUNITY,
            "Customer considers us for the next product generation.",
            "Offer early design involvement and a joint cost review.",
        ),
    ],
    PartyType.SUPPLIER: [
        (
            Risk.Kind.RISK,
            "Single source: a stoppage at the supplier stops our line.",
            "Qualify a second source; hold two weeks of safety stock.",
        ),
        (
            Risk.Kind.OPPORTUNITY,
            "Supplier's new process could cut our lead time by a week.",
            "Trial order this quarter; compare first-pass yield.",
        ),
    ],
    PartyType.PARTNER: [
        (
            Risk.Kind.RISK,
            "Partner's priorities drift away from the shared roadmap.",
            "Steering meeting every quarter with named decision makers.",
        ),
    ],
    PartyType.INVESTOR: [
        (
            Risk.Kind.RISK,
            "Margin pressure leads to cuts in quality resources.",
            "Report cost of poor quality to the board every quarter.",
        ),
    ],
    PartyType.EMPLOYEE_GROUP: [
        (
            Risk.Kind.RISK,
            "Loss of key skills as experienced staff retire.",
            "Skills matrix, mentoring pairs, apprenticeship intake.",
        ),
        (
            Risk.Kind.OPPORTUNITY,
            "Improvement ideas from the shop floor.",
            "Monthly idea review with feedback within two weeks.",
        ),
    ],
    PartyType.REGULATOR: [
        (
            Risk.Kind.RISK,
            "Change in regulation makes a process non-compliant.",
            "Watch the regulator's consultations; yearly compliance review.",
        ),
    ],
    PartyType.COMMUNITY: [
        (
            Risk.Kind.RISK,
            "Complaints about night-time noise escalate to the council.",
            "Noise checks each month; no deliveries after 22:00.",
        ),
    ],
    PartyType.OTHER: [
        (
            Risk.Kind.OPPORTUNITY,
            "Visibility in the sector through standards work.",
            "Present one case study a year.",
        ),
    ],
}
PARTIES_WITH_RISKS = 15


def seed_reviews(organization, actor, parties: list[Party]) -> None:
    rng = random.Random(organization.slug)  # noqa: S311 (demo data, not security)
    today = register.organization_today(organization)
    for index, party in enumerate(parties):
        party.refresh_from_db()
        if party.status != Party.Status.ACTIVE or index % 8 == 7 or party.next_review_due is None:
            continue
        _seed_party_reviews(organization, actor, party, rng, today)
    chosen = [p for p in parties if p.status == Party.Status.ACTIVE][::2][:PARTIES_WITH_RISKS]
    for party in chosen:
        _seed_party_risks(organization, actor, party, rng, today)


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


def _seed_party_risks(organization, actor, party, rng, today) -> None:
    for kind, description, treatment in RISKS_BY_TYPE[party.types[0]]:
        risks.risk_create(
            organization=organization,
            actor=actor,
            party=party,
            data={
                "kind": kind,
                "description": description,
                "likelihood": rng.randint(1, 5),
                "impact": rng.randint(1, 5),
                "treatment": treatment,
                "owner": party.owner,
                "review_on": today + timedelta(days=rng.randint(20, 180)),
                "status": Risk.Status.CLOSED if rng.random() < 0.15 else Risk.Status.OPEN,
            },
        )
