"""The pages of suppliers' 8Ds: issued from a nonconformity's page and a rejected delivery's,
answered in the portal (D4's analysis edited there), accepted and returned on the buyer's
page, the effectiveness check and the signed closure on the buyer's page once D8 is
accepted, the internal note kept out of the portal, another supplier's ids not found, the
list's filters and exports, the 8D report as PDF, and constant query counts."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from corrective_actions.models import ScarStep, SupplierCorrectiveAction
from corrective_actions.models.scars import Discipline, StepStatus
from corrective_actions.services import scars as services
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role

from ..conftest import PASSWORD
from .helpers import make_nc, rejected_delivery
from .scar_helpers import answer, issue, review, step, through

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def supplier(supplier_member):
    return supplier_member.supplier


def test_issued_from_a_nonconformity_and_a_rejected_delivery(org, manager, supplier, client_for):
    client = client_for(manager)
    nc = make_nc(org, manager.user, supplier=supplier)
    page = client.get(f"/o/{org.slug}/nonconformities/{nc.pk}/").content.decode()
    link = f"/o/{org.slug}/supplier-8d/from-nonconformity/{nc.pk}/"
    assert link in page
    response = client.post(
        link, {"title": nc.title, "description": "Lot 4411", "internal_note": "Watch price"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with org_scope(org):
        scar = SupplierCorrectiveAction.objects.get()
    assert response["Location"] == f"/o/{org.slug}/supplier-8d/{scar.pk}/"
    assert scar.reference in client.get(f"/o/{org.slug}/nonconformities/{nc.pk}/").content.decode()
    delivery = rejected_delivery(org, manager.user, supplier)
    page = client.get(f"/o/{org.slug}/deliveries/{delivery.pk}/").content.decode()
    link = f"/o/{org.slug}/supplier-8d/from-delivery/{delivery.pk}/"
    assert link in page
    assert client.post(link, {"title": "Rejected", "description": "Burrs"}).status_code == 302
    with org_scope(org):
        assert SupplierCorrectiveAction.objects.filter(delivery=delivery).count() == 1
    empty = client.post(f"/o/{org.slug}/supplier-8d/new/", {"title": "", "description": ""})
    assert empty.status_code == 200 and "errorlist" in empty.content.decode()


def test_answered_in_the_portal_and_reviewed_by_the_buyer(
    org, manager, supplier_member, supplier, client_for
):
    scar = issue(org, manager.user, supplier, internal_note="Our secret margin")
    services.scar_note(organization=org, actor=manager.user, scar=scar, note="Another secret")
    portal = client_for(supplier_member)
    listing = portal.get(f"/portal/{org.slug}/8d/").content.decode()
    assert scar.reference in listing
    url = f"/portal/{org.slug}/8d/{scar.pk}/"
    page = portal.get(url).content.decode()
    assert "Our secret margin" not in page and "Another secret" not in page
    assert "Answer D1 Team" in page
    out_of_order = portal.post(url, {"discipline": 3, "answer": "Contained"})
    assert "D3 opens once D2 is accepted" in out_of_order.content.decode()
    liar = portal.post(
        url,
        {
            "discipline": 1,
            "answer": "Team",
            "attachments": [SimpleUploadedFile("team.pdf", PNG)],
        },
    )
    assert "is not a PDF" in liar.content.decode()
    assert step(org, scar, Discipline.D1).status == StepStatus.OPEN
    sent = portal.post(
        url,
        {"discipline": 1, "answer": "Team", "attachments": [SimpleUploadedFile("team.png", PNG)]},
    )
    assert sent.status_code == 302
    staff = client_for(manager)
    detail = f"/o/{org.slug}/supplier-8d/{scar.pk}/"
    page = staff.get(detail).content.decode() + staff.get(f"{detail}trail/").content.decode()
    assert "Our secret margin" in page and "Another secret" in page and "team.png" in page
    returned = staff.post(
        f"{detail}review/", {"discipline": 1, "action": "return", "comment": "Name the leader"}
    )
    assert returned.status_code == 302
    portal = client_for(supplier_member)
    assert "Name the leader" in portal.get(url).content.decode()
    portal.post(url, {"discipline": 1, "answer": "Team led by Ana"})
    client_for(manager).post(f"{detail}review/", {"discipline": 1, "action": "accept"})
    assert step(org, scar, Discipline.D1).status == StepStatus.ACCEPTED
    assert "Answer D2" in client_for(supplier_member).get(url).content.decode()


def test_d4_analysis_is_edited_in_the_portal_while_d4_is_owed(
    org, manager, supplier_member, supplier, client_for
):
    scar = issue(org, manager.user, supplier)
    portal = client_for(supplier_member)
    base = f"/portal/{org.slug}/8d/{scar.pk}/"
    early = portal.post(f"{base}whys/", {"why": "Why burrs?", "because": "Worn die"})
    assert "edited while D4 awaits" in early.content.decode()
    through(org, manager.user, supplier_member.user, scar, Discipline.D3)
    assert (
        portal.post(f"{base}whys/", {"why": "Why burrs?", "because": "Worn die"}).status_code == 302
    )
    assert (
        portal.post(
            f"{base}causes/", {"category": "machine", "cause": "No counter", "is_root": "on"}
        ).status_code
        == 302
    )
    page = portal.get(base).content.decode()
    assert "Worn die" in page and "No counter" in page
    sent = portal.post(
        base, {"discipline": 4, "answer": "Worn die", "escape_point": "Sampling too thin"}
    )
    assert sent.status_code == 302
    refused = portal.post(f"{base}whys/", {"why": "More?", "because": "No"})
    assert "edited while D4 awaits" in refused.content.decode()


def test_the_check_and_the_signed_closure_on_the_buyer_s_page(
    org, admin, manager, supplier_member, supplier
):
    scar = issue(org, manager.user, supplier)
    through(org, manager.user, supplier_member.user, scar, Discipline.D8)
    url = f"/o/{org.slug}/supplier-8d/{scar.pk}/"
    transition = f"{url}transition/"
    owner, other = Client(), Client()
    owner.force_login(manager.user, backend=BACKEND)
    other.force_login(admin.user, backend=BACKEND)
    page = owner.get(url).content.decode()
    assert "Awaiting effectiveness check" in page and "falls due on" in page
    assert f"{transition}?action=effective" in page
    assert "Close (signed)" not in page
    form = other.get(f"{transition}?action=effective").content.decode()
    assert 'value="effective"' in form and "falls due on" in form
    early = other.post(transition, {"action": "effective", "note": "Fine"})
    assert early.status_code == 200 and "cannot be recorded before" in early.content.decode()
    with org_scope(org):
        SupplierCorrectiveAction.objects.filter(pk=scar.pk).update(
            effectiveness_due_on=scar.issued_at.date()
        )
    mine = owner.post(transition, {"action": "effective", "note": "Fine"})
    assert "someone other than the 8D" in mine.content.decode()
    done = other.post(transition, {"action": "effective", "note": "Three lots, no burrs."})
    assert done.status_code == 302 and done["Location"] == url
    unsigned = other.post(transition, {"action": "close", "password": ""})
    assert "Sign with your password" in unsigned.content.decode()
    signed = other.post(transition, {"action": "close", "password": PASSWORD})
    assert signed.status_code == 302
    page = owner.get(url).content.decode()
    assert "Signed by" in page and "Three lots, no burrs." in page
    scar.refresh_from_db()
    assert scar.state == "closed" and scar.closure_signature.signer_id == admin.user.pk
    refused = other.post(transition, {"action": "close", "password": PASSWORD})
    assert "allows no further action" in refused.content.decode()


def test_the_supplier_s_page_lists_its_8ds_until_they_end(
    org, admin, manager, supplier_member, supplier, client_for
):
    answering = issue(org, manager.user, supplier)
    checked = issue(org, manager.user, supplier)
    through(org, manager.user, supplier_member.user, checked, Discipline.D8)
    page_url = f"/o/{org.slug}/suppliers/{supplier.pk}/"
    page = client_for(manager).get(page_url).content.decode()
    assert f"{answering.reference} (D1)" in page
    assert f"{checked.reference} (awaiting effectiveness check)" in page
    with org_scope(org):
        SupplierCorrectiveAction.objects.filter(pk=checked.pk).update(
            effectiveness_due_on=checked.issued_at.date()
        )
        checked.refresh_from_db()
    services.scar_transition(
        organization=org, actor=admin.user, scar=checked, action="effective", note="Ok"
    )
    page = client_for(manager).get(page_url).content.decode()
    assert f"{checked.reference} (effective, awaiting closure)" in page
    services.scar_transition(
        organization=org, actor=admin.user, scar=checked, action="close",
        password=PASSWORD,
    )  # fmt: skip
    page = client_for(manager).get(page_url).content.decode()
    assert checked.reference not in page and f"{answering.reference} (D1)" in page
    with org_scope(org):
        ScarStep.objects.filter(scar=answering, discipline=Discipline.D1).update(
            due_date=answering.issued_at.date() - timedelta(days=1)
        )
    page = client_for(manager).get(page_url).content.decode()
    assert f"{answering.reference} (D1, overdue)" in page


def test_another_supplier_s_user_finds_none_of_it(org, manager, supplier, make_member, client_for):
    scar = issue(org, manager.user, supplier)
    answer(
        org,
        None,
        scar,
        Discipline.D1,
        uploads=[SimpleUploadedFile("team.png", PNG, content_type="image/png")],
    )
    with org_scope(org):
        attachment = scar.attachments.get()
    stranger = client_for(make_member(org, Role.SUPPLIER))
    base = f"/portal/{org.slug}/8d/{scar.pk}/"
    assert scar.reference not in stranger.get(f"/portal/{org.slug}/8d/").content.decode()
    for url in (base, f"/portal/{org.slug}/8d/files/{attachment.pk}/"):
        assert stranger.get(url).status_code == 404
    for url, data in (
        (base, {"discipline": 1, "answer": "x"}),
        (f"{base}whys/", {"why": "x"}),
        (f"{base}causes/", {"category": "machine", "cause": "x"}),
        (f"{base}summary/", {"summary": "x"}),
    ):
        assert stranger.post(url, data).status_code == 404


def test_the_list_filters_exports_and_pdf(org, manager, supplier_member, supplier, client_for):
    first = issue(org, manager.user, supplier, title="Burrs")
    issue(org, manager.user, supplier, title="Cracks")
    through(org, manager.user, supplier_member.user, first, Discipline.D4)
    client = client_for(manager)
    listing = f"/o/{org.slug}/supplier-8d/"
    page = client.get(f"{listing}?current_step=5").content.decode()
    assert "Burrs" in page and "Cracks" not in page
    page = client.get(f"{listing}?q=Cracks").content.decode()
    assert "Cracks" in page and "Burrs" not in page
    csv = client.get(f"{listing}export.csv").content.decode()
    assert "Reference" in csv and first.reference in csv
    sheet = load_workbook(io.BytesIO(client.get(f"{listing}export.xlsx").content)).active
    assert sheet.max_row == 3
    pdf = client.get(f"{listing}{first.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    cancel = client.post(f"{listing}{first.pk}/cancel/", {"reason": "Supplier replaced"})
    assert cancel.status_code == 302


def test_query_counts_stay_constant(
    org, manager, supplier_member, supplier, client_for, assert_constant_queries
):
    scar = issue(org, manager.user, supplier)
    answer(org, supplier_member.user, scar, Discipline.D1)

    def grow():
        for _ in range(4):
            more = issue(org, manager.user, supplier)
            through(org, manager.user, supplier_member.user, more, Discipline.D1)

    staff = client_for(manager)
    assert_constant_queries(staff, f"/o/{org.slug}/supplier-8d/", grow=grow)
    portal = client_for(supplier_member)
    assert_constant_queries(portal, f"/portal/{org.slug}/8d/", grow=grow)
    staff = client_for(manager)

    def grow_steps():
        review(org, manager.user, scar, Discipline.D1)
        answer(
            org,
            supplier_member.user,
            scar,
            Discipline.D2,
            uploads=[SimpleUploadedFile("a.png", PNG, content_type="image/png")],
        )

    assert_constant_queries(staff, f"/o/{org.slug}/supplier-8d/{scar.pk}/", grow=grow_steps)
