"""The management review's pack as a PDF (fpdf2, the bundled DejaVu Sans): its inputs as
they were frozen when held (or as they stand while prepared), what was entered, its outputs,
actions and the signature of its minutes."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fpdf import FPDF

from relmgmt.core.pdf import BLACK, FONT, MUTED, add_fonts


class _PackDocument(FPDF):
    def __init__(self, *, footer_text: str):
        super().__init__(format="A4")
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


def _heading(document, text: str, size: int = 12) -> None:
    document.set_font(FONT, "B", size)
    document.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    document.set_font(FONT, "", 9)


def _text(document, text: str) -> None:
    document.set_font(FONT, "", 9)
    document.multi_cell(0, 5, text or "—", new_x="LMARGIN", new_y="NEXT")


def _table(document, columns: list[str], rows: list[list]) -> None:
    if not rows:
        _text(document, "None in the period.")
        return
    document.set_font(FONT, "", 8)
    with document.table(first_row_as_headings=True, text_align="LEFT") as table:
        header = table.row()
        for column in columns:
            header.cell(str(column))
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(str(value))
    document.ln(2)


def render_review_pdf(*, review, sections, actions, generated_at) -> bytes:
    organization = review.organization
    tz = ZoneInfo(organization.timezone)
    printed = generated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    document = _PackDocument(
        footer_text=f"{review.title} · printed {printed} · {organization.name}"
    )
    document.set_title(review.title)
    document.set_author(organization.name)
    document.set_subject("ISO 9001 9.3 management review")
    document.set_creator("relmgmt")
    document.add_page()
    document.set_font(FONT, "", 9)
    document.set_text_color(*MUTED)
    document.cell(0, 5, organization.name, new_x="LMARGIN", new_y="NEXT")
    document.set_text_color(*BLACK)
    _heading(document, review.title, 16)
    state = review.get_status_display()
    if review.held_at:
        state += f"; figures frozen {review.held_at.astimezone(tz):%Y-%m-%d %H:%M}"
    _text(
        document,
        f"Meeting {review.meeting_date.isoformat()} · period {review.period_start.isoformat()} "
        f"to {review.period_end.isoformat()} · {state}",
    )
    _heading(document, "Attendees", 11)
    _text(document, review.attendees)
    _heading(document, "Inputs (9.3.2)", 13)
    for section in sections:
        _heading(document, f"{section['item']} {section['title']}", 11)
        data = section.get("data")
        if data:
            for label, value in data.get("figures", []):
                _text(document, f"{label}: {value}")
            for table in data.get("tables", []):
                document.set_font(FONT, "B", 9)
                document.cell(0, 6, table["title"], new_x="LMARGIN", new_y="NEXT")
                _table(document, table["columns"], table["rows"])
        if section.get("entered") or not data:
            _text(document, section.get("entered") or "Nothing entered.")
    _heading(document, "Outputs (9.3.3)", 13)
    for title, text in (
        ("Decisions: opportunities for improvement", review.decisions),
        ("Changes to the QMS", review.qms_changes),
        ("Resource needs", review.resource_needs),
    ):
        _heading(document, title, 11)
        _text(document, text)
    _heading(document, "Actions", 11)
    _table(
        document,
        ["Action", "Owner", "Due", "Done"],
        [
            [
                action.description,
                action.owner.email,
                action.due_date.isoformat(),
                action.done_on.isoformat() if action.done_on else "open",
            ]
            for action in actions
        ],
    )
    if review.signature_id:
        signature = review.signature
        _heading(document, "Approval of the minutes", 11)
        _text(
            document,
            f"{signature.meaning}. Signed by {signature.signer_name} on "
            f"{signature.signed_at.astimezone(tz):%Y-%m-%d %H:%M %Z}.",
        )
    return bytes(document.output())
