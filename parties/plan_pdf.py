"""A relationship plan version as a printable PDF (fpdf2; DejaVu Sans so any text prints)."""

from zoneinfo import ZoneInfo

from fpdf import FPDF

from relmgmt.core.pdf import BLACK, FONT, MUTED, add_fonts

# The mark across every page of a version that is not the approved one.
WATERMARK_COLOR = (225, 225, 225)
WARNING = (178, 106, 0)


class _PlanDocument(FPDF):
    def __init__(self, *, footer_text: str, watermark: str = ""):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.watermark = watermark
        add_fonts(self)
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)

    def header(self):
        """A draft or superseded version carries its status across every page, drawn first
        so the text stays readable above it."""
        if not self.watermark:
            return
        x, y = self.get_x(), self.get_y()
        self.set_font(FONT, "B", 80)
        self.set_text_color(*WATERMARK_COLOR)
        width = self.get_string_width(self.watermark)
        centre_x, centre_y = self.w / 2, self.h / 2
        with self.rotation(45, x=centre_x, y=centre_y):
            self.text(centre_x - width / 2, centre_y + 10, self.watermark)
        self.set_text_color(*BLACK)
        self.set_xy(x, y)

    def footer(self):
        self.set_y(-13)
        self.set_font(FONT, "", 7)
        self.set_text_color(*MUTED)
        page_width = 24
        room = self.w - self.l_margin - self.r_margin - page_width - 4
        text = self.footer_text
        while self.get_string_width(text) > room and len(text) > 10:
            text = text[:-2] + "…"
        self.cell(room, 5, text, align="L")
        self.set_x(self.w - self.r_margin - page_width)
        self.cell(page_width, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(*BLACK)

    def paragraph(self, text: str, *, size=10, style="", height=5, color=BLACK):
        self.set_font(FONT, style, size)
        self.set_text_color(*color)
        self.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*BLACK)

    def facts(self, rows: list[tuple[str, str]]):
        for label, value in rows:
            self.set_font(FONT, "B", 9)
            self.cell(45, 5.5, label)
            self.set_font(FONT, "", 9)
            self.multi_cell(0, 5.5, value, align="L", new_x="LMARGIN", new_y="NEXT")

    def rule(self):
        self.ln(2)
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)


def _when(moment, tz) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if moment else "—"


def render_plan_pdf(
    *, organization, version, sections, signature_current: bool | None, generated_at
) -> bytes:
    """The version's title page facts, approval and signature, then each section in order."""
    tz = ZoneInfo(organization.timezone)
    plan = version.plan
    party = plan.party
    approved = version.status == version.Status.APPROVED
    label = "" if approved else version.get_status_display().upper()
    document = _PlanDocument(
        footer_text=f"{plan.title} · v{version.number} ({version.get_status_display().lower()})"
        f" · printed {_when(generated_at, tz)} · {organization.name}",
        watermark=label,
    )
    title = f"{plan.title} v{version.number}" + ("" if approved else f" ({label}: not approved)")
    document.set_title(title)
    document.set_author(organization.name)
    document.set_subject(f"ISO 44001 relationship plan with {party.name}")
    document.set_creator("relmgmt")
    document.set_creation_date(generated_at)
    document.add_page()

    document.paragraph(organization.name, size=9, color=MUTED)
    if not approved:
        document.paragraph(
            f"{label}: version {version.number} is not the approved plan"
            + ("" if version.status == version.Status.DRAFT else " (a later version replaced it)"),
            size=12,
            style="B",
            height=7,
            color=WARNING,
        )
    document.paragraph(plan.title, size=18, style="B", height=9)
    document.paragraph(f"Relationship management plan (ISO 44001) with {party.name}", size=11)
    document.ln(3)
    owner = party.owner.display_name if party.owner else "Nobody yet"
    document.facts(
        [
            ("Party", f"{party.name} ({party.get_tier_display().lower()})"),
            ("Relationship owner", owner),
            ("Version", f"{version.number}"),
            ("Status", version.get_status_display()),
        ]
    )
    document.rule()
    document.paragraph("Approval", size=12, style="B", height=7)
    if version.approved_at:
        rows = [
            ("Approved by", version.approved_by.display_name if version.approved_by else "—"),
            ("Approved at", _when(version.approved_at, tz)),
        ]
        signature = version.signature
        if signature is not None:
            validity = (
                "valid: the version is unchanged since it was signed"
                if signature_current
                else "NOT VALID: the version changed after it was signed"
            )
            rows += [
                ("Signed by", signature.signer_name),
                ("Signed at", _when(signature.signed_at, tz)),
                ("Meaning", signature.meaning),
                ("Signature", validity),
            ]
        document.facts(rows)
    else:
        document.paragraph("Not approved: this version is a draft.", size=9, color=MUTED)
    document.rule()

    for index, section in enumerate(sections, start=1):
        if document.will_page_break(30):
            document.add_page()
        document.paragraph(f"{index}. {section.get_key_display()}", size=12, style="B", height=7)
        section_owner = section.owner.display_name if section.owner else "no owner"
        document.paragraph(
            f"Owner: {section_owner} · Status: {section.get_status_display()}",
            size=8,
            color=MUTED,
        )
        document.ln(1)
        if section.content:
            document.paragraph(section.content, size=10)
        else:
            document.paragraph("Nothing written yet.", size=10, color=MUTED)
        document.ln(4)
    return bytes(document.output())
