"""Where the evidence for each clause lives: the registers and reports that answer it, each
a click away. An app that adds records a clause asks for adds its links here through
``relmgmt.core.extensions.record_links``-style registration later; today the map names the
pages of the apps below (the corrective actions app will add 8.7 and 10.2)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Clause:
    number: str
    title: str
    links: tuple[tuple[str, str], ...]  # (label, URL name)


CLAUSES = (
    Clause("4.2", "Interested parties", (
        ("Register of interested parties", "parties:party_list"),
        ("Reviews of parties", "parties:review_list"),
        ("Parties due for review", "parties:review_due_list"),
    )),
    Clause("6.1", "Risks and opportunities", (("Risks and opportunities", "parties:risk_list"),)),
    Clause("6.2", "Quality objectives", (("Quality objectives", "qms:objective_list"),)),
    Clause("7.5", "Documented information", (("Audit log", "audit_log"),)),
    Clause("8.2.1", "Customer communication", (("Complaints", "feedback:complaint_list"),)),
    Clause("8.4", "External providers", (
        ("Approved supplier list", "suppliers:asl"),
        ("Supplier register", "suppliers:supplier_list"),
        ("Certificates", "suppliers:certificate_list"),
        ("Scorecards", "suppliers:scorecard_results"),
        ("Re-evaluations due", "suppliers:reevaluation_due_list"),
        ("Deliveries", "suppliers:delivery_list"),
    )),
    Clause("9.1.2", "Customer satisfaction", (
        ("Survey results", "feedback:survey_results"),
        ("Survey campaigns", "feedback:survey_campaign_list"),
    )),
    Clause("9.3", "Management review", (("Management reviews", "qms:review_list"),)),
)  # fmt: skip


def clauses(organization) -> list[tuple[Clause, list[tuple[str, str]]]]:
    """Each clause with its links resolved for the organisation (a page an app does not
    provide is left out)."""
    found = []
    for clause in CLAUSES:
        links = []
        for label, url_name in clause.links:
            try:
                links.append((label, reverse(url_name, kwargs={"org_slug": organization.slug})))
            except NoReverseMatch:
                continue
        found.append((clause, links))
    return found
