"""What the operator reads about organisations: every one of them, so these reads name
the organisation they are about instead of running inside its scope."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from relmgmt.policy import Role
from relmgmt.tenancy.models import Invitation, Membership, Organization, live_membership


def _live_member_count(**filters: str) -> Coalesce:
    counted = (
        Membership.objects.with_scopes_disabled()
        .filter(live_membership(), organization=OuterRef("pk"), **filters)
        .values("organization")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def organizations(*, query: str = "") -> QuerySet[Organization]:
    """Every organisation with its count of live members and of live admins."""
    found = Organization.objects.annotate(
        member_count=_live_member_count(),
        admin_count=_live_member_count(role=Role.ADMIN),
    )
    if query:
        found = found.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    return found.order_by("name")


def admins(*, organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.with_scopes_disabled()
        .filter(organization=organization, role=Role.ADMIN)
        .select_related("user")
        .order_by("user__email")
    )


def admin_invitations(*, organization: Organization) -> QuerySet[Invitation]:
    """Admin invitations still waiting for an answer."""
    return (
        Invitation.objects.with_scopes_disabled()
        .filter(
            organization=organization,
            role=Role.ADMIN,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )
