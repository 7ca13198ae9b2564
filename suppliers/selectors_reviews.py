"""Reads of re-evaluations, performance reviews and agreements that the pages and the API
share. Each is given the organisation and returns what its page shows already joined, so
that a list costs the same number of queries whatever its length."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery

from parties.models import Contact
from suppliers.models import (
    Agreement,
    Dispute,
    PerformanceReview,
    ReEvaluation,
    ReviewAction,
    ServiceLevel,
    Supplier,
)
from suppliers.models.agreements import DisputeStatus
from suppliers.models.register import ApprovalStatus


def reevaluations(*, organization):
    return (
        ReEvaluation.objects.filter(organization=organization)
        .select_related("supplier__party", "evaluator", "transition__signature")
        .order_by("-evaluated_on", "-id")
    )


def reevaluations_due(*, organization):
    """Suppliers that are re-evaluated on a schedule (not disqualified, with a date), with
    the date of their latest re-evaluation (``last_evaluated_on``), soonest due first."""
    latest = (
        ReEvaluation.objects.filter(organization=organization, supplier_id=OuterRef("pk"))
        .order_by()
        .values("supplier_id")
        .annotate(last=Max("evaluated_on"))
        .values("last")
    )
    return (
        Supplier.objects.filter(organization=organization, next_evaluation_due__isnull=False)
        .exclude(status=ApprovalStatus.DISQUALIFIED)
        .select_related("party", "owner")
        .annotate(last_evaluated_on=Subquery(latest))
        .order_by("next_evaluation_due", "code", "id")
    )


def _actions(organization):
    return ReviewAction.objects.filter(organization=organization).select_related("owner")


def performance_reviews(*, organization):
    """Reviews with their supplier and their count of open actions (for lists)."""
    return (
        PerformanceReview.objects.filter(organization=organization)
        .select_related("supplier__party")
        .annotate(
            open_actions=Count(
                "actions",
                filter=Q(actions__done_at__isnull=True, actions__organization=organization),
            )
        )
        .order_by("-held_on", "-id")
    )


def performance_reviews_full(*, organization):
    """Reviews with their attendees and actions (detail and API)."""
    return performance_reviews(organization=organization).prefetch_related(
        Prefetch("actions", queryset=_actions(organization).order_by("due_on", "id")),
        Prefetch(
            "members",
            queryset=get_user_model().objects.order_by("full_name", "email"),
        ),
        Prefetch("contacts", queryset=Contact.objects.filter(organization=organization)),
    )


def review_actions(*, organization):
    return _actions(organization).select_related("review__supplier__party")


def agreements(*, organization):
    return (
        Agreement.objects.filter(organization=organization)
        .select_related("supplier__party", "supplier__owner")
        .annotate(
            open_disputes=Count(
                "disputes",
                filter=Q(
                    disputes__status__in=[DisputeStatus.OPEN, DisputeStatus.ESCALATED],
                    disputes__organization=organization,
                ),
            )
        )
        .order_by("ends_on", "id")
    )


def agreements_full(*, organization):
    return agreements(organization=organization).prefetch_related(
        Prefetch("service_levels", queryset=ServiceLevel.objects.filter(organization=organization)),
        Prefetch("disputes", queryset=Dispute.objects.filter(organization=organization)),
    )


def for_supplier(*, organization, supplier) -> dict:
    """What the supplier page shows of its re-evaluations, reviews and agreements (three
    queries)."""
    return {
        "reevaluations": list(reevaluations(organization=organization).filter(supplier=supplier)),
        "performance_reviews": list(
            performance_reviews(organization=organization).filter(supplier=supplier)[:10]
        ),
        "agreements": list(agreements(organization=organization).filter(supplier=supplier)),
    }
