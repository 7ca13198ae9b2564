"""A supplier's 8D as a printable 8D report (portrait A4): the header (supplier, reference,
source, owner, dates), then D1 to D8 each under its heading with the supplier's answer,
its due date, when it was answered and the buyer's review, D2's is / is not side by side,
D4's five whys, fishbone and escape point, the evidence files, and the history. The buyer's
internal notes are left out: the report can go to the supplier."""

from zoneinfo import ZoneInfo

from django.utils import timezone

from corrective_actions.models.scars import Discipline
from corrective_actions.pdf import _Document, _person
from corrective_actions.selectors import scars as selectors
from relmgmt.core.pdf import BLACK, FONT, MUTED


def scar_pdf(*, organization, scar) -> bytes:
    tz = ZoneInfo(organization.timezone)

    def moment(value):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""

    document = _Document(
        footer_text=f"8D {scar.reference} · printed {moment(timezone.now())} · {organization.name}"
    )
    document.set_title(f"8D report {scar.reference}")
    document.set_author(organization.name)
    document.set_creator("relmgmt")
    document.add_page()
    document.set_font(FONT, "", 9)
    document.set_text_color(*MUTED)
    document.cell(
        0, 5, f"{organization.name} · 8D report · ISO 9001 10.2", new_x="LMARGIN", new_y="NEXT"
    )
    document.set_text_color(*BLACK)
    document.set_font(FONT, "B", 15)
    document.multi_cell(0, 8, f"8D {scar.reference}: {scar.title}", new_x="LMARGIN", new_y="NEXT")
    document.set_font(FONT, "", 9)
    document.fact("Supplier", scar.supplier.party.name)
    document.fact("State", f"{scar.get_state_display()} (step D{scar.current_step})")
    document.fact("Source", scar.get_source_display())
    document.fact("Nonconformity", scar.nonconformity.reference if scar.nonconformity_id else "")
    document.fact("Delivery", str(scar.delivery) if scar.delivery_id else "")
    document.fact("Buyer's owner", _person(scar.owner))
    document.fact("Issued", moment(scar.issued_at))
    document.fact("Closed", moment(scar.closed_at))
    document.heading("What is asked")
    document.text(scar.description)

    analysis = selectors.analysis(organization=organization, scar=scar)
    for step in selectors.steps(organization=organization, scar=scar):
        document.heading(step.get_discipline_display())
        document.fact("Status", step.get_status_display())
        document.fact("Due", step.due_date.isoformat())
        document.fact(
            "Answered",
            f"{moment(step.answered_at)} {_person(step.answered_by)}".strip()
            + (
                f" (first {moment(step.first_answered_at)})"
                if step.first_answered_at and step.first_answered_at != step.answered_at
                else ""
            ),
        )
        if step.discipline == Discipline.D2:
            with document.table(col_widths=(89, 89), text_align="LEFT") as table:
                table.row(["Is", "Is not"])
                table.row([step.answer or "—", step.is_not or "—"])
        else:
            document.text(step.answer)
        if step.discipline == Discipline.D4:
            document.fact("Escape point", step.escape_point)
            document.set_font(FONT, "B", 9)
            document.cell(0, 5, "Five whys", new_x="LMARGIN", new_y="NEXT")
            document.set_font(FONT, "", 9)
            for why in analysis.whys:
                document.text(f"{why.position}. Why? {why.why} — Because: {why.because or '…'}")
            if not analysis.whys:
                document.text("")
            document.set_font(FONT, "B", 9)
            document.cell(0, 5, "Fishbone", new_x="LMARGIN", new_y="NEXT")
            document.set_font(FONT, "", 9)
            for _key, label, causes in analysis.fishbone:
                if causes:
                    document.fact(
                        label,
                        "; ".join(
                            f"{c.cause}{' (root cause)' if c.is_root else ''}" for c in causes
                        ),
                    )
            document.fact("Root cause in words", scar.analysis.summary)
        files = [attachment.original_name for attachment in step.attachments.all()]
        if files:
            document.fact("Evidence", ", ".join(files))
        if step.reviewed_at:
            document.fact(
                "Buyer's review",
                f"{moment(step.reviewed_at)} {_person(step.reviewed_by)}"
                + (f": {step.review_comment}" if step.review_comment else ""),
            )
        if step.times_returned:
            document.fact("Returned", f"{step.times_returned} time(s)")

    document.heading("History")
    for event in selectors.history(organization=organization, scar=scar, portal=True):
        document.text(
            f"{moment(event.at)} · {event} · {_person(event.actor)}"
            + (f" · {event.note}" if event.note else "")
        )
    return bytes(document.output())
