"""Demo risks and opportunities: about fifteen parties get a risk and an opportunity or
two."""

from datetime import timedelta

from parties.models import Party, PartyType, Risk
from parties.services import risks

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


def seed_risks(organization, actor, parties: list[Party], rng, today) -> None:
    """Risks and opportunities of every other active party (fifteen at most), the random
    choices taken from ``rng``."""
    chosen = [p for p in parties if p.status == Party.Status.ACTIVE][::2][:PARTIES_WITH_RISKS]
    for party in chosen:
        _seed_party_risks(organization, actor, party, rng, today)


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
