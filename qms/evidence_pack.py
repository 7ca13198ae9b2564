"""The evidence pack for a period: one ZIP holding an index PDF (``index.pdf``) and, in a
folder per clause ("8.4/"), the files every app registered for it
(``relmgmt.core.extensions.evidence_files``)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from fpdf import FPDF

from qms.evidence import CLAUSES
from relmgmt.core import extensions as ext
from relmgmt.core.pdf import BLACK, FONT, MUTED, add_fonts


@dataclass(frozen=True)
class IndexLine:
    clause: str
    label: str
    path: str
    summary: str


def steps() -> int:
    """How many steps a build takes: one per registered entry, and the index."""
    return len(ext.evidence_files) + 1


def build(
    *,
    organization,
    start,
    end,
    target: IO[bytes],
    progress: Callable[[int, str], None],
    generated_at,
) -> list[IndexLine]:
    """Write the pack into ``target``; ``progress(steps_done, what)`` is called before each
    step. Returns the index (what is in the pack)."""
    index: list[IndexLine] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, entry in enumerate(ext.evidence_files):
            progress(done, f"{entry.clause} {entry.label}")
            for item in entry.build(organization, start, end):
                path = f"{entry.clause}/{item.name}"
                archive.writestr(path, item.content)
                index.append(IndexLine(entry.clause, entry.label, path, item.summary))
        progress(len(ext.evidence_files), "Index")
        archive.writestr(
            "index.pdf",
            index_pdf(
                organization=organization,
                start=start,
                end=end,
                index=index,
                generated_at=generated_at,
            ),
        )
    return index


def index_pdf(*, organization, start, end, index: list[IndexLine], generated_at) -> bytes:
    document = FPDF(format="A4")
    add_fonts(document)
    document.set_margins(16, 16, 16)
    document.set_auto_page_break(auto=True, margin=16)
    document.set_title(f"Evidence pack {start} to {end}")
    document.set_author(organization.name)
    document.set_creator("relmgmt")
    document.add_page()
    document.set_font(FONT, "", 9)
    document.set_text_color(*MUTED)
    document.cell(0, 5, f"{organization.name} · ISO 9001", new_x="LMARGIN", new_y="NEXT")
    document.set_text_color(*BLACK)
    document.set_font(FONT, "B", 16)
    document.multi_cell(0, 9, "Evidence pack", new_x="LMARGIN", new_y="NEXT")
    document.set_font(FONT, "", 10)
    document.multi_cell(
        0,
        6,
        f"Period {start.isoformat()} to {end.isoformat()}. "
        f"Built {generated_at:%Y-%m-%d %H:%M} UTC. Registers are as they stood when the pack "
        "was built; the approved supplier list as it stood at the period's end; records of "
        "the period by their date.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    document.ln(3)
    titles = dict(CLAUSES)
    clauses = [number for number, _title in CLAUSES]
    clauses += sorted({line.clause for line in index} - set(clauses))
    for number in clauses:
        lines = [line for line in index if line.clause == number]
        document.set_font(FONT, "B", 12)
        document.multi_cell(
            0, 7, f"{number} {titles.get(number, '')}".strip(), new_x="LMARGIN", new_y="NEXT"
        )
        if not lines:
            document.set_font(FONT, "", 9)
            document.set_text_color(*MUTED)
            document.multi_cell(0, 5, "No files for this clause.", new_x="LMARGIN", new_y="NEXT")
            document.set_text_color(*BLACK)
            document.ln(1)
            continue
        document.set_font(FONT, "", 8)
        with document.table(
            first_row_as_headings=True, text_align="LEFT", col_widths=(40, 70, 68)
        ) as table:
            header = table.row()
            for title in ("What", "File", "Holds"):
                header.cell(title)
            for line in lines:
                row = table.row()
                row.cell(line.label)
                row.cell(line.path)
                row.cell(line.summary)
        document.ln(2)
    return bytes(document.output())
