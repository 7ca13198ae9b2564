"""Reads of relationship plans, their versions and sections, shared by the pages and the
API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from parties.models import Party, PlanSection, PlanVersion, RelationshipPlan

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def plans(*, organization: Organization) -> QuerySet[RelationshipPlan]:
    """Plans with their party and every version (approver and signature joined)."""
    return (
        RelationshipPlan.objects.filter(organization=organization)
        .select_related("party")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=PlanVersion.objects.filter(organization=organization).select_related(
                    "approved_by", "signature"
                ),
            )
        )
        .order_by("party__name")
    )


def plans_in_full(*, organization: Organization) -> QuerySet[RelationshipPlan]:
    """Plans with every version and every version's sections (the API's view of a plan)."""
    return plans(organization=organization).prefetch_related(
        Prefetch(
            "versions__sections",
            queryset=PlanSection.objects.filter(organization=organization).order_by("id"),
        )
    )


def plan_of_party(*, organization: Organization, party: Party) -> RelationshipPlan | None:
    return plans(organization=organization).filter(party=party).first()


def plan_versions(*, organization: Organization, plan: RelationshipPlan) -> QuerySet[PlanVersion]:
    """A plan's versions, newest first, each with its sections and their owners."""
    return (
        PlanVersion.objects.filter(organization=organization, plan=plan)
        .select_related("approved_by", "signature", "plan__party")
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=PlanSection.objects.filter(organization=organization)
                .select_related("owner")
                .order_by("id"),
            )
        )
        .order_by("-number")
    )


def plan_sections(*, organization: Organization) -> QuerySet[PlanSection]:
    return PlanSection.objects.filter(organization=organization).select_related(
        "owner", "version__plan__party"
    )
