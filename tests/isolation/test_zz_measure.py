import os
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from relmgmt.policy import Role
from .test_isolation import as_user

PAGES = {
    "parties:party_detail": "party",
    "corrective_actions:ca_detail": "corrective_action",
    "corrective_actions:nc_detail": "nonconformity",
    "corrective_actions:scar_detail": "scar",
    "feedback:complaint_detail": "complaint",
}
EXTRA = os.environ.get("MEASURE_EXTRA", "")

def real(qs):
    return [q for q in qs if "SAVEPOINT" not in q["sql"]]

@pytest.mark.parametrize("name", list(PAGES) + [e for e in EXTRA.split(",") if e])
def test_measure(name, world, client):
    mine, _ = world
    as_user(client, mine.members[Role.MANAGER])
    obj = PAGES.get(name, name.split("=")[-1] if "=" in name else None)
    url_name = name.split("=")[0]
    url = reverse(url_name, kwargs={"org_slug": mine.organization.slug, "pk": mine.objects[obj].pk})
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    qs = real(ctx.captured_queries)
    print(f"\n=== {name}: {len(qs)} queries")
    if os.environ.get("VERBOSE"):
        for q in qs:
            print("  ", q["sql"][:300])


PATHS = [p for p in os.environ.get("MEASURE_PATHS", "").split(",") if p]


@pytest.mark.parametrize("path", PATHS)
def test_measure_path(path, world, client):
    mine, _ = world
    as_user(client, mine.members[Role.MANAGER])
    ids = {k: getattr(v, "pk", None) for k, v in mine.objects.items()}
    url = path.format(slug=mine.organization.slug, **ids)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    qs = real(ctx.captured_queries)
    print(f"\n=== {url}: {len(qs)} queries")
    if os.environ.get("VERBOSE"):
        for q in qs:
            print("  ", q["sql"][:300])
        print(r.content.decode()[:3000])
