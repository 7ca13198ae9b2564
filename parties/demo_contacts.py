"""Demo contacts and interactions: two or three people at about half the parties, most of
them with consent (one withdrawn), and a dozen interactions with follow-up actions, some
done, some overdue."""

import random
import unicodedata
from datetime import timedelta

from django.utils import timezone

from parties.models import Interaction
from parties.services import contacts as contact_services
from parties.services import interactions as services
from parties.services.register import organization_today
from relmgmt.policy import WRITER_ROLES
from relmgmt.tenancy.models import Membership

FIRST_NAMES = [
    "Amira", "Bruno", "Chen", "Dana", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
    "Keiko", "Lars", "Maya", "Nils", "Olga", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
]  # fmt: skip
LAST_NAMES = [
    "Andersen", "Baptiste", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Horvat",
    "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov",
]  # fmt: skip
JOB_TITLES = [
    "Purchasing manager", "Quality engineer", "Supplier quality manager", "Account manager",
    "Plant manager", "Inspector", "Programme manager", "Chair", "Logistics coordinator",
]  # fmt: skip
CONSENT_METHODS = [
    "Signed contact form at the trade fair",
    "Reply to our email asking for consent",
    "Agreed on a call, confirmed by email",
    "Business card and verbal agreement at the kick-off meeting",
]
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


def seed_contacts(organization, actor, parties) -> None:
    rng = random.Random(organization.slug)  # noqa: S311 (demo data, not security)
    members = _writers(organization)
    today = organization_today(organization)
    now = timezone.now()
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    contacts_by_party = {}
    for party in parties[::2]:
        people = []
        for _ in range(rng.choice([2, 2, 3])):
            first, last = names.pop()
            domain = _ascii(party.name)[:20]
            contact = contact_services.contact_create(
                organization=organization,
                actor=actor,
                party=party,
                data={
                    "name": f"{first} {last}",
                    "job_title": rng.choice(JOB_TITLES),
                    "email": f"{_ascii(first)}.{_ascii(last)}@{domain}.example",
                    "phone": f"+44 20 7946 0{rng.randint(100, 999)}",
                    "preferred_channel": rng.choice(["email", "email", "phone", "video"]),
                },
            )
            if rng.random() < 0.8:
                contact = contact_services.consent_record(
                    organization=organization,
                    actor=actor,
                    contact=contact,
                    given_at=now - timedelta(days=rng.randint(30, 400)),
                    method=rng.choice(CONSENT_METHODS),
                )
            people.append(contact)
        contacts_by_party[party] = people
    withdrawn = next(iter(contacts_by_party.values()))[0]
    if withdrawn.has_consent:
        contact_services.consent_withdraw(organization=organization, actor=actor, contact=withdrawn)

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


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _writers(organization) -> list:
    """The admins and managers: who takes part in meetings and owns the actions."""
    memberships = (
        Membership.objects.filter(organization=organization, role__in=WRITER_ROLES)
        .active()
        .select_related("user")
        .order_by("user__email")
    )
    return [membership.user for membership in memberships]
