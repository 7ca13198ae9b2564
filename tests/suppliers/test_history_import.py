"""History import: approvals, changes of status, certificates and re-evaluations from before
the system, each with the day it happened; checked row by row and written whole or not at
all; marked as imported in the audit trail, whose chain still verifies; and read at the day
it happened by the approved supplier list of a past date and by re-evaluations."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from relmgmt.audit.models import AuditEvent
from relmgmt.audit.verification import verify_chain
from relmgmt.core import imports
from relmgmt.core.csv import csv_text
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from suppliers.models import Certificate, ReEvaluation, Supplier, SupplierTransition
from suppliers.selectors import approval as approval_selectors
from suppliers.services import history

from ..conftest import create_supplier


def csv_of(rows):
    return csv_text(
        history.COLUMNS, [[row.get(column, "") for column in history.COLUMNS] for row in rows]
    ).encode()


def fact(code, event, day, **cells):
    cells.setdefault("decided_by", "Pat Quality (former QM)")
    if event != "certificate":
        cells.setdefault("reason", f"{event} as recorded in the old supplier file")
    return {"supplier": code, "event": event, "date": day.isoformat(), **cells}


@pytest.fixture
def today(org):
    return organization_today(org)


def good_rows(today, manager):
    two_years = today - timedelta(days=730)
    return [
        fact("N1", "evaluate", two_years),
        fact("N1", "approve", two_years + timedelta(days=20), decided_by=manager.user.email),
        fact(
            "N1",
            "certificate",
            two_years - timedelta(days=100),
            certificate_type="ISO 9001",
            issuer="TÜV",
            number="Q-1",
            valid_until=(two_years + timedelta(days=900)).isoformat(),
        ),
        fact("N1", "suspend", today - timedelta(days=300), reason="Quality escape"),
        fact("N1", "reinstate", today - timedelta(days=250), reason="8D closed"),
        fact(
            "N1",
            "reevaluation",
            today - timedelta(days=200),
            decision="continue",
            reason="Stable since reinstatement",
        ),
        fact("C2", "evaluate", today - timedelta(days=50)),
        fact(
            "C2",
            "approve_conditionally",
            today - timedelta(days=40),
            conditions="Monthly quality review",
        ),
    ]


def test_good_rows_bring_in_the_past_with_the_day_each_happened(org, manager, today):
    north = create_supplier(org, code="N1", name="Northwind", criticality="critical")
    create_supplier(org, code="C2", name="Contoso")
    count = history.history_import(
        organization=org, actor=manager.user, content=csv_of(good_rows(today, manager))
    )
    assert count == 8
    with org_scope(org):
        north.refresh_from_db()
        assert north.status == "approved"
        transitions = list(
            SupplierTransition.objects.filter(supplier=north).order_by("occurred_at")
        )
        assert [(t.from_status, t.to_status) for t in transitions] == [
            ("prospective", "under_evaluation"),
            ("under_evaluation", "approved"),
            ("approved", "suspended"),
            ("suspended", "approved"),
        ]
        assert all(t.imported_at and t.signature is None for t in transitions)
        assert transitions[0].decided_by == "Pat Quality (former QM)"
        # A member named by e-mail is the transition's person.
        assert transitions[1].actor == manager.user
        assert transitions[1].occurred_at.date() == today - timedelta(days=710)
        certificate = Certificate.objects.get(supplier=north)
        assert (certificate.type, certificate.imported_at is not None) == ("iso_9001", True)
        assert not certificate.file
        reevaluation = ReEvaluation.objects.get(supplier=north)
        assert reevaluation.evaluated_on == today - timedelta(days=200)
        assert reevaluation.transition is None  # already approved then
        # The evidence is as it stood that day: the certificate valid then.
        assert [c["number"] for c in reevaluation.certificates_reviewed] == ["Q-1"]
        assert north.next_evaluation_due == reevaluation.next_evaluation_due
        conditional = Supplier.objects.get(code="C2")
        assert conditional.status == "conditionally_approved"
        assert conditional.conditions == "Monthly quality review"


def test_imported_facts_are_marked_in_the_trail_and_the_chain_verifies(org, manager, today):
    create_supplier(org, code="N1", name="Northwind")
    create_supplier(org, code="C2", name="Contoso")
    history.history_import(
        organization=org, actor=manager.user, content=csv_of(good_rows(today, manager))
    )
    with org_scope(org):
        imported = AuditEvent.objects.filter(source="import")
        assert imported.filter(model_label="suppliers.suppliertransition").count() == 6
        approve = imported.get(
            model_label="suppliers.suppliertransition",
            changes__to_status__1="approved",
            changes__from_status__1="under_evaluation",
        )
        assert approve.happened_on == today - timedelta(days=710)
        assert approve.occurred_at.date() >= today - timedelta(days=1)  # appended now
        assert approve.reason.startswith("Imported history:")
    assert verify_chain(org.pk) is None
    call_command("verify_audit_trail")


def test_the_approved_list_of_a_past_date_reads_the_day_it_happened(org, manager, today):
    north = create_supplier(org, code="N1", name="Northwind")
    create_supplier(org, code="C2", name="Contoso")
    history.history_import(
        organization=org, actor=manager.user, content=csv_of(good_rows(today, manager))
    )
    with org_scope(org):

        def listed(day):
            return {
                entry.code: entry
                for entry in approval_selectors.approved_suppliers(organization=org, on=day)
            }

        a_year_ago = listed(today - timedelta(days=365))
        assert set(a_year_ago) == {"N1"}
        assert a_year_ago["N1"].approved_since.date() == today - timedelta(days=710)
        assert listed(today - timedelta(days=280)) == {}  # N1 suspended then
        assert set(listed(today - timedelta(days=30))) == {"N1", "C2"}
        # Reinstated: on the list since the reinstatement.
        now = {
            entry.code: entry for entry in approval_selectors.approved_suppliers(organization=org)
        }
        assert now["N1"].approved_since.date() == today - timedelta(days=250)
        assert listed(today - timedelta(days=800)) == {}
        assert north.pk


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ({"supplier": "NOPE"}, "supplier", "Unknown supplier"),
        ({"date": "tomorrow"}, "date", "YYYY-MM-DD"),
        ({"future": True}, "date", "after today"),
        ({"event": "promote"}, "event", "Unknown event"),
        ({"event": "approve"}, "event", "cannot become approved"),
        ({"event": "reinstate"}, "event", "cannot be reinstated"),
        ({"reason": ""}, "reason", "Give the reason"),
        ({"decided_by": ""}, "decided_by", "Say who decided"),
        ({"decided_by": "nobody@example.com"}, "decided_by", "not a member"),
    ],
)
def test_each_kind_of_row_error_is_named_and_nothing_is_written(
    org, manager, today, row, column, words
):
    create_supplier(org, code="N1", name="Northwind")
    day = today + timedelta(days=1) if row.pop("future", False) else today - timedelta(days=10)
    cells = {**fact("N1", "evaluate", day), **row}
    check = imports.check_file(organization=org, kind=history.IMPORT, content=csv_of([cells]))
    (problem,) = check.invalid_rows
    assert any(c == column and words in message for c, _v, message in problem.error_list()), (
        problem.error_list()
    )


def test_a_certificate_row_needs_its_type_issuer_and_expiry(org, manager, today):
    create_supplier(org, code="N1", name="Northwind")
    rows = [
        fact("N1", "certificate", today - timedelta(days=10)),
        fact(
            "N1",
            "certificate",
            today - timedelta(days=10),
            certificate_type="iso_9001",
            issuer="BSI",
            valid_until=(today - timedelta(days=20)).isoformat(),
        ),
    ]
    check = imports.check_file(organization=org, kind=history.IMPORT, content=csv_of(rows))
    first, second = (row.errors for row in check.rows)
    assert set(first) == {"certificate_type", "issuer", "valid_until"}
    assert set(second) == {"valid_until"}


def test_changes_must_follow_the_order_of_the_state_machine_and_later_rows_wait(
    org, manager, today
):
    create_supplier(org, code="N1", name="Northwind")
    rows = [
        fact("N1", "approve", today - timedelta(days=30)),  # prospective cannot be approved
        fact("N1", "evaluate", today - timedelta(days=40)),  # earlier: comes first, fine
        fact("N1", "suspend", today - timedelta(days=20)),  # after approve: approve is fine
    ]
    check = imports.check_file(organization=org, kind=history.IMPORT, content=csv_of(rows))
    assert check.is_valid  # taken in the order they happened, not the file's
    rows[1]["date"] = (today - timedelta(days=25)).isoformat()  # now after the approval
    check = imports.check_file(organization=org, kind=history.IMPORT, content=csv_of(rows))
    approve, evaluate, suspend = check.rows
    assert "cannot become approved" in approve.errors["event"][0]
    assert "earlier change" in suspend.errors["row"][0]


def test_history_comes_after_changes_the_register_already_records(org, manager, today):
    from suppliers.services import approval

    supplier = create_supplier(org, code="N1", name="Northwind")
    approval.supplier_transition(
        organization=org, actor=manager.user, supplier=supplier, action="evaluate", reason="x"
    )
    rows = [fact("N1", "evaluate", today - timedelta(days=30))]
    check = imports.check_file(organization=org, kind=history.IMPORT, content=csv_of(rows))
    assert "already records a change" in check.rows[0].errors["date"][0]


def test_an_import_with_a_bad_row_writes_nothing(org, manager, today):
    create_supplier(org, code="N1", name="Northwind")
    create_supplier(org, code="C2", name="Contoso")
    rows = [*good_rows(today, manager), fact("NOPE", "evaluate", today)]
    with org_scope(org):
        before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        history.history_import(organization=org, actor=manager.user, content=csv_of(rows))
    assert "line 10, supplier: Unknown supplier" in " ".join(raised.value.messages)
    with org_scope(org):
        assert SupplierTransition.objects.count() == 0
        assert Certificate.objects.count() == ReEvaluation.objects.count() == 0
        assert set(Supplier.objects.values_list("status", flat=True)) == {"prospective"}
        assert AuditEvent.objects.count() == before


def test_only_those_who_may_change_a_status_import_history(org, make_member, today):
    auditor = make_member(org, Role.AUDITOR)
    create_supplier(org, code="N1", name="Northwind")
    with pytest.raises(PermissionDenied):
        history.history_import(
            organization=org,
            actor=auditor.user,
            content=csv_of([fact("N1", "evaluate", today - timedelta(days=3))]),
        )


def test_the_command_imports_a_file_whole_or_says_what_is_wrong(org, manager, today, tmp_path):
    from io import StringIO

    from django.core.management.base import CommandError

    create_supplier(org, code="N1", name="Northwind")
    good = tmp_path / "history.csv"
    good.write_bytes(csv_of([fact("N1", "evaluate", today - timedelta(days=5))]))
    out = StringIO()
    call_command(
        "import_supplier_history", org.slug, str(good), "--as", manager.user.email, stdout=out
    )
    assert "1 facts of suppliers' history imported" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_of([fact("N1", "disqualify", today), fact("X9", "evaluate", today)]))
    with pytest.raises(CommandError) as raised:
        call_command("import_supplier_history", org.slug, str(bad), "--as", manager.user.email)
    assert "line 3, supplier: Unknown supplier" in str(raised.value)
    with org_scope(org):
        assert Supplier.objects.get(code="N1").status == "under_evaluation"


def test_a_history_cannot_be_imported_in_part(org, manager, today):
    create_supplier(org, code="N1", name="Northwind")
    rows = [fact("N1", "evaluate", today - timedelta(days=5)), fact("X9", "evaluate", today)]
    with pytest.raises(ValidationError) as raised:
        imports.import_file(
            organization=org,
            actor=manager.user,
            kind=history.IMPORT,
            content=csv_of(rows),
            valid_only=True,
            expected_rows=1,
        )
    assert "whole or nothing" in " ".join(raised.value.messages)
    with org_scope(org):
        assert not SupplierTransition.objects.exists()
