"""Agreements: written whole with their service levels and disputes (a bad row names its
number and nothing is saved), dates checked, and warned of before the end and the review
date by the organisation's lead days."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import services as tenancy_services
from suppliers.models import Agreement, Dispute, ServiceLevel
from suppliers.services import agreements as services

from .helpers_reviews import open_reminders


def data_for(org, supplier, **changes):
    today = organization_today(org)
    return {
        "supplier": supplier,
        "contract_reference": "SA-1",
        "title": "Supply of housings",
        "starts_on": today - timedelta(days=10),
        "ends_on": today + timedelta(days=200),
        "review_on": today + timedelta(days=100),
        "exit_plan": "Second source",
        "service_levels": [{"measure": "OTIF", "target": "95", "unit": "%"}],
        "disputes": [{"raised_on": today, "description": "Freight invoice"}],
        **changes,
    }


def create(org, actor, supplier, **changes):
    return services.agreement_create(
        organization=org, actor=actor, data=data_for(org, supplier, **changes)
    )


def counts(org):
    with org_scope(org):
        return Agreement.objects.count(), ServiceLevel.objects.count(), Dispute.objects.count()


def test_an_agreement_is_saved_with_its_rows_and_warned_of_60_and_30_days_ahead(
    org, manager, make_supplier
):
    supplier = make_supplier(org, owner=manager.user)
    agreement = create(org, manager.user, supplier)
    with org_scope(org):
        level = agreement.service_levels.get()
        dispute = agreement.disputes.get()
    assert (level.measure, str(level.target), level.unit) == ("OTIF", "95.000", "%")
    assert dispute.status == "open"
    ends, review = agreement.ends_on, agreement.review_on
    assert open_reminders(org, agreement) == [
        ("suppliers.agreement_end_first", 0, ends.isoformat(), (ends - timedelta(60)).isoformat()),
        ("suppliers.agreement_end_last", 0, ends.isoformat(), (ends - timedelta(30)).isoformat()),
        (
            "suppliers.agreement_review_first",
            0,
            review.isoformat(),
            (review - timedelta(60)).isoformat(),
        ),
        (
            "suppliers.agreement_review_last",
            0,
            review.isoformat(),
            (review - timedelta(30)).isoformat(),
        ),
    ]


def test_the_lead_days_are_the_organisations_and_a_near_date_is_warned_of_today(
    org, admin, manager, make_supplier
):
    tenancy_services.organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=False,
        supplier_schedule={
            "reevaluation_months_critical": 12,
            "reevaluation_months_major": 24,
            "reevaluation_months_minor": 36,
            "reevaluation_remind_days": 30,
            "agreement_first_warning_days": 90,
            "agreement_last_warning_days": 14,
        },
    )
    today = organization_today(org)
    agreement = create(
        org, manager.user, make_supplier(org), ends_on=today + timedelta(40), review_on=None
    )
    assert [row[3] for row in open_reminders(org, agreement)] == [
        today.isoformat(),
        (today + timedelta(26)).isoformat(),
    ]


def test_ending_or_terminating_stops_the_warnings(org, manager, make_supplier):
    agreement = create(org, manager.user, make_supplier(org))
    services.agreement_update(
        organization=org,
        actor=manager.user,
        agreement=agreement,
        data={"status": "terminated"},
        reason="Supplier sold the plant",
    )
    assert open_reminders(org, agreement) == []


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"ends_on": "before"}, "ends_on", "before the start"),
        ({"contract_reference": " "}, "contract_reference", "Give"),
        ({"title": ""}, "title", "title"),
        ({"status": "archived"}, "status", ""),
        ({"service_levels": [{"measure": "OTIF", "target": "lots"}]}, "service_levels", "Row 1"),
        ({"service_levels": [{"measure": "", "target": "1"}]}, "service_levels", "Row 1"),
        (
            {"service_levels": [{"measure": "a", "target": 1}, {"measure": "b"}]},
            "service_levels",
            "Row 2: give the target",
        ),
        ({"disputes": [{"raised_on": None, "description": "x"}]}, "disputes", "Row 1"),
        (
            {"disputes": [{"raised_on": "today", "description": "x", "status": "resolved"}]},
            "disputes",
            "resolved",
        ),
    ],
)
def test_bad_input_names_the_field_and_nothing_is_half_saved(
    org, manager, make_supplier, changes, field, text
):
    supplier = make_supplier(org)
    today = organization_today(org)
    if changes.get("ends_on") == "before":
        changes["ends_on"] = today - timedelta(days=30)
    for row in changes.get("disputes", []):
        if row.get("raised_on") == "today":
            row["raised_on"] = today
    before = counts(org)
    with pytest.raises(ValidationError) as error:
        create(org, manager.user, supplier, **changes)
    assert field in error.value.message_dict, error.value.message_dict
    assert text in " ".join(error.value.message_dict[field])
    assert counts(org) == before


def test_a_change_with_a_bad_row_keeps_the_agreement_as_it_was(org, manager, make_supplier):
    agreement = create(org, manager.user, make_supplier(org))
    with org_scope(org):
        level = agreement.service_levels.get()
    with pytest.raises(ValidationError):
        services.agreement_update(
            organization=org,
            actor=manager.user,
            agreement=agreement,
            data={
                "title": "Renamed",
                "service_levels": [
                    {"id": level.pk, "measure": "OTIF", "target": 97},
                    {"measure": "PPM"},
                ],
            },
        )
    with org_scope(org):
        agreement.refresh_from_db()
        level.refresh_from_db()
    assert agreement.title == "Supply of housings"
    assert level.target == 95


def test_references_are_unique_per_organisation_and_suppliers_stay_inside_it(
    org, other_org, manager, outsider, make_supplier
):
    create(org, manager.user, make_supplier(org))
    with pytest.raises(ValidationError) as error:
        create(org, manager.user, make_supplier(org), contract_reference="sa-1")
    assert "already" in error.value.message_dict["contract_reference"][0]
    create(other_org, outsider.user, make_supplier(other_org))  # same reference elsewhere
    with pytest.raises(ValidationError) as error:
        create(org, manager.user, make_supplier(other_org), contract_reference="SA-2")
    assert "supplier" in error.value.message_dict


def test_a_row_of_another_agreement_cannot_be_changed(org, manager, make_supplier):
    first = create(org, manager.user, make_supplier(org))
    second = create(org, manager.user, make_supplier(org), contract_reference="SA-2")
    with org_scope(org):
        foreign = first.service_levels.get()
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            organization=org,
            actor=manager.user,
            agreement=second,
            data={"service_levels": [{"id": foreign.pk, "measure": "x", "target": 1}]},
        )
    assert "Row 1" in error.value.message_dict["service_levels"][0]
