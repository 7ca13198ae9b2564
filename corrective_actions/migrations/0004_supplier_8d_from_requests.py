"""Move the suppliers' corrective action requests into 8Ds (SCAR); document and
information requests stay where they are.

Each corrective action request becomes an 8D of the same supplier, numbered in its year,
issued when the request was sent by whoever raised it, with its subject, description and
internal note. Its one answer is D1's (first answered when the request was first answered,
so the scorecard's responsiveness counts the same fact: D1 is due on the request's due date);
a return is D1's return with its comment; a closed request is a closed 8D with D1 accepted.
The 8D names the request it was moved from, and its history says so.

Nothing of the old trail is rewritten or deleted: the request keeps its row and its events;
a request still open is closed, the change written to the audit trail like any other with
the reason (moved to SCAR-…) and attributed to "migration", and its pending reminders are
cancelled (the 8D's steps are reminded from their next change). Every row the move creates
is written to the audit trail too, so ``verify_audit_trail`` still verifies.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

DEFAULT_CLOSURE_WEEKS = 8


def _values(instance) -> dict:
    from relmgmt.audit.hashing import jsonable
    from relmgmt.audit.recorder import UNAUDITED_FIELDS

    return {
        field.attname: jsonable(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in UNAUDITED_FIELDS
    }


def _created(model_label, instance, description, reason) -> dict:
    values = _values(instance)
    return {
        "organization_id": instance.organization_id,
        "action": "create",
        "model_label": model_label,
        "object_id": str(instance.pk),
        "object_repr": str(description)[:200],
        "changes": {field: [None, value] for field, value in values.items() if value is not None},
        "reason": reason,
    }


def _due_dates(organization, issued_on, request_due):
    """D1 to D3 keep the request's due date; D8 is due the closure weeks of the settings
    after the request was sent (not before D3), the steps between spread evenly."""
    stored = ((organization.settings or {}).get("corrective_actions")) or {}
    containment = request_due
    closure = issued_on + timedelta(
        weeks=int(stored.get("scar_closure_weeks") or DEFAULT_CLOSURE_WEEKS)
    )
    closure = max(closure, containment)
    span = (closure - containment).days
    dates = {d: containment for d in (1, 2, 3)}
    for d in range(4, 9):
        dates[d] = containment + timedelta(days=round(span * (d - 3) / 5))
    return dates


def move_requests(apps, schema_editor):
    using = schema_editor.connection.alias
    SupplierRequest = apps.get_model("suppliers", "SupplierRequest")
    Organization = apps.get_model("tenancy", "Organization")
    Scar = apps.get_model("corrective_actions", "SupplierCorrectiveAction")
    Step = apps.get_model("corrective_actions", "ScarStep")
    Event = apps.get_model("corrective_actions", "ScarEvent")
    Analysis = apps.get_model("corrective_actions", "RootCauseAnalysis")
    Reminder = apps.get_model("notifications", "Reminder")
    requests = list(
        SupplierRequest._base_manager.using(using)
        .filter(kind="corrective_action")
        .exclude(
            pk__in=Scar._base_manager.using(using)
            .exclude(moved_from_request=None)
            .values("moved_from_request_id")
        )
        .order_by("organization_id", "sent_at", "id")
    )
    if not requests:
        return
    from django.db.models import Max

    from relmgmt.audit.context import acting_as
    from relmgmt.audit.recorder import append_events

    now = timezone.now()
    organizations = {
        org.pk: org
        for org in Organization._base_manager.using(using).filter(
            pk__in={request.organization_id for request in requests}
        )
    }
    events = []
    numbers = {}
    for request in requests:
        organization = organizations[request.organization_id]
        tz = ZoneInfo(organization.timezone)
        year = request.sent_at.astimezone(tz).year
        key = (organization.pk, year)
        if key not in numbers:
            numbers[key] = (
                Scar._base_manager.using(using)
                .filter(organization_id=organization.pk, year=year)
                .aggregate(top=Max("number"))["top"]
                or 0
            )
        numbers[key] += 1
        number = numbers[key]
        reference = f"SCAR-{year}-{number:04d}"
        reason = f"Corrective action request #{request.pk} moved to {reference}"
        analysis = Analysis._base_manager.using(using).create(organization_id=organization.pk)
        events.append(
            _created(
                "corrective_actions.rootcauseanalysis",
                analysis,
                f"Root cause analysis {analysis.pk}",
                reason,
            )
        )
        closed = request.status == "closed"
        scar = Scar._base_manager.using(using).create(
            organization_id=organization.pk,
            reference=reference,
            year=year,
            number=number,
            supplier_id=request.supplier_id,
            source="request",
            moved_from_request_id=request.pk,
            title=request.subject[:200],
            description=request.description,
            internal_note=request.internal_note,
            owner_id=None,
            state="closed" if closed else "open",
            current_step=1,
            analysis_id=analysis.pk,
            issued_at=request.sent_at,
            issued_by_id=request.raised_by_id,
            closed_at=request.closed_at if closed else None,
        )
        events.append(
            _created("corrective_actions.suppliercorrectiveaction", scar, reference, reason)
        )
        dates = _due_dates(organization, request.sent_at.astimezone(tz).date(), request.due_date)
        d1_status = {
            "open": "open",
            "responded": "submitted",
            "returned": "returned",
            "closed": "accepted",
        }[request.status]
        for discipline in range(1, 9):
            first = discipline == 1
            answered = first and bool(request.response)
            step = Step._base_manager.using(using).create(
                organization_id=organization.pk,
                scar_id=scar.pk,
                discipline=discipline,
                status=d1_status if first else "waiting",
                due_date=dates[discipline],
                answer=request.response if answered else "",
                first_answered_at=request.responded_at if first else None,
                answered_at=(request.last_responded_at or request.responded_at) if first else None,
                answered_by_id=request.responded_by_id if first else None,
                review_comment=request.return_comment if first else "",
                reviewed_at=(request.closed_at if closed else request.returned_at)
                if first
                else None,
                reviewed_by_id=request.closed_by_id if first and closed else None,
                times_returned=1 if first and request.returned_at else 0,
            )
            events.append(
                _created("corrective_actions.scarstep", step, f"{reference}: D{discipline}", reason)
            )
        history = [(request.sent_at, "issued", None, request.raised_by_id, request.subject, False)]
        if request.responded_at:
            history.append(
                (request.responded_at, "submitted", 1, request.responded_by_id, "", False)
            )
        if request.returned_at:
            history.append(
                (request.returned_at, "returned", 1, None, request.return_comment, False)
            )
        if closed and request.closed_at:
            history.append((request.closed_at, "closed", None, request.closed_by_id, "", False))
        history.append(
            (
                now,
                "moved",
                None,
                None,
                f"Moved from the corrective action request #{request.pk} "
                f"({request.subject}); its file, if any, stays with the request.",
                True,
            )
        )
        for at, action, discipline, actor_id, note, internal in history:
            event = Event._base_manager.using(using).create(
                organization_id=organization.pk,
                scar_id=scar.pk,
                discipline=discipline,
                action=action,
                at=at,
                actor_id=actor_id,
                note=note or "",
                internal=internal,
            )
            events.append(
                _created("corrective_actions.scarevent", event, f"{reference}: {action}", reason)
            )
        if not closed:
            before = {"status": request.status, "closed_at": None}
            request.status = "closed"
            request.closed_at = now
            request.save(update_fields=["status", "closed_at", "updated_at"])
            events.append(
                {
                    "organization_id": organization.pk,
                    "action": "update",
                    "model_label": "suppliers.supplierrequest",
                    "object_id": str(request.pk),
                    "object_repr": f"Corrective action request: {request.subject}"[:200],
                    "changes": {
                        "status": [before["status"], "closed"],
                        "closed_at": [None, _values(request)["closed_at"]],
                    },
                    "reason": reason,
                }
            )
            Reminder._base_manager.using(using).filter(
                organization_id=organization.pk,
                model_label="suppliers.supplierrequest",
                object_id=str(request.pk),
                status="pending",
            ).update(status="cancelled", cancelled_reason=f"moved to {reference}"[:200])
    with acting_as(None, label="migration", source="system"):
        append_events(events, using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("corrective_actions", "0003_supplier_8d"),
        ("suppliers", "0023_service_level_metric"),
        ("notifications", "0001_initial"),
        ("audit", "0010_keyed_hashes"),  # events written by the current recorder
    ]

    operations = [migrations.RunPython(move_requests, migrations.RunPython.noop)]
