"""Supply continuity: a category's backup supplier, contingency plans (tested and reviewed
on a cadence, reminded to their owner), and the warning raised when a suspended or
disqualified supplier leaves a category without an approved source."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.dates import add_months, organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.notifications.services import scheduling
from suppliers.models import CategorySourcing, ContingencyPlan, Supplier
from suppliers.models.register import ApprovalStatus, Category
from suppliers.reminder_kinds import CATEGORY_WITHOUT_SOURCE, CONTINGENCY_REVIEW_DUE
from suppliers.selectors.continuity import EVALUATED_STATUSES, left_without_source

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

BACKUP_STATUSES = (
    ApprovalStatus.APPROVED,
    ApprovalStatus.CONDITIONALLY_APPROVED,
    *EVALUATED_STATUSES,
)
PLAN_FIELDS = (
    "title",
    "category",
    "supplier",
    "trigger",
    "actions",
    "owner",
    "last_tested_on",
    "review_every_months",
)


def sourcing_save(
    *,
    organization: Organization,
    actor: User | None,
    category: str,
    data: dict[str, Any],
    reason: str = "",
) -> CategorySourcing:
    """Name (or clear) the backup supplier of ``category``: approved, or being evaluated
    with the date its evaluation is due to end (``backup_due_on``)."""
    if category not in Category.values:
        raise ValidationError({"category": f"Unknown category {category!r}."})
    backup: Supplier | None = data.get("backup_supplier")
    due: date | None = data.get("backup_due_on")
    errors = {}
    if backup is not None:
        ensure_same_organization(organization=organization, record=backup, field="backup_supplier")
        if backup.status not in BACKUP_STATUSES:
            errors["backup_supplier"] = (
                f"{backup.code} is {backup.get_status_display().lower()}: a backup is approved "
                "or being evaluated."
            )
        elif backup.status in EVALUATED_STATUSES and due is None:
            errors["backup_due_on"] = (
                "Give the date the backup's evaluation is due to end: it is not approved yet."
            )
    if errors:
        raise ValidationError(errors)
    with org_scope(organization), transaction.atomic():
        sourcing = (
            CategorySourcing.objects.select_for_update()
            .filter(organization=organization, category=category)
            .first()
        ) or CategorySourcing(organization=organization, category=category)
        sourcing.backup_supplier = backup
        sourcing.backup_due_on = due if backup is not None else None
        sourcing.notes = str(data.get("notes", sourcing.notes) or "").strip()
        validate(sourcing)
        with acting_as(actor), audit_reason(reason):
            sourcing.save()
    return sourcing


def plan_create(*, organization: Organization, actor: User | None, data: dict) -> ContingencyPlan:
    """A contingency plan for a category or a supplier (one of the two)."""
    plan = ContingencyPlan(organization=organization)
    return _save(organization, actor, plan, data, reason="")


def plan_update(
    *,
    organization: Organization,
    actor: User | None,
    plan: ContingencyPlan,
    data: dict,
    reason: str = "",
) -> ContingencyPlan:
    ensure_same_organization(organization=organization, record=plan, field="plan")
    with org_scope(organization), transaction.atomic():
        plan = ContingencyPlan.objects.select_for_update().get(pk=plan.pk)
        return _save(organization, actor, plan, data, reason=reason)


def _save(
    organization: Organization,
    actor: User | None,
    plan: ContingencyPlan,
    data: dict,
    *,
    reason: str,
) -> ContingencyPlan:
    for name in PLAN_FIELDS:
        if name in data:
            setattr(plan, name, data[name])
    plan.title = " ".join(str(plan.title or "").split())
    plan.trigger = str(plan.trigger or "").strip()
    plan.actions = str(plan.actions or "").strip()
    errors = {}
    if not plan.title:
        errors["title"] = "Give the plan a title."
    if bool(plan.category) == (plan.supplier_id is not None):
        errors["category"] = "Choose the category or the supplier the plan covers (one of them)."
    if not plan.trigger:
        errors["trigger"] = "Say what sets the plan off."
    if not plan.actions:
        errors["actions"] = "Say what is done."
    if not plan.review_every_months or not 1 <= plan.review_every_months <= 60:
        errors["review_every_months"] = "Review it every 1 to 60 months."
    today = organization_today(organization)
    if plan.last_tested_on and plan.last_tested_on > today:
        errors["last_tested_on"] = "The last test cannot be in the future."
    if errors:
        raise ValidationError(errors)
    if plan.supplier_id is not None:
        ensure_same_organization(organization=organization, record=plan.supplier, field="supplier")
    start = plan.last_tested_on or today
    plan.next_review_on = add_months(start, plan.review_every_months)
    with org_scope(organization), transaction.atomic():
        validate(plan)
        with acting_as(actor), audit_reason(reason):
            plan.save()
        schedule_plan_reminder(organization=organization, plan=plan)
    return plan


def schedule_plan_reminder(*, organization: Organization, plan: ContingencyPlan) -> None:
    """The owner hears on the day the plan's review is due, and again if it is not
    tested."""
    assert plan.next_review_on is not None
    scheduling.reminder_schedule(
        organization=organization,
        kind=CONTINGENCY_REVIEW_DUE.key,
        record=plan,
        due_date=plan.next_review_on,
        recipients=[plan.owner] if plan.owner else [],
        url=reverse("suppliers:continuity", kwargs={"org_slug": organization.slug}),
    )


def raise_categories_without_source(*, organization: Organization, supplier: Supplier) -> list[str]:
    """After ``supplier`` was suspended or disqualified: the categories it leaves without an
    approved source, told to its owner (and, unanswered, to the admins). Returns their
    labels."""
    if supplier.on_asl:
        return []
    rows = left_without_source(organization=organization, supplier=supplier)
    if rows:
        scheduling.reminder_schedule(
            organization=organization,
            kind=CATEGORY_WITHOUT_SOURCE.key,
            record=supplier,
            due_date=organization_today(organization),
            recipients=[supplier.owner] if supplier.owner else [],
            url=reverse("suppliers:continuity", kwargs={"org_slug": organization.slug}),
        )
    return [row.label for row in rows]
