"""Agreements with suppliers: the contract's reference and dates, its service levels with
targets, the disputes raised under it and the exit plan. Written whole, with its rows, in
one transaction; the warnings before its end and its review date (the organisation's lead
days, 60 and 30 unless changed) follow its dates and stop when it ends or is terminated."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.notifications.services import scheduling
from suppliers import schedule_settings
from suppliers.models import Agreement, Dispute, ServiceLevel, Supplier
from suppliers.models.agreements import (
    REMINDED_STATUSES,
    AgreementStatus,
    DisputeStatus,
    ServiceLevelMetric,
)
from suppliers.reminder_kinds import AGREEMENT_WARNINGS
from suppliers.services.performance_reviews import row_error, sync_rows

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

FIELDS = (
    "supplier",
    "contract_reference",
    "title",
    "starts_on",
    "ends_on",
    "review_on",
    "exit_plan",
    "status",
)
MAX_TARGET = Decimal("999999999.999")


def agreement_create(*, organization: Organization, actor: User | None, data: dict) -> Agreement:
    """``data``: the fields, ``service_levels`` (dicts of ``measure``, ``target``,
    ``unit``, and ``metric``: what of the deliveries it is compared with) and ``disputes``
    (dicts of ``raised_on``, ``description``, ``status``, ``resolution`` and ``closed_on``,
    today when resolved without one)."""
    agreement = Agreement(organization=organization)
    return _save(organization, actor, agreement, data, reason="")


def agreement_update(
    *,
    organization: Organization,
    actor: User | None,
    agreement: Agreement,
    data: dict,
    reason: str = "",
) -> Agreement:
    """Change an agreement; rows given replace the current ones (by ``id``)."""
    ensure_same_organization(organization=organization, record=agreement, field="agreement")
    with org_scope(organization), transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        return _save(organization, actor, agreement, data, reason=reason)


def _save(
    organization: Organization,
    actor: User | None,
    agreement: Agreement,
    data: dict[str, Any],
    *,
    reason: str,
) -> Agreement:
    for field in FIELDS:
        if field == "supplier" and agreement.pk:
            continue  # an agreement stays with its supplier
        if field in data:
            setattr(agreement, field, data[field])
    agreement.contract_reference = " ".join(str(agreement.contract_reference or "").split())
    agreement.title = " ".join(str(agreement.title or "").split())
    agreement.exit_plan = (agreement.exit_plan or "").strip()
    with org_scope(organization), transaction.atomic():
        _check(organization, agreement)
        with acting_as(actor), audit_reason(reason):
            agreement.save()
            if "service_levels" in data:
                sync_rows(
                    organization=organization,
                    parent=agreement,
                    parent_field="agreement",
                    model=ServiceLevel,
                    rows=data["service_levels"] or [],
                    field="service_levels",
                    apply=_apply_service_level,
                )
            if "disputes" in data:
                sync_rows(
                    organization=organization,
                    parent=agreement,
                    parent_field="agreement",
                    model=Dispute,
                    rows=data["disputes"] or [],
                    field="disputes",
                    apply=lambda row, values, number: _apply_dispute(
                        organization, row, values, number
                    ),
                )
        schedule_agreement_reminders(organization=organization, agreement=agreement)
    return agreement


def _check(organization: Organization, agreement: Agreement) -> None:
    if agreement.supplier_id is None:
        raise ValidationError({"supplier": "Choose the supplier."})
    ensure_same_organization(organization=organization, record=agreement.supplier, field="supplier")
    errors = {}
    if not agreement.contract_reference:
        errors["contract_reference"] = "Give the contract reference."
    if not agreement.title:
        errors["title"] = "Give the agreement a title."
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        errors["ends_on"] = "The end must not be before the start."
    if errors:
        raise ValidationError(errors)
    validate(agreement)
    same = Agreement.objects.filter(
        organization=organization, contract_reference__iexact=agreement.contract_reference
    ).exclude(pk=agreement.pk)
    if same.exists():
        raise ValidationError(
            {
                "contract_reference": "There is already an agreement with reference "
                f"{agreement.contract_reference}."
            }
        )


def _apply_service_level(level: ServiceLevel, values: dict, number: int) -> None:
    level.measure = " ".join(str(values.get("measure", level.measure) or "").split())
    level.unit = " ".join(str(values.get("unit", level.unit) or "").split())
    level.metric = str(values.get("metric", level.metric) or "")
    if level.metric not in ServiceLevelMetric.values:
        raise row_error(
            "service_levels",
            number,
            f"compare with one of: {', '.join(v for v in ServiceLevelMetric.values if v)}.",
        )
    target = values.get("target", level.target)
    if not level.measure:
        raise row_error("service_levels", number, "say what is measured.")
    if len(level.measure) > 200 or len(level.unit) > 30:
        raise row_error(
            "service_levels", number, "keep the measure to 200 characters, the unit to 30."
        )
    if target is None or target == "":
        raise row_error("service_levels", number, "give the target.")
    try:
        target = Decimal(str(target))
    except InvalidOperation:
        raise row_error("service_levels", number, "the target must be a number.") from None
    if not target.is_finite() or abs(target) > MAX_TARGET:
        raise row_error("service_levels", number, "the target is out of range.")
    level.target = target.quantize(Decimal("0.001"))


def _apply_dispute(organization: Organization, dispute: Dispute, values: dict, number: int) -> None:
    for field in ("raised_on", "description", "status", "resolution", "closed_on"):
        if field in values:
            setattr(dispute, field, values[field])
    dispute.description = (dispute.description or "").strip()
    dispute.resolution = (dispute.resolution or "").strip()
    dispute.status = dispute.status or DisputeStatus.OPEN
    if not dispute.raised_on:
        raise row_error("disputes", number, "give the date it was raised.")
    if dispute.raised_on > organization_today(organization):
        raise row_error("disputes", number, "a dispute cannot be raised in the future.")
    if not dispute.description:
        raise row_error("disputes", number, "describe the dispute.")
    if dispute.status not in DisputeStatus.values:
        raise row_error("disputes", number, f"choose a status: {', '.join(DisputeStatus.values)}.")
    if dispute.status == DisputeStatus.RESOLVED and not dispute.resolution:
        raise row_error("disputes", number, "say how the dispute was resolved.")
    if dispute.status != DisputeStatus.RESOLVED:
        dispute.closed_on = None
    elif dispute.closed_on is None:
        dispute.closed_on = organization_today(organization)
    if dispute.closed_on and dispute.closed_on < dispute.raised_on:
        raise row_error("disputes", number, "a dispute cannot close before it was raised.")
    if dispute.closed_on and dispute.closed_on > organization_today(organization):
        raise row_error("disputes", number, "a dispute cannot close in the future.")


def agreement_dates(agreement: Agreement) -> dict:
    return {"end": agreement.ends_on, "review": agreement.review_on}


def schedule_agreement_reminders(*, organization: Organization, agreement: Agreement) -> None:
    """Two warnings before the end and before the review date to the supplier's owner;
    none once it has ended or been terminated, for a date already past, or without one."""
    supplier = Supplier.objects.select_related("party", "owner").get(pk=agreement.supplier_id)
    today = organization_today(organization)
    first, last = schedule_settings.agreement_remind_days(organization)
    leads = {"first": first, "last": last}
    url = reverse(
        "suppliers:agreement_detail", kwargs={"org_slug": organization.slug, "pk": agreement.pk}
    )
    for (date_name, which), kind in AGREEMENT_WARNINGS.items():
        day = agreement_dates(agreement)[date_name]
        if agreement.status not in REMINDED_STATUSES or day is None or day < today:
            scheduling.reminders_cancel(
                organization=organization,
                record=agreement,
                kind=kind.key,
                reason=f"the agreement is {agreement.get_status_display().lower()}"
                if agreement.status not in REMINDED_STATUSES
                else "no date ahead to warn of",
            )
            continue
        scheduling.reminder_schedule(
            organization=organization,
            kind=kind.key,
            record=agreement,
            due_date=day,
            send_on=max(today, day - timedelta(days=leads[which])),
            recipients=[supplier.owner] if supplier.owner else [],
            url=url,
        )


__all__ = ["AgreementStatus", "agreement_create", "agreement_update"]
