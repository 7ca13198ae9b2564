"""Reads of the parties register that views and the API share. Each is given the
organisation and returns a queryset with what its page shows already joined."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from parties.models import Need, Party, PlanSection, PlanVersion, RelationshipPlan
from relmgmt.tenancy.models import Membership


def parties(*, organization):
    return Party.objects.filter(organization=organization).select_related("owner")


def party_detail(*, organization, pk: int) -> Party:
    return parties(organization=organization).get(pk=pk)


def needs(*, organization, party: Party | None = None):
    queryset = Need.objects.filter(organization=organization).select_related("party")
    if party is not None:
        queryset = queryset.filter(party=party)
    return queryset


def member_users(*, organization):
    """Users with a live membership (not portal users): who may own and review records."""
    member_ids = (
        Membership.objects.filter(organization=organization)
        .active()
        .exclude(role="supplier")
        .values("user_id")
    )
    return get_user_model().objects.filter(pk__in=member_ids).order_by("full_name", "email")


def plans(*, organization):
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


def plans_in_full(*, organization):
    """Plans with every version and every version's sections (the API's view of a plan)."""
    return plans(organization=organization).prefetch_related(
        Prefetch(
            "versions__sections",
            queryset=PlanSection.objects.filter(organization=organization).order_by("id"),
        )
    )


def plan_of_party(*, organization, party: Party) -> RelationshipPlan | None:
    return plans(organization=organization).filter(party=party).first()


def plan_versions(*, organization, plan: RelationshipPlan):
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


def plan_sections(*, organization):
    return PlanSection.objects.filter(organization=organization).select_related(
        "owner", "version__plan__party"
    )
