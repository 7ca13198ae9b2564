"""One corrective action as a printable PDF (fpdf2, portrait A4, the bundled DejaVu Sans):
the problem, its nonconformity and links, the decision, the whole root cause analysis (the
whys and the fishbone by category), the actions, the verification, the effectiveness check,
the closure's signature and the timeline."""

from zoneinfo import ZoneInfo

from django.utils import timezone
from fpdf import FPDF

from corrective_actions.selectors import corrective_actions as selectors
from relmgmt.core.pdf import BLACK, FONT, MUTED, add_fonts


class _Document(FPDF):
    def __init__(self, *, footer_text: str):
        super().__init__(orientation="P", format="A4")
        self.footer_text = footer_text
        add_fonts(self)
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=16)

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.w - self.r_margin - 30)
        self.cell(30, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(*BLACK)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(FONT, "B", 11)
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 9)

    def fact(self, term: str, value) -> None:
        self.set_font(FONT, "B", 9)
        self.cell(48, 5, term)
        self.set_font(FONT, "", 9)
        self.multi_cell(
            0, 5, str(value) if value not in (None, "") else "—", new_x="LMARGIN", new_y="NEXT"
        )

    def text(self, value: str) -> None:  # type: ignore[override]
        self.multi_cell(0, 5, value or "—", new_x="LMARGIN", new_y="NEXT")


def _person(user) -> str:
    return user.display_name if user else ""


def corrective_action_pdf(*, organization, record) -> bytes:
    tz = ZoneInfo(organization.timezone)

    def moment(value):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""

    printed = moment(timezone.now())
    document = _Document(
        footer_text=f"{record.reference} · printed {printed} · {organization.name}"
    )
    document.set_title(f"Corrective action {record.reference}")
    document.set_author(organization.name)
    document.set_creator("relmgmt")
    document.add_page()
    document.set_font(FONT, "", 9)
    document.set_text_color(*MUTED)
    document.cell(0, 5, f"{organization.name} · ISO 9001 10.2", new_x="LMARGIN", new_y="NEXT")
    document.set_text_color(*BLACK)
    document.set_font(FONT, "B", 15)
    document.multi_cell(
        0, 8, f"Corrective action {record.reference}: {record.title}", new_x="LMARGIN", new_y="NEXT"
    )
    document.set_font(FONT, "", 9)
    document.fact("State", record.get_state_display())
    document.fact("Source", record.get_source_display())
    document.fact(
        "Severity, category", f"{record.get_severity_display()}, {record.get_category_display()}"
    )
    document.fact("Owner", _person(record.owner))
    document.fact("Opened", moment(record.opened_at))
    document.fact("Age", f"{selectors.age_days(record)} days")
    document.fact(
        "Cycle",
        f"{record.cycle}" + (f" (after {record.previous.reference})" if record.previous_id else ""),
    )
    document.fact(
        "Nonconformity", record.nonconformity.reference if record.nonconformity_id else ""
    )
    document.fact("Complaint", record.complaint.reference if record.complaint_id else "")
    document.fact("Party", record.party.name if record.party_id else "")
    document.fact("Supplier", record.supplier.party.name if record.supplier_id else "")
    if getattr(record, "recurrent", False):
        document.fact("Recurrence", "Same category and party or supplier within 12 months")

    document.heading("Problem")
    document.text(record.problem_statement)
    document.heading("Containment")
    document.text(record.containment)
    document.heading("Is action needed? (10.2.1 b)")
    needed = {True: "Yes", False: "No", None: "Not decided yet"}[record.action_needed]
    document.text(f"{needed}. {record.decision_note}".strip())

    analysis = selectors.analysis(organization=organization, corrective_action=record)
    document.heading("Root cause: five whys")
    if analysis.whys:
        for step in analysis.whys:
            document.text(f"{step.position}. Why? {step.why} — Because: {step.because or '…'}")
    else:
        document.text("")
    document.heading("Root cause: fishbone")
    any_cause = False
    for _key, label, causes in analysis.fishbone:
        if causes:
            any_cause = True
            listed = "; ".join(f"{c.cause}{' (root cause)' if c.is_root else ''}" for c in causes)
            document.fact(label, listed)
    if not any_cause:
        document.text("")
    document.heading("Root cause in words")
    document.text(record.analysis.summary)

    document.heading("Actions")
    steps = list(selectors.steps(organization=organization, corrective_action=record))
    if steps:
        with document.table(col_widths=(70, 32, 22, 22, 32), text_align="LEFT") as table:
            table.row(["Action", "Owner", "Due", "Status", "Evidence"])
            for step in steps:
                table.row(
                    [
                        step.description,
                        _person(step.owner),
                        step.due_on.isoformat(),
                        step.get_status_display(),
                        step.evidence,
                    ]
                )
    else:
        document.text("")
    document.heading("Verification")
    document.fact("Verified", f"{moment(record.verified_at)} {_person(record.verified_by)}".strip())
    document.text(record.verification_note)
    document.heading("Effectiveness check")
    document.fact("Criterion", record.effectiveness_criterion)
    document.fact(
        "Due", record.effectiveness_due_on.isoformat() if record.effectiveness_due_on else ""
    )
    document.fact(
        "Checked",
        f"{moment(record.effectiveness_checked_at)} "
        f"{_person(record.effectiveness_checked_by)}".strip(),
    )
    document.fact("Result", record.effectiveness_result)
    document.heading("Risks, opportunities and the QMS (10.2.1 e, f)")
    document.fact("Risks updated", record.risks_updated)
    document.fact("QMS changes", record.qms_changes)
    document.heading("Closure")
    signature = record.closure_signature
    if signature is not None:
        document.fact("Signed by", signature.signer_name)
        document.fact("Signed at", moment(signature.signed_at))
        document.fact("Meaning", signature.meaning)
        document.fact("Version signed", signature.record_version)
    else:
        document.text("Not signed.")
    document.heading("Timeline")
    for event in selectors.timeline(organization=organization, corrective_action=record):
        document.text(
            f"{moment(event.at)} · {event.get_to_state_display()} · {_person(event.actor)}"
            + (f" · {event.note}" if event.note else "")
        )
    return bytes(document.output())
