"""Demo contacts: two or three people at about half the parties, most of them with consent
(one withdrawn); then the interactions they took part in (``parties.demo.interactions``)."""

import random
import unicodedata
from datetime import timedelta

from django.utils import timezone

from parties.demo.interactions import seed_interactions
from parties.services import contacts as contact_services

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


def seed_contacts(organization, actor, parties) -> None:
    rng = random.Random(organization.slug)  # noqa: S311 (demo data, not security)
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

    # The interactions draw on the same sequence of random numbers, after the contacts.
    seed_interactions(organization, actor, contacts_by_party, rng)


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())
