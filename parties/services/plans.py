"""Relationship plans (ISO 44001): a plan per strategic party, in versions of ten sections.

A plan starts as version 1, a draft with every section. Only a draft is changed. Approving
a draft needs the ``plans.approve`` permission and every section complete; the approver
signs the version (password and meaning) and the previously approved version becomes
superseded. A new version starts as a copy of the approved one.

What the signature covers: the version row as it stood when signed (number, approver,
time, status approved) and, through the audit trail, its sections. Two writes that follow
the approval by design are not changes of what was approved: the link to the signature
(set right after signing) and the move to "superseded" when a later version is approved.
``signature_states`` puts those two fields back as signed before comparing.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from parties.models import Party, PlanSection, PlanVersion, RelationshipPlan, Tier
from relmgmt import policy
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.audit.models import AuditEvent
from relmgmt.audit.recorder import model_label
from relmgmt.audit.services import signature_create, signature_is_current
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.tenancy.models import Membership
from relmgmt.tenancy.services import ensure_owner

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

APPROVE_PERMISSION = "plans.approve"
SECTION_FIELDS = ("content", "owner", "status")


def default_meaning(version: PlanVersion) -> str:
    return f"Approved relationship plan v{version.number}"


def plan_create(
    *, organization: Organization, actor: User | None, party: Party, title: str = ""
) -> RelationshipPlan:
    """The plan of a strategic party, with version 1 as a draft holding all ten sections."""
    ensure_same_organization(organization=organization, record=party, field="party")
    with org_scope(organization), transaction.atomic():
        party = Party.objects.select_for_update().get(pk=party.pk)
        if party.tier != Tier.STRATEGIC:
            raise ValidationError(
                {
                    "party": f"A relationship plan is kept for strategic parties only; "
                    f"{party.name} is {party.get_tier_display().lower()}. Change its tier to "
                    f"strategic first if the relationship warrants a plan."
                }
            )
        if RelationshipPlan.objects.filter(organization=organization, party=party).exists():
            raise ValidationError({"party": f"{party.name} already has a relationship plan."})
        plan = RelationshipPlan(
            organization=organization,
            party=party,
            title=" ".join((title or "").split()) or f"Relationship plan: {party.name}",
        )
        validate(plan)
        with acting_as(actor):
            plan.save()
            version = PlanVersion(organization=organization, plan=plan, number=1)
            version.save()
            PlanSection.objects.bulk_create(
                PlanSection(organization=organization, version=version, key=key)
                for key in PlanSection.Key.values
            )
    return plan


def section_update(
    *,
    organization: Organization,
    actor: User | None,
    section: PlanSection,
    data: dict,
    reason: str = "",
) -> PlanSection:
    ensure_same_organization(organization=organization, record=section, field="section")
    with org_scope(organization), transaction.atomic():
        version = PlanVersion.objects.select_for_update().get(pk=section.version_id)
        if version.status != PlanVersion.Status.DRAFT:
            raise ValidationError(
                f"Version {version.number} is {version.get_status_display().lower()}; only a "
                f"draft is changed. Start a new version to change the plan."
            )
        section = PlanSection.objects.get(pk=section.pk)
        for field in SECTION_FIELDS:
            if field in data:
                setattr(section, field, data[field])
        section.content = (section.content or "").strip()
        ensure_owner(organization=organization, user=section.owner, field="owner")
        if section.status == PlanSection.Status.COMPLETE:
            if not section.content:
                raise ValidationError({"content": "Write the section before marking it complete."})
            if section.owner is None:
                raise ValidationError({"owner": "A complete section needs an owner."})
        validate(section)
        with acting_as(actor), audit_reason(reason):
            section.save()
    return section


def _ensure_may_approve(organization: Organization, actor: User | None) -> None:
    membership = Membership.objects.filter(organization=organization, user=actor).active().first()
    if not policy.can(membership, APPROVE_PERMISSION):
        raise PermissionDenied("Your role may not approve relationship plans.")


def version_approve(
    *,
    organization: Organization,
    actor: User,
    version: PlanVersion,
    password: str,
    meaning: str = "",
) -> PlanVersion:
    """Approve and sign a draft whose sections are all complete; supersede the previous one."""
    ensure_same_organization(organization=organization, record=version, field="version")
    with org_scope(organization), transaction.atomic():
        _ensure_may_approve(organization, actor)
        version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
        if version.status != PlanVersion.Status.DRAFT:
            raise ValidationError(
                f"Version {version.number} is already {version.get_status_display().lower()}; "
                f"only a draft is approved."
            )
        unfinished = [
            section.get_key_display()
            for section in version.sections.order_by("id")
            if section.status != PlanSection.Status.COMPLETE
        ]
        if unfinished:
            raise ValidationError(
                f"Every section must be complete before the plan is approved. Not complete yet: "
                f"{'; '.join(unfinished)}."
            )
        meaning = (meaning or "").strip() or default_meaning(version)
        with acting_as(actor), audit_reason(meaning):
            previous = PlanVersion.objects.filter(
                plan=version.plan, status=PlanVersion.Status.APPROVED
            ).exclude(pk=version.pk)
            for earlier in previous:
                earlier.status = PlanVersion.Status.SUPERSEDED
                earlier.save()
            version.status = PlanVersion.Status.APPROVED
            version.approved_by = actor
            version.approved_at = timezone.now()
            version.save()
        # A wrong password raises here and the whole approval rolls back.
        signature = signature_create(
            organization=organization,
            signer=actor,
            password=password,
            record=version,
            meaning=meaning,
        )
        with acting_as(actor), audit_reason(meaning):
            version.signature = signature
            version.save()
    return version


def version_start(
    *, organization: Organization, actor: User | None, plan: RelationshipPlan
) -> PlanVersion:
    """A new draft (number + 1) holding a copy of the approved version's sections."""
    ensure_same_organization(organization=organization, record=plan, field="plan")
    with org_scope(organization), transaction.atomic():
        plan = RelationshipPlan.objects.select_for_update().get(pk=plan.pk)
        versions = PlanVersion.objects.filter(plan=plan)
        draft = versions.filter(status=PlanVersion.Status.DRAFT).first()
        if draft is not None:
            raise ValidationError(
                f"Version {draft.number} is still a draft: change it, or approve it before "
                f"starting another."
            )
        approved = versions.filter(status=PlanVersion.Status.APPROVED).first()
        if approved is None:
            raise ValidationError("There is no approved version to start from.")
        number = versions.aggregate(highest=Max("number"))["highest"] + 1
        with acting_as(actor):
            version = PlanVersion(organization=organization, plan=plan, number=number)
            version.save()
            PlanSection.objects.bulk_create(
                PlanSection(
                    organization=organization,
                    version=version,
                    key=section.key,
                    content=section.content,
                    owner_id=section.owner_id,
                    status=section.status,
                )
                for section in approved.sections.order_by("id")
            )
    return version


def _as_signed(version: PlanVersion) -> PlanVersion:
    signed = copy(version)
    signed.signature_id = None
    signed.status = PlanVersion.Status.APPROVED
    return signed


def signature_states(
    *, organization: Organization, versions: Iterable[PlanVersion]
) -> dict[int, bool]:
    """For each signed version: is it still exactly what was signed? One query for all.

    ``versions`` come with ``signature`` joined and ``sections`` prefetched.
    """
    signed = [version for version in versions if version.signature_id]
    if not signed:
        return {}
    section_ids = {
        version.pk: {str(section.pk) for section in version.sections.all()} for version in signed
    }
    earliest = min(version.signature.record_version for version in signed)
    later_changes = list(
        AuditEvent.objects.filter(
            organization=organization,
            model_label=model_label(PlanSection),
            object_id__in=set().union(*section_ids.values()),
            seq__gt=earliest,
        ).values_list("object_id", "seq")
    )
    states = {}
    for version in signed:
        signature = version.signature
        sections_intact = len(section_ids[version.pk]) == len(PlanSection.Key.values) and not any(
            object_id in section_ids[version.pk] and seq > signature.record_version
            for object_id, seq in later_changes
        )
        states[version.pk] = sections_intact and signature_is_current(
            signature, _as_signed(version)
        )
    return states
