"""Shared set-up of the tests of reviews, risks and the register overview."""

import itertools
from datetime import timedelta

from parties.services import register, reviews, risks
from relmgmt.core.dates import organization_today

_names = itertools.count(1)


def today(org):
    return organization_today(org)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def make_party(org, actor, **data):
    data = {"name": f"Party {next(_names)}", "types": ["customer"], "owner": actor, **data}
    return register.party_create(organization=org, actor=actor, data=data)


def review_data(org, reviewer, **data):
    return {
        "reviewed_on": today(org),
        "reviewer": reviewer,
        "findings": "Deliveries on time; one complaint closed.",
        "our_satisfaction": 4,
        "their_satisfaction": 3,
        **data,
    }


def record_review(org, actor, party, **data):
    data = {"reviewer": actor, **data}
    return reviews.review_create(
        organization=org, actor=actor, party=party, data=review_data(org, **data)
    )


def make_risk(org, actor, party, **data):
    data = {"description": "Single source", "likelihood": 3, "impact": 4, **data}
    return risks.risk_create(organization=org, actor=actor, party=party, data=data)
