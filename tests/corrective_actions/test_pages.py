"""The pages and the API of nonconformities and corrective actions: the one click from a
rejected delivery's page, the forms and the moves, the analysis edited with htmx, the
lists' filters, exports and constant query counts, the PDF, and the API with the same
filters and the allowed moves named."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from corrective_actions.models import CorrectiveAction, Nonconformity, WhyStep
from corrective_actions.services import root_cause
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role

from ..conftest import PASSWORD, create_supplier
from .helpers import in_state, make_ca, make_nc, rejected_delivery

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_rejected_delivery_s_page_opens_its_nonconformity(org, manager, client_for):
    delivery = rejected_delivery(org, manager.user, create_supplier(org, name="Brackets Ltd"))
    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/deliveries/{delivery.pk}/").content.decode()
    link = f"/o/{org.slug}/nonconformities/from-delivery/{delivery.pk}/"
    assert link in page
    assert "Burrs on the edges" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    with org_scope(org):
        nc = Nonconformity.objects.get()
    assert response["Location"] == f"/o/{org.slug}/nonconformities/{nc.pk}/"
    page = client.get(f"/o/{org.slug}/deliveries/{delivery.pk}/").content.decode()
    assert nc.reference in page and link not in page
    again = client.post(link).content.decode()
    assert f"is {nc.reference} already" in again


def test_a_nonconformity_is_recorded_with_evidence_and_its_disposition_signed(
    org, manager, admin, client_for
):
    client = client_for(manager)
    response = client.post(
        f"/o/{org.slug}/nonconformities/new/",
        {
            "source": "process_monitoring",
            "category": "product",
            "severity": "high",
            "title": "Cracked castings",
            "occurred_on": "2026-03-02",
            "quantity_affected": "12",
            "attachments": [SimpleUploadedFile("photo.png", PNG)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with org_scope(org):
        nc = Nonconformity.objects.get()
        assert nc.attachments.count() == 1
    liar = client.post(
        f"/o/{org.slug}/nonconformities/{nc.pk}/attach/",
        {"attachments": [SimpleUploadedFile("report.pdf", PNG)]},
    )
    assert "report.pdf is not a PDF" in liar.content.decode()
    url = f"/o/{org.slug}/nonconformities/{nc.pk}/transition/"
    refused = client.post(url, {"action": "propose_disposition", "disposition": "concession"})
    assert "customer&#x27;s authorisation" in refused.content.decode()
    client.post(url, {"action": "propose_disposition", "disposition": "scrap"})
    client = client_for(admin)
    wrong = client.post(url, {"action": "approve_disposition", "password": "nope"})
    assert "password is not right" in wrong.content.decode()
    assert (
        client.post(url, {"action": "approve_disposition", "password": PASSWORD}).status_code == 302
    )
    page = client.get(f"/o/{org.slug}/nonconformities/{nc.pk}/").content.decode()
    assert "Signed by" in page and "Scrap" in page


def test_a_corrective_action_goes_its_way_through_the_pages(org, manager, client_for):
    nc = make_nc(org, manager.user)
    client = client_for(manager)
    response = client.post(f"/o/{org.slug}/nonconformities/{nc.pk}/corrective-action/")
    with org_scope(org):
        action = CorrectiveAction.objects.get()
    assert response["Location"] == f"/o/{org.slug}/corrective-actions/{action.pk}/"
    base = f"/o/{org.slug}/corrective-actions/{action.pk}"
    # The analysis answers with its own section to htmx.
    section = client.post(
        f"{base}/whys/", {"why": "Why burrs?", "because": "Worn die"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert section.lstrip().startswith('<section id="analysis"') and "Worn die" in section
    section = client.post(
        f"{base}/causes/", {"category": "luck", "cause": "x"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'role="alert"' in section
    client.post(f"{base}/causes/", {"category": "machine", "cause": "Die", "is_root": "on"})
    with org_scope(org):
        why = WhyStep.objects.get()
    client.post(
        f"/o/{org.slug}/corrective-actions/whys/{why.pk}/", {"why": "Why?", "because": "Die"}
    )
    response = client.post(
        f"{base}/steps/new/",
        {
            "description": "New die",
            "owner": manager.user.pk,
            "due_on": "2026-05-01",
            "status": "done",
            "evidence": "WO 1",
        },
    )
    assert response.status_code == 302
    for action_name in ("decide_needed", "start_actions"):
        assert client.post(f"{base}/transition/", {"action": action_name}).status_code == 302
    refused = client.post(f"{base}/transition/", {"action": "close"}).content.decode()
    assert "allowed: verify, cancel." in refused
    locked = client.post(f"{base}/whys/", {"why": "More?"}, HTTP_HX_REQUEST="true")
    assert "analysis is closed" in locked.content.decode()
    page = client.get(f"{base}/").content.decode()
    assert "Why? Why? — Because: Die" in page and "Root cause analysis" in page
    with org_scope(org):
        action.refresh_from_db()
        assert root_cause.has_root_cause(action.analysis)


def test_the_owner_is_told_someone_else_checks_and_closes(org, manager, client_for, make_member):
    checker = make_member(org, Role.MANAGER)
    action = in_state(org, manager, checker, "effective")
    client = client_for(manager)
    page = client.post(
        f"/o/{org.slug}/corrective-actions/{action.pk}/transition/",
        {"action": "close", "password": PASSWORD},
    ).content.decode()
    assert "someone other than the owner" in page
    client = client_for(checker)
    response = client.post(
        f"/o/{org.slug}/corrective-actions/{action.pk}/transition/",
        {"action": "close", "password": PASSWORD},
    )
    assert response.status_code == 302


def test_lists_filter_and_export(org, manager, client_for, make_member):
    checker = make_member(org, Role.MANAGER)
    supplier = create_supplier(org, name="Castings plc")
    make_ca(org, manager.user, title="Supplier one", supplier=supplier, severity="high")
    in_state(org, manager, checker, "effectiveness_check")  # verified 400 days ago: overdue
    client = client_for(manager)
    base = f"/o/{org.slug}/corrective-actions/"
    high = client.get(f"{base}?severity=high&supplier={supplier.pk}").content.decode()
    assert "Supplier one" in high and "Burrs on brackets" not in high
    overdue = client.get(f"{base}?overdue=true").content.decode()
    assert "Burrs on brackets" in overdue and "Supplier one" not in overdue
    fragment = client.get(f"{base}?state=open", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div class="overflow-auto" id="ca-results"')
    csv = client.get(f"{base}export.csv?severity=high")
    assert b"Supplier one" in csv.content and b"Burrs on brackets" not in csv.content
    xlsx = client.get(f"{base}export.xlsx?state=open")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    assert [row[7] for row in rows[1:]] == ["Supplier one"]
    make_nc(org, manager.user, title="Open one", supplier=supplier)
    ncs = client.get(f"/o/{org.slug}/nonconformities/?supplier={supplier.pk}").content.decode()
    assert "Open one" in ncs
    nc_csv = client.get(f"/o/{org.slug}/nonconformities/export.csv?supplier={supplier.pk}")
    assert b"Open one" in nc_csv.content


def test_a_list_row_shows_what_its_record_says(org, manager, client_for, make_member):
    """The rows are written in Python (corrective_action_tags): each cell against its record."""
    checker = make_member(org, Role.MANAGER)
    supplier = create_supplier(org, name="Castings <plc>")
    make_ca(org, manager.user, title="First burrs", supplier=supplier, category="product")
    again = make_ca(
        org, manager.user, title="Burrs & <b>again</b>", supplier=supplier, category="product"
    )
    late = in_state(org, manager, checker, "effectiveness_check")  # overdue
    page = client_for(manager).get(f"/o/{org.slug}/corrective-actions/").content.decode()

    def row_of(record):
        start = page.index(f'<a href="/o/{org.slug}/corrective-actions/{record.pk}/">')
        return page[page.rindex("<tr>", 0, start) : page.index("</tr>", start)]

    row = row_of(again)
    assert f">{again.reference}</a>" in row
    assert again.opened_at.date().isoformat() in row and ">0 d<" in row
    assert "Burrs &amp; &lt;b&gt;again&lt;/b&gt;" in row and "<b>" not in row
    assert '<span class="badge bad">recurrence</span>' in row and "overdue" not in row
    assert "Castings &lt;plc&gt;" in row
    assert ">Medium<" in row and f">{manager.user.display_name}<" in row
    assert '<span class="badge warn">Open</span>' in row
    row = row_of(late)
    assert '<span class="badge warn">overdue</span>' in row and "recurrence" not in row
    assert f">{late.get_state_display()}<" in row


def test_list_query_counts_are_constant(org, manager, client_for, assert_constant_queries):
    supplier = create_supplier(org)
    make_ca(org, manager.user, supplier=supplier)
    make_nc(org, manager.user, supplier=supplier)

    def grow():
        for number in range(20):
            other = create_supplier(org)
            make_ca(org, manager.user, supplier=other, title=f"CA {number}")
            make_nc(org, manager.user, supplier=other, title=f"NC {number}")

    client = client_for(manager)
    assert_constant_queries(client, f"/o/{org.slug}/corrective-actions/", grow=grow)
    assert_constant_queries(client, f"/o/{org.slug}/nonconformities/", grow=lambda: None)


def test_nonconformities_list_query_count_is_constant(
    org, manager, client_for, assert_constant_queries
):
    make_nc(org, manager.user, supplier=create_supplier(org))

    def grow():
        for number in range(20):
            make_nc(org, manager.user, supplier=create_supplier(org), title=f"NC {number}")

    assert_constant_queries(client_for(manager), f"/o/{org.slug}/nonconformities/", grow=grow)


def test_the_pdf_holds_the_analysis_and_the_signature(
    org, manager, auditor, client_for, make_member
):
    checker = make_member(org, Role.MANAGER)
    action = in_state(org, manager, checker, "closed")
    response = client_for(auditor).get(f"/o/{org.slug}/corrective-actions/{action.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_home_page_has_the_tile(org, manager, client_for):
    make_nc(org, manager.user)
    page = client_for(manager).get(f"/o/{org.slug}/").content.decode()
    assert "1 open nonconformity" in page


# --- API ----------------------------------------------------------------------------------


def test_api_nonconformities_and_corrective_actions(org, manager, auditor, api_client_for):
    api = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/nonconformities/"
    created = api.post(
        base, {"title": "By API", "occurred_on": "2026-03-02", "severity": "low"}, format="json"
    )
    assert created.status_code == 201, created.json()
    nc_id = created.json()["id"]
    refused = api.post(f"{base}{nc_id}/transition/", {"action": "close"}, format="json")
    assert refused.status_code == 400
    assert "allowed: propose_disposition, cancel" in str(refused.json())
    assert api.get(f"{base}?severity=low").json()["count"] == 1
    assert api.get(f"{base}?severity=high").json()["count"] == 0
    actions = f"/api/v1/o/{org.slug}/corrective-actions/"
    opened = api.post(
        actions,
        {
            "source": "nonconformity",
            "nonconformity": nc_id,
            "title": "Fix it",
            "problem_statement": "Burrs",
            "owner": manager.user.pk,
        },
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    body = opened.json()
    assert body["state"] == "open" and body["age_days"] == 0 and body["recurrent"] is False
    moved = api.post(
        f"{actions}{body['id']}/transition/", {"action": "decide_needed"}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["state"] == "analysis"
    assert api.get(f"{actions}?state=analysis").json()["count"] == 1
    assert api.get(f"{actions}?overdue=true").json()["count"] == 0
    reader = api_client_for(auditor)
    assert reader.get(actions).status_code == 200
    denied = reader.post(f"{actions}{body['id']}/transition/", {"action": "cancel"}, format="json")
    assert denied.status_code == 403


def test_api_list_query_count_is_constant(org, manager, api_client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_client_for(manager)
    url = f"/api/v1/o/{org.slug}/corrective-actions/"
    make_ca(org, manager.user)
    api.get(url)
    with CaptureQueriesContext(connection) as few:
        api.get(url)
    for number in range(10):
        make_ca(org, manager.user, title=f"CA {number}", supplier=create_supplier(org))
    api.get(url)
    with CaptureQueriesContext(connection) as many:
        api.get(url)
    assert len(many) == len(few)


def test_figures_count_age_overdue_effectiveness_and_recurrence(
    org, manager, api_client_for, make_member
):
    checker = make_member(org, Role.MANAGER)
    in_state(org, manager, checker, "closed")
    in_state(org, manager, checker, "not_effective")  # opens its next cycle
    figures = api_client_for(manager).get(f"/api/v1/o/{org.slug}/corrective-actions/figures/")
    body = figures.json()
    assert body["total"] == 3 and body["open"] == 1
    assert body["open_by_age"][0] == ["0-30 days", 1]
    assert body["effectiveness_rate"] == 50.0
    assert body["median_days_to_close"] is not None
    assert body["recurrence_rate"] is not None


def test_a_complaint_s_page_links_its_nonconformity(org, manager, client_for):
    from feedback.services import complaints as complaint_services

    complaint = complaint_services.complaint_create(
        organization=org,
        actor=manager.user,
        data={"subject": "Cracked", "description": "d", "complainant_name": "Pat"},
    )
    nc = make_nc(org, manager.user, complaint=complaint, source="customer_complaint")
    page = client_for(manager).get(f"/o/{org.slug}/complaints/{complaint.pk}/").content.decode()
    assert f"/o/{org.slug}/nonconformities/{nc.pk}/" in page
