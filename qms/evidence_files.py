"""The files of the evidence pack that this app adds (``relmgmt.core.extensions
.evidence_files``): those of the apps below it (parties, suppliers, feedback), its own
(objectives, management reviews) and the audit trail's extract with the check of its chain.
Corrective actions adds its own for 8.7 and 10.2.

Each builder runs in the worker for one organisation and a period (dates, both included):
registers as they stand when the pack is built, records of the period by their date."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

from relmgmt.core import extensions as ext
from relmgmt.core.dates import end_of_day, organization_today
from relmgmt.core.exports import pack_csv, pack_export
from relmgmt.core.extensions import EvidenceFile, PackFile


def period_moments(organization, start: date, end: date) -> tuple[datetime, datetime]:
    """The first and the last moment of the period in the organisation's time zone."""
    first = datetime.combine(start, time.min, tzinfo=ZoneInfo(organization.timezone))
    return first, end_of_day(organization, end)


def _day(value) -> str:
    return value.isoformat() if value else ""


# --- 4.2, 6.1: parties --------------------------------------------------------------------


def parties(organization, start, end) -> list[PackFile]:
    from parties.views.register import PARTY_EXPORT

    queryset = PARTY_EXPORT.queryset(organization=organization)
    return [pack_export("parties.csv", PARTY_EXPORT, queryset, organization=organization)]


def risks(organization, start, end) -> list[PackFile]:
    from parties.views.risks import RISK_EXPORT

    queryset = RISK_EXPORT.queryset(organization=organization)
    return [pack_export("risks.csv", RISK_EXPORT, queryset, organization=organization)]


# --- 6.2, 9.3: this app ---------------------------------------------------------------------


def objectives(organization, start, end) -> list[PackFile]:
    from qms.selectors import objectives as selectors

    rows = (
        selectors.objectives(organization=organization)
        .filter(period_start__lte=end, period_end__gte=start)
        .select_related("organization")
        .order_by("period_start", "id")
    )
    statuses = selectors.statuses(organization=organization, queryset=rows)
    header = ["title", "kpi", "target", "period_start", "period_end", "owner", "value", "status"]
    return [
        pack_csv(
            "quality-objectives.csv",
            header,
            (
                [
                    status.objective.title,
                    status.kpi_label,
                    status.objective.target,
                    _day(status.objective.period_start),
                    _day(status.objective.period_end),
                    str(status.objective.owner),
                    "" if status.value is None else round(status.value, 2),
                    status.label,
                ]
                for status in statuses
            ),
        )
    ]


def management_reviews(organization, start, end) -> list[PackFile]:
    from qms.review_pdf import render_review_pdf
    from qms.selectors import reviews as selectors

    held = (
        selectors.reviews(organization=organization)
        .filter(meeting_date__gte=start, meeting_date__lte=end)
        .order_by("meeting_date", "id")
    )
    files = []
    for review in held:
        content = render_review_pdf(
            review=review,
            sections=selectors.inputs_of(review),
            actions=list(selectors.actions_of(review)),
            generated_at=timezone.now(),
        )
        files.append(
            PackFile(
                f"management-review-{review.meeting_date:%Y%m%d}-{review.pk}.pdf",
                content,
                f"{review.title}, {review.get_status_display().lower()}",
            )
        )
    return files


# --- 7.5: the audit trail -----------------------------------------------------------------


def audit_trail(organization, start, end) -> list[PackFile]:
    from relmgmt.audit import selectors
    from relmgmt.audit.verification import check_chain

    first, last = period_moments(organization, start, end)
    events = (
        selectors.events(organization=organization)
        .filter(occurred_at__gte=first, occurred_at__lte=last)
        .order_by("seq")
    )
    header = [
        *("seq", "occurred_at", "actor", "source", "action", "kind", "record_id", "record"),
        *("changes", "reason", "hash"),
    ]
    extract = pack_csv(
        "audit-trail.csv",
        header,
        (
            [
                event.seq,
                event.occurred_at.isoformat(),
                event.actor_label,
                event.source,
                event.action,
                event.model_label,
                event.object_id,
                event.object_repr,
                json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
                event.reason,
                event.hash,
            ]
            for event in events.iterator(chunk_size=2000)
        ),
    )
    report = check_chain(organization.pk)
    if report.fault is None:
        verdict = (
            f"Chain intact: {report.events_checked} events checked, head #{report.head_seq} "
            f"{report.head_hash}"
        )
    else:
        verdict = f"Chain broken: {report.fault}"
    checked = f"Checked {timezone.now().isoformat(timespec='seconds')}. {verdict}\n"
    return [extract, PackFile("chain-verification.txt", checked.encode(), verdict)]


# --- 8.2.1, 9.1.2: feedback ---------------------------------------------------------------


def complaints(organization, start, end) -> list[PackFile]:
    from feedback.views.complaints import COMPLAINT_EXPORT

    first, last = period_moments(organization, start, end)
    queryset = COMPLAINT_EXPORT.queryset(organization=organization).filter(
        received_at__gte=first, received_at__lte=last
    )
    return [pack_export("complaints.csv", COMPLAINT_EXPORT, queryset, organization=organization)]


def survey_results(organization, start, end) -> list[PackFile]:
    from feedback.views.surveys.campaigns import SURVEY_ANSWER_EXPORT

    first, last = period_moments(organization, start, end)
    queryset = SURVEY_ANSWER_EXPORT.queryset(organization=organization).filter(
        submitted_at__gte=first, submitted_at__lte=last
    )
    return [
        pack_export("survey-answers.csv", SURVEY_ANSWER_EXPORT, queryset, organization=organization)
    ]


# --- 8.4: external providers --------------------------------------------------------------

# Above this many approved suppliers the list is in the pack as CSV only: its PDF takes
# about 10 ms a row to lay out, minutes for thousands.
ASL_PDF_LIMIT = 1_000
ASL_HEADER = [
    *("code", "name", "status", "conditions", "conditions_until", "categories"),
    *("criticality", "approved_since", "next_evaluation_due"),
]


def supplier_register(organization, start, end) -> list[PackFile]:
    from suppliers.views.register import SUPPLIER_EXPORT

    queryset = SUPPLIER_EXPORT.queryset(organization=organization)
    return [pack_export("suppliers.csv", SUPPLIER_EXPORT, queryset, organization=organization)]


def approved_supplier_list(organization, start, end) -> list[PackFile]:
    """The approved supplier list at the period's end (from the audit trail for a past day),
    as CSV, and as PDF up to ``ASL_PDF_LIMIT`` suppliers."""
    from suppliers.selectors import approval
    from suppliers.views.approval.pdf import render_asl_pdf

    today = organization_today(organization)
    day = end if end < today else None
    entries = approval.approved_suppliers(organization=organization, on=day)
    as_of = day or today
    rows = (
        [
            entry.code,
            entry.name,
            entry.status_label,
            entry.conditions,
            _day(entry.conditions_until),
            entry.categories_label,
            entry.criticality_label,
            _day(timezone.localtime(entry.approved_since).date()) if entry.approved_since else "",
            _day(entry.next_evaluation_due),
        ]
        for entry in entries
    )
    name = f"approved-suppliers-{as_of:%Y%m%d}"
    listed = pack_csv(f"{name}.csv", ASL_HEADER, rows)
    if len(entries) > ASL_PDF_LIMIT:
        return [listed]
    pdf = render_asl_pdf(
        organization=organization,
        entries=entries,
        as_of=as_of,
        from_history=day is not None,
        generated_at=timezone.now(),
    )
    return [listed, PackFile(f"{name}.pdf", pdf, "PDF")]


def certificates(organization, start, end) -> list[PackFile]:
    from suppliers.views.certificates import CERTIFICATE_EXPORT

    queryset = CERTIFICATE_EXPORT.queryset(organization=organization)
    return [
        pack_export("certificates.csv", CERTIFICATE_EXPORT, queryset, organization=organization)
    ]


def scorecards(organization, start, end) -> list[PackFile]:
    from suppliers.views.scorecards.results import RESULT_EXPORT

    queryset = RESULT_EXPORT.queryset(organization=organization).filter(
        period_start__gte=start, period_start__lte=end
    )
    return [pack_export("scorecards.csv", RESULT_EXPORT, queryset, organization=organization)]


FILES = [
    EvidenceFile("parties", "4.2", "Register of interested parties", parties, order=10),
    EvidenceFile("risks", "6.1", "Risks and opportunities", risks, order=20),
    EvidenceFile("objectives", "6.2", "Quality objectives of the period", objectives, order=30),
    EvidenceFile("audit_trail", "7.5", "Audit trail of the period", audit_trail, order=40),
    EvidenceFile("complaints", "8.2.1", "Complaints received", complaints, order=50),
    EvidenceFile("suppliers", "8.4", "Supplier register", supplier_register, order=60),
    EvidenceFile(
        "asl", "8.4", "Approved supplier list at the period's end", approved_supplier_list,
        order=61,
    ),
    EvidenceFile("certificates", "8.4", "Certificates", certificates, order=62),
    EvidenceFile("scorecards", "8.4", "Scorecards of the period", scorecards, order=63),
    EvidenceFile("survey_results", "9.1.2", "Survey answers", survey_results, order=90),
    EvidenceFile(
        "management_reviews", "9.3", "Management reviews", management_reviews, order=93
    ),
]  # fmt: skip


def register_files() -> None:
    for entry in FILES:
        if ext.evidence_files.get(entry.key) is None:
            ext.evidence_files.register(entry)
