"""Runs in a subprocess on the mixed-load benchmark's own database: ``python -m
bench.seed_mixed_load USERS OUT.json`` loads the demo (both organisations, a login for every
role), signs each of USERS people in and writes what the load's users need to OUT.json: each
one's organisation, role, session cookie and API token, and the ids of the records they open.

The sessions are made as a sign-in makes them (``django.contrib.auth.login``, through the
test client's ``force_login``), before the clock starts: the sign-in itself, with its
password hash and its rate limit per client, is not part of what the benchmark measures.
"""

import json
import os
import sys

# Who the users are, in turn, in each organisation (25 a round): most are quality managers,
# then portal users of the four demo suppliers, auditors and a few admins.
ROTATION = [
    *["manager"] * 10,
    *["auditor"] * 5,
    *["admin"] * 3,
    *["supplier", "supplier2", "supplier3", "supplier4"] * 2,
    "supplier",
]
IDS_PER_KIND = 10


def seed(users: int) -> dict:
    from django.conf import settings
    from django.test import Client

    from corrective_actions.models import CorrectiveAction, Nonconformity
    from feedback.models import Complaint
    from parties.models import Party
    from relmgmt.api.services import token_create
    from relmgmt.audit.context import acting_as
    from relmgmt.core.scoping import org_scope
    from relmgmt.demo.seed import seed_demo
    from relmgmt.tenancy.models import Membership
    from suppliers.models import Delivery, QuestionnaireRequest, Supplier

    organizations = seed_demo()
    records = {}
    for organization in organizations:
        with org_scope(organization):
            records[organization.slug] = {
                kind: list(
                    model.objects.filter(organization=organization)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:IDS_PER_KIND]
                )
                for kind, model in {
                    "party": Party,
                    "supplier": Supplier,
                    "delivery": Delivery,
                    "complaint": Complaint,
                    "nonconformity": Nonconformity,
                    "corrective_action": CorrectiveAction,
                    "questionnaire": QuestionnaireRequest,
                }.items()
            }
    tokens = {}
    people = []
    for number in range(users):
        organization = organizations[number % len(organizations)]
        local = ROTATION[(number // len(organizations)) % len(ROTATION)]
        membership = (
            Membership.objects.with_scopes_disabled()
            .filter(organization=organization, user__email=f"{local}@{organization.slug}.example")
            .select_related("user")
            .get()
        )
        if membership.pk not in tokens:
            with acting_as(None, label="mixed-load benchmark", source="command"):
                tokens[membership.pk] = token_create(
                    organization=organization, actor=None, membership=membership, name="bench"
                )[1]
        client = Client()
        client.force_login(
            membership.user, backend="allauth.account.auth_backends.AuthenticationBackend"
        )
        with org_scope(organization):
            own = QuestionnaireRequest.objects.filter(
                organization=organization, supplier_id=membership.supplier_id
            )
            questionnaires = list(own.order_by("pk").values_list("pk", flat=True))
        people.append(
            {
                "organization": organization.slug,
                "login": membership.user.email,
                "role": membership.role,
                "supplier": membership.supplier_id,
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "token": tokens[membership.pk],
                "questionnaires": questionnaires if membership.supplier_id else [],
            }
        )
    return {"people": people, "records": records}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmgmt.settings.base")
    import django

    django.setup()
    with open(sys.argv[2], "w") as out:
        json.dump(seed(int(sys.argv[1])), out, indent=1)
