"""The approved supplier list as a printable PDF (fpdf2, landscape; the bundled DejaVu
Sans so any name prints)."""

from zoneinfo import ZoneInfo

from fpdf import FPDF

from relmgmt.core.pdf import BLACK, FONT, MUTED, add_fonts, fit_columns

# Column titles and the widths (mm) wanted in the landscape A4 table; ``fit_columns`` widens
# any that would break its title inside a word.
COLUMNS = [
    ("Code", 20),
    ("Supplier", 50),
    ("Status", 36),
    ("What it supplies", 48),
    ("Criticality", 20),
    ("On the list since", 24),
    ("Next re-evaluation", 24),
    ("Flags", 47),
]


class _AslDocument(FPDF):
    def __init__(self, *, footer_text: str):
        super().__init__(orientation="L", format="A4")
        self.footer_text = footer_text
        add_fonts(self)
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(auto=True, margin=16)

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.w - self.r_margin - 30)
        self.cell(30, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(*BLACK)


def _day(value) -> str:
    return value.isoformat() if value else "—"


def render_asl_pdf(*, organization, entries, as_of, from_history: bool, generated_at) -> bytes:
    tz = ZoneInfo(organization.timezone)
    printed = generated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    document = _AslDocument(
        footer_text=f"Approved supplier list as of {as_of.isoformat()} · printed {printed} · "
        f"{organization.name}"
    )
    document.set_title(f"Approved supplier list as of {as_of.isoformat()}")
    document.set_author(organization.name)
    document.set_subject("ISO 9001 8.4 approved supplier list")
    document.set_creator("relmgmt")
    document.set_creation_date(generated_at)
    document.add_page()
    document.set_font(FONT, "", 9)
    document.set_text_color(*MUTED)
    document.cell(0, 5, organization.name, new_x="LMARGIN", new_y="NEXT")
    document.set_text_color(*BLACK)
    document.set_font(FONT, "B", 16)
    document.cell(
        0, 9, f"Approved supplier list as of {as_of.isoformat()}", new_x="LMARGIN", new_y="NEXT"
    )
    document.set_font(FONT, "", 9)
    source = (
        "As the records stood at the end of that day, from the audit trail."
        if from_history
        else "As the records stand now."
    )
    document.multi_cell(
        0,
        5,
        f"{len(entries)} supplier{'s' if len(entries) != 1 else ''} approved or conditionally "
        f"approved. {source}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    document.ln(3)
    if not entries:
        document.set_text_color(*MUTED)
        document.cell(0, 6, "No supplier was approved on that day.")
        return bytes(document.output())
    flagged = sum(1 for entry in entries if entry.flags)
    if flagged:
        document.set_text_color(*MUTED)
        document.multi_cell(
            0,
            5,
            f"{flagged} flagged: re-evaluation overdue, or a required certificate missing or "
            "expired on that day.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        document.set_text_color(*BLACK)
        document.ln(2)
    document.set_font(FONT, "", 8)
    widths = fit_columns(document, COLUMNS)
    with document.table(
        col_widths=widths,
        width=sum(widths),
        line_height=4.5,
        text_align="LEFT",
        repeat_headings=1,
    ) as table:
        headings = table.row()
        for title, _width in COLUMNS:
            headings.cell(title)
        for entry in entries:
            status = entry.status_label
            if entry.conditions:
                status += f" until {_day(entry.conditions_until)}: {entry.conditions}"
            since = entry.approved_since.astimezone(tz).date() if entry.approved_since else None
            row = table.row()
            for value in (
                entry.code,
                entry.name,
                status,
                entry.categories_label,
                entry.criticality_label,
                _day(since),
                _day(entry.next_evaluation_due),
                "; ".join(entry.flags) or "—",
            ):
                row.cell(value)
    return bytes(document.output())
