"""The management review's input sections (ISO 9001 9.3.2), one per clause item, registered
into ``relmgmt.core.extensions.review_inputs``. Each section generated from the data reads
the period under review and returns plain data (``figures``, ``tables``) that is stored as
it stands when the review is held. The items without a module to read from are entered by
hand; an app that comes to hold that data (audits) registers a provider under the same key,
and its figures replace the hand-entered text. Corrective actions registers its own section,
9.3.2 c) 4) nonconformities and corrective actions."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from parties.models import Party, Risk
from qms.kpis import feedback as feedback_kpis
from qms.kpis import suppliers as supplier_kpis
from qms.models import ManagementReviewAction, QualityObjective
from qms.selectors.objectives import status_of
from relmgmt.core import extensions as ext
from relmgmt.core.dates import organization_today
from relmgmt.core.extensions import ReviewInput
from suppliers.models import SupplierTransition
from suppliers.models.register import ApprovalStatus
from suppliers.selectors import scorecards as scorecard_selectors


def _value(value) -> str:
    return "no data" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def previous_actions(organization, start: date, end: date) -> dict:
    """9.3.2 a): the actions decided at earlier reviews, done or still open."""
    rows = (
        ManagementReviewAction.objects.filter(
            organization=organization, review__meeting_date__lt=start
        )
        .filter(Q(done_on__isnull=True) | Q(done_on__gte=start))
        .select_related("review", "owner")
        .order_by("due_date", "id")
    )
    table = [
        [
            action.review.title,
            action.description,
            action.owner.email,
            action.due_date.isoformat(),
            action.done_on.isoformat() if action.done_on else "open",
        ]
        for action in rows
    ]
    done = sum(1 for row in table if row[-1] != "open")
    return {
        "figures": [["Actions followed", len(table)], ["Done", done], ["Open", len(table) - done]],
        "tables": [
            {
                "title": "Actions from previous reviews",
                "columns": ["Review", "Action", "Owner", "Due", "Done"],
                "rows": table,
            }
        ],
    }


def issues_changed(organization, start: date, end: date) -> dict:
    """9.3.2 b): interested parties and their risks added in the period."""
    parties = Party.objects.filter(
        organization=organization, created_at__date__gte=start, created_at__date__lte=end
    )
    risks = Risk.objects.filter(
        organization=organization, created_at__date__gte=start, created_at__date__lte=end
    ).select_related("party")
    return {
        "figures": [
            ["Interested parties added", parties.count()],
            ["Risks and opportunities added", risks.count()],
        ],
        "tables": [
            {
                "title": "Risks and opportunities added",
                "columns": ["Party", "Kind", "Description", "Likelihood x impact"],
                "rows": [
                    [
                        risk.party.name,
                        risk.get_kind_display(),
                        risk.description[:200],
                        risk.likelihood * risk.impact,
                    ]
                    for risk in risks.order_by("-created_at")[:50]
                ],
            }
        ],
    }


def satisfaction(organization, start: date, end: date) -> dict:
    """9.3.2 c) 1): customer satisfaction and feedback from interested parties."""
    return {
        "figures": [
            ["NPS", _value(feedback_kpis.nps(organization, start, end))],
            ["CSAT (%)", _value(feedback_kpis.csat(organization, start, end))],
            ["Complaints received", feedback_kpis.complaints_received(organization, start, end)],
            [
                "Complaints resolved within service level (%)",
                _value(feedback_kpis.complaints_within_service_level(organization, start, end)),
            ],
        ],
        "tables": [],
    }


def objectives_met(organization, start: date, end: date) -> dict:
    """9.3.2 c) 2): the quality objectives whose period overlaps the review's."""
    rows = QualityObjective.objects.filter(
        organization=organization, period_start__lte=end, period_end__gte=start
    ).select_related("owner", "organization")
    # Each measured up to the end of the period under review (or today, if sooner).
    as_of = min(end, organization_today(organization))
    found = [status_of(objective, today=as_of) for objective in rows]
    return {
        "figures": [
            ["Objectives", len(found)],
            ["Met or on target", sum(1 for status in found if status.met)],
        ],
        "tables": [
            {
                "title": "Quality objectives",
                "columns": ["Objective", "KPI", "Target", "Value", "Status"],
                "rows": [
                    [
                        status.objective.title,
                        status.kpi_label,
                        f"{float(status.objective.target):g}",
                        _value(status.value),
                        status.label,
                    ]
                    for status in found
                ],
            }
        ],
    }


def process_performance(organization, start: date, end: date) -> dict:
    """9.3.2 c) 3): deliveries on time in full and defects, across suppliers."""
    return {
        "figures": [
            ["OTIF (%)", _value(supplier_kpis.otif(organization, start, end))],
            ["PPM", _value(supplier_kpis.ppm(organization, start, end))],
        ],
        "tables": [],
    }


def monitoring(organization, start: date, end: date) -> dict:
    """9.3.2 c) 5): every registered KPI measured over the period."""
    return {
        "figures": [
            [kpi.label, _value(kpi.measure(organization, start, end))]
            for kpi in ext.kpis
            if kpi.measure is not None
        ],
        "tables": [],
    }


def providers(organization, start: date, end: date) -> dict:
    """9.3.2 c) 7): suppliers' standings and changes of approval status in the period."""
    distribution = scorecard_selectors.standings_distribution(organization=organization)
    changes = (
        SupplierTransition.objects.filter(
            organization=organization,
            occurred_at__date__gte=start,
            occurred_at__date__lte=end,
        )
        .values("to_status")
        .annotate(n=Count("id"))
        .order_by("to_status")
    )
    status_labels = dict(ApprovalStatus.choices)
    return {
        "figures": [[f"Standing {label.lower()}", n] for _key, label, n in distribution.counts],
        "tables": [
            {
                "title": "Changes of approval status",
                "columns": ["To status", "Suppliers"],
                "rows": [
                    [status_labels.get(row["to_status"], row["to_status"]), row["n"]]
                    for row in changes
                ],
            }
        ],
    }


INPUTS = [
    ReviewInput(
        "previous_actions",
        "Status of actions from previous reviews",
        "9.3.2 a)",
        previous_actions,
        10,
    ),
    ReviewInput(
        "issues", "Changes in external and internal issues", "9.3.2 b)", issues_changed, 20
    ),
    ReviewInput(
        "satisfaction", "Customer satisfaction and feedback", "9.3.2 c) 1)", satisfaction, 30
    ),
    ReviewInput(
        "objectives",
        "Extent to which quality objectives have been met",
        "9.3.2 c) 2)",
        objectives_met,
        40,
    ),
    ReviewInput(
        "process_performance",
        "Process performance and conformity of products",
        "9.3.2 c) 3)",
        process_performance,
        50,
    ),
    ReviewInput("monitoring", "Monitoring and measurement results", "9.3.2 c) 5)", monitoring, 70),
    ReviewInput("audit_results", "Audit results", "9.3.2 c) 6)", None, 80),
    ReviewInput(
        "external_providers", "Performance of external providers", "9.3.2 c) 7)", providers, 90
    ),
    ReviewInput("resources", "Adequacy of resources", "9.3.2 d)", None, 100),
    ReviewInput(
        "risk_actions",
        "Effectiveness of actions taken on risks and opportunities",
        "9.3.2 e)",
        None,
        110,
    ),
    ReviewInput("improvement", "Opportunities for improvement", "9.3.2 f)", None, 120),
]
