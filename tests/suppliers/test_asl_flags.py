"""The approved supplier list flags overdue re-evaluations and required certificates missing
or expired, on the page, in the PDF (whose column titles never break inside a word) and in
the API."""

import io
from datetime import timedelta

from fpdf import FPDF
from pypdf import PdfReader

from relmgmt.core.dates import organization_today
from relmgmt.core.pdf import FONT, add_fonts, fit_columns
from relmgmt.core.scoping import org_scope
from suppliers.models import Supplier
from suppliers.views.approval.pdf import COLUMNS

from ..conftest import PASSWORD
from .test_approval import make, move
from .test_approval_certificates import configure
from .test_certificates import add


def approved(org, manager, name, code, **override):
    supplier = move(org, manager.user, make(org, manager.user, name=name, code=code), "evaluate")
    return move(org, manager.user, supplier, "approve", password=PASSWORD, **override)


def test_the_list_flags_overdue_re_evaluations_and_certificate_gaps(
    org, admin, manager, auditor, client_for, api_client_for
):
    configure(org, admin, required_certificate_types=["iso_9001"])
    fine = make(org, manager.user, name="Fine Forge", code="F1")
    add(org, manager.user, fine)
    move(org, manager.user, move(org, manager.user, fine, "evaluate"), "approve",
                password=PASSWORD)  # fmt: skip
    approved(org, manager, "Lacking Labs", "L1", certificate_override="Booked")
    late = make(org, manager.user, name="Late Logistics", code="T1")
    add(org, manager.user, late)
    late = move(org, manager.user, move(org, manager.user, late, "evaluate"), "approve",
                password=PASSWORD)  # fmt: skip
    with org_scope(org):
        Supplier.objects.filter(pk=late.pk).update(
            next_evaluation_due=late.next_evaluation_due.replace(year=2025)
        )
    client = client_for(auditor)
    base = f"/o/{org.slug}/suppliers/approved"
    page = client.get(f"{base}/").text
    rows = {name: page.split(name, 1)[1].split("</tr>", 1)[0] for name in
            ("Fine Forge", "Lacking Labs", "Late Logistics")}  # fmt: skip
    assert "Re-evaluation overdue" not in rows["Fine Forge"]
    assert "ISO 9001" not in rows["Fine Forge"]
    assert "ISO 9001 missing" in rows["Lacking Labs"]
    assert "Re-evaluation overdue" in rows["Late Logistics"]
    assert "2 flagged" in page
    pdf = client.get(f"{base}.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "ISO 9001 missing" in text and "Re-evaluation overdue" in text
    assert "2 flagged" in text
    # The headings print whole words: "re-evaluation" is not cut into "re-evaluatio" + "n".
    assert "Next re-evaluation" in text.replace("\n", " ")
    api = api_client_for(auditor).get(f"/api/v1/o/{org.slug}/approved-suppliers/").json()
    flags = {entry["code"]: entry["flags"] for entry in api["suppliers"]}
    assert flags == {"F1": [], "L1": ["ISO 9001 missing"], "T1": ["Re-evaluation overdue"]}
    # As of yesterday the list names no supplier, so nothing is flagged.
    yesterday = (organization_today(org) - timedelta(days=1)).isoformat()
    assert "flagged" not in client.get(f"{base}/?date={yesterday}").text


def test_fitted_columns_hold_each_title_word_and_keep_the_table_width():
    document = FPDF(orientation="L")
    add_fonts(document)
    document.add_page()
    document.set_font(FONT, "", 8)
    narrow = [("Code", 10), ("Next re-evaluation", 12), ("Supplier", 80)]
    widths = fit_columns(document, narrow)
    assert abs(sum(widths) - 102) < 0.05
    document.set_font(FONT, "B", 8)
    for (title, _wanted), width in zip(narrow, widths, strict=True):
        longest = max(document.get_string_width(word) for word in title.split())
        assert width >= longest
    fitted = fit_columns(document, COLUMNS)
    assert abs(sum(fitted) - sum(width for _title, width in COLUMNS)) < 0.05
