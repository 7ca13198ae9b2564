"""The files this app adds to the evidence pack (``relmgmt.core.extensions.evidence_files``):
the nonconformities of the period (8.7) and the corrective actions opened or closed in it
(10.2), each of those also as its PDF with its analysis, actions and checks."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Q

from relmgmt.core.dates import end_of_day
from relmgmt.core.exports import pack_export
from relmgmt.core.extensions import EvidenceFile, PackFile


def _moments(organization, start, end) -> tuple[datetime, datetime]:
    first = datetime.combine(start, time.min, tzinfo=ZoneInfo(organization.timezone))
    return first, end_of_day(organization, end)


def nonconformities(organization, start, end) -> list[PackFile]:
    from corrective_actions.views.nonconformities import NC_EXPORT

    queryset = NC_EXPORT.queryset(organization=organization).filter(
        occurred_on__gte=start, occurred_on__lte=end
    )
    return [pack_export("nonconformities.csv", NC_EXPORT, queryset, organization=organization)]


def corrective_actions(organization, start, end) -> list[PackFile]:
    from corrective_actions.pdf import corrective_action_pdf
    from corrective_actions.selectors import corrective_actions as selectors
    from corrective_actions.views.corrective_actions import CA_EXPORT

    first, last = _moments(organization, start, end)
    in_period = Q(opened_at__gte=first, opened_at__lte=last) | Q(
        closed_at__gte=first, closed_at__lte=last
    )
    queryset = CA_EXPORT.queryset(organization=organization).filter(in_period)
    files = [pack_export("corrective-actions.csv", CA_EXPORT, queryset, organization=organization)]
    for record in (
        selectors.ca_detail(organization=organization).filter(in_period).order_by("opened_at", "id")
    ):
        content = corrective_action_pdf(organization=organization, record=record)
        files.append(PackFile(f"{record.reference}.pdf", content, f"{record.get_state_display()}"))
    return files


FILES = [
    EvidenceFile("nonconformities", "8.7", "Nonconformities of the period", nonconformities,
                 order=70),
    EvidenceFile("corrective_actions", "10.2",
                 "Corrective actions opened or closed in the period, with analysis and checks",
                 corrective_actions, order=100),
]  # fmt: skip
