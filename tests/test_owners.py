"""Owners of records (parties, suppliers, risks, plan sections, actions) are members who
may write records: never an auditor, who may never write, in the choices, the services, the
API or the demo (tests/demo/test_parties.py)."""

import pytest
from django.core.exceptions import ValidationError

from parties.services import register as party_services
from relmgmt import policy
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.selectors import owner_users
from suppliers.services import register as supplier_services


def test_owner_choices_are_the_members_who_may_write(
    org, admin, manager, auditor, supplier_member, client_for, api_client_for
):
    assert policy.roles_with(policy.OWNER_PERMISSION) == policy.WRITER_ROLES
    with org_scope(org):
        assert set(owner_users(organization=org)) == {admin.user, manager.user}
    for url in ("/parties/new/", "/suppliers/new/"):
        form = client_for(manager).get(f"/o/{org.slug}{url}").text
        owner_select = form.split('name="owner"', 1)[1].split("</select>", 1)[0]
        assert manager.user.email in owner_select or manager.user.display_name in owner_select
        assert auditor.user.email not in owner_select
        assert auditor.user.display_name not in owner_select
    with pytest.raises(ValidationError) as refused:
        party_services.party_create(
            organization=org,
            actor=manager.user,
            data={"name": "Council", "types": ["regulator"], "owner": auditor.user},
        )
    assert "is not a member" in refused.value.message_dict["owner"][0]
    with pytest.raises(ValidationError):
        supplier_services.supplier_create(
            organization=org,
            actor=manager.user,
            data={"name": "Northwind", "code": "N1", "categories": ["components"],
                  "owner": auditor.user},
        )  # fmt: skip
    api = api_client_for(manager)
    answer = api.post(
        f"/api/v1/o/{org.slug}/parties/",
        {"name": "Council", "types": ["regulator"], "owner": auditor.user.pk},
        format="json",
    )
    assert answer.status_code == 400 and "owner" in answer.json()["error"]["fields"]
