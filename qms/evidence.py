"""The evidence by clause: the clauses an auditor walks, and the pages that answer each,
registered by the apps into ``relmgmt.core.extensions.evidence_links`` (this app registers
those of the apps below it; corrective actions registers its own for 8.7 and 10.2)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from relmgmt import policy
from relmgmt.core import extensions as ext
from relmgmt.core.extensions import EvidenceLink

CLAUSES = [
    ("4.2", "Interested parties"),
    ("6.1", "Risks and opportunities"),
    ("6.2", "Quality objectives"),
    ("7.5", "Documented information"),
    ("8.2.1", "Customer communication"),
    ("8.4", "External providers"),
    ("8.7", "Nonconforming outputs"),
    ("9.1.2", "Customer satisfaction"),
    ("9.3", "Management review"),
    ("10.2", "Nonconformity and corrective action"),
]

LINKS = [
    ("4.2", "Register of interested parties", "parties:party_list"),
    ("4.2", "Reviews of parties", "parties:review_list"),
    ("4.2", "Parties due for review", "parties:review_due_list"),
    ("6.1", "Risks and opportunities", "parties:risk_list"),
    ("6.2", "Quality objectives", "qms:objective_list"),
    ("7.5", "Audit log", "audit_log"),
    ("8.2.1", "Complaints", "feedback:complaint_list"),
    ("8.4", "Approved supplier list", "suppliers:asl"),
    ("8.4", "Supplier register", "suppliers:supplier_list"),
    ("8.4", "Certificates", "suppliers:certificate_list"),
    ("8.4", "Scorecards", "suppliers:scorecard_results"),
    ("8.4", "Re-evaluations due", "suppliers:reevaluation_due_list"),
    ("8.4", "Performance reviews", "suppliers:performance_review_list"),
    ("8.4", "Deliveries", "suppliers:delivery_list"),
    ("9.1.2", "Survey results", "feedback:survey_results"),
    ("9.1.2", "Survey campaigns", "feedback:survey_campaign_list"),
    ("9.3", "Management reviews", "qms:review_list"),
]


def register_links() -> None:
    for order, (clause, label, url_name) in enumerate(LINKS):
        key = f"{clause}:{url_name}"
        if ext.evidence_links.get(key) is None:
            ext.evidence_links.register(EvidenceLink(key, clause, label, url_name, order=order))


@dataclass(frozen=True)
class ClauseEvidence:
    number: str
    title: str
    links: list[tuple[str, str]]  # (label, URL)


def clauses(request) -> list[ClauseEvidence]:
    """Each clause with the links the member may follow (a page that is not there is left
    out); a clause no app registered is listed without links."""
    slug = request.organization.slug
    found: dict[str, list[tuple[str, str]]] = {number: [] for number, _title in CLAUSES}
    for link in ext.evidence_links:
        if not policy.can(request.membership, link.permission):
            continue
        try:
            url = reverse(link.url_name, kwargs={"org_slug": slug, **dict(link.kwargs)})
        except NoReverseMatch:
            continue
        if link.query:
            url = f"{url}?{link.query}"
        found.setdefault(link.clause, []).append((link.label, url))
    titles = dict(CLAUSES)
    return [
        ClauseEvidence(number, titles.get(number, ""), links) for number, links in found.items()
    ]
