"""Pages: median latency of the members list and the audit log beside a bare view.

The bare view is /healthz (one query); all three are served by the same Django in the same
run through the test client, signed in as an admin of an organisation with 300 members and
20,000 audit events.
"""

from django.test import Client

from parties.models import Party
from relmgmt.accounts.models import User
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from relmgmt.tenancy.services import membership_add, organization_create

from .timing import median_ms

MEMBERS = 300
EVENTS = 20_000


def run():
    organization = organization_create(name="Bench pages", slug="bench-pages")
    users = User.objects.bulk_create(
        [User(email=f"m{n}@bench.example", password="!") for n in range(MEMBERS)]
    )
    with org_scope(organization):
        Membership.objects.bulk_create(
            [Membership(organization=organization, user=u, role=Role.MANAGER) for u in users]
        )
        Party.objects.bulk_create(
            [
                Party(organization=organization, name=f"E{n}", description=f"e{n}")
                for n in range(EVENTS)
            ],
            batch_size=2_000,
        )
    admin = User.objects.create_user(email="admin@bench.example", password="bench")
    membership_add(organization=organization, user=admin, role=Role.ADMIN)
    client = Client()
    client.force_login(admin, backend="allauth.account.auth_backends.AuthenticationBackend")

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    bare = median_ms(get("/healthz"))
    members = median_ms(get("/o/bench-pages/members/"))
    audit_first = median_ms(get("/o/bench-pages/audit/"))
    audit_deep = median_ms(get("/o/bench-pages/audit/?page=300"))
    print(f"bare view (/healthz):     {bare:.1f} ms")
    print(f"members list, {MEMBERS} rows: {members:.1f} ms ({members / bare:.1f}x bare)")
    print(f"audit log page 1:         {audit_first:.1f} ms ({audit_first / bare:.1f}x bare)")
    print(f"audit log page 300:       {audit_deep:.1f} ms ({audit_deep / bare:.1f}x bare)")
