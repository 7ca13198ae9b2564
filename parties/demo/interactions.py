"""Demo interactions: a dozen with the demo contacts, with follow-up actions, some done,
some overdue."""

from datetime import timedelta

from parties.models import Interaction
from parties.services import interactions as services
from relmgmt.core.dates import organization_today
from relmgmt.policy import WRITER_ROLES
from relmgmt.tenancy.models import Membership

INTERACTIONS = [
    # kind, summary, decisions, follow-up actions
    (
        Interaction.Kind.BUSINESS_REVIEW,
        "Quarterly business review: delivery performance, open claims and the forecast.",
        "Keep the weekly call until on-time delivery is above 95 % for two months.",
        ["Send the updated delivery scorecard", "Close the 8D on the March claim"],
    ),
    (
        Interaction.Kind.MEETING,
        "Kick-off of the new product introduction; drawings and PPAP timing reviewed.",
        "PPAP level 3 submission in week 20.",
        ["Share the control plan draft"],
    ),
    (
        Interaction.Kind.CALL,
        "Call about late deliveries of the last two weeks; root cause is a furnace breakdown.",
        "Temporary air freight at their cost.",
        ["Confirm the recovery plan in writing"],
    ),
    (
        Interaction.Kind.VISIT,
        "Visit to their plant: process audit of the special process and tour of the line.",
        "Three minor findings; no major non-conformity.",
        ["Send the audit report", "Check the corrective actions on the three findings"],
    ),
    (
        Interaction.Kind.EMAIL,
        "Email exchange about the new packaging specification.",
        "",
        ["Update the packaging instruction"],
    ),
    (
        Interaction.Kind.MEETING,
        "Annual meeting on expectations and satisfaction with the relationship.",
        "Satisfaction survey to be repeated next year.",
        ["Circulate the minutes"],
    ),
]


def seed_interactions(organization, actor, contacts_by_party, rng) -> None:
    """Interactions with the parties of ``contacts_by_party`` (party -> its contacts), the
    random choices taken from ``rng``."""
    members = _writers(organization)
    today = organization_today(organization)
    for number in range(12):
        party = rng.choice(list(contacts_by_party))
        kind, summary, decisions, actions = INTERACTIONS[number % len(INTERACTIONS)]
        occurred_on = today - timedelta(days=rng.randint(3, 150))
        interaction = services.interaction_create(
            organization=organization,
            actor=actor,
            party=party,
            data={
                "kind": kind,
                "occurred_on": occurred_on,
                "summary": summary,
                "decisions": decisions,
                "contacts": rng.sample(contacts_by_party[party], rng.randint(1, 2)),
                "members": rng.sample(members, rng.randint(1, len(members))),
            },
        )
        for description in actions:
            follow_up = services.follow_up_create(
                organization=organization,
                actor=actor,
                interaction=interaction,
                data={
                    "description": description,
                    "owner": rng.choice(members),
                    "due_on": occurred_on + timedelta(days=rng.randint(7, 60)),
                },
            )
            # Most past actions are done; the rest are overdue and reminded.
            if follow_up.due_on < today and rng.random() < 0.6:
                services.follow_up_set_done(
                    organization=organization, actor=actor, follow_up=follow_up
                )


def _writers(organization) -> list:
    """The admins and managers: who takes part in meetings and owns the actions."""
    memberships = (
        Membership.objects.filter(organization=organization, role__in=WRITER_ROLES)
        .active()
        .select_related("user")
        .order_by("user__email")
    )
    return [membership.user for membership in memberships]
