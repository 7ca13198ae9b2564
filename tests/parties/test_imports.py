"""Import of parties and contacts from CSV and XLSX: preview, report, all or nothing."""

import io
import os
import re
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from parties.models import Contact, Party
from parties.services import imports as services
from parties.services import register
from relmgmt.audit.models import AuditEvent
from relmgmt.core import import_files
from relmgmt.core.scoping import org_scope


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test its own storage, so that no upload of another test is seen."""
    settings.MEDIA_ROOT = str(tmp_path)


PARTY_HEADER = "name,types,tier,owner_email,influence,interest,tags,next_review_due"


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def party_names(org) -> list[str]:
    with org_scope(org):
        return sorted(Party.objects.values_list("name", flat=True))


def audit_count(org) -> int:
    with org_scope(org):
        return AuditEvent.objects.count()


def check(org, content, kind="parties"):
    return services.check_file(organization=org, kind=services.KINDS[kind], content=content)


def problems(result) -> dict[int, dict[str, list[str]]]:
    return {row.line: row.errors for row in result.invalid_rows}


def upload(client, org, content, name="parties.csv", kind="parties"):
    return client.post(
        f"/o/{org.slug}/imports/{kind}/",
        {"file": SimpleUploadedFile(name, content)},
    )


def stored_files(org) -> list[str]:
    folder = f"{org.pk}/imports"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def make_party(org, member, name):
    return register.party_create(
        organization=org, actor=member.user, data={"name": name, "types": ["customer"]}
    )


# --- the happy paths ------------------------------------------------------------------


def test_a_valid_csv_is_previewed_then_imported(org, manager, admin, client_for, confirm_import):
    client = client_for(manager)
    content = csv_bytes(
        PARTY_HEADER,
        f"Volta Motors,customer,strategic,{admin.user.email},5,4,automotive,2030-01-31",
        'Fabrikam Steel,"Supplier; partner",Managed,,,,"raw material, critical",',
    )
    response = upload(client, org, content)
    assert response.status_code == 302
    assert response["Location"] == f"/o/{org.slug}/imports/parties/preview/"
    assert party_names(org) == []  # nothing written by the preview
    assert len(stored_files(org)) == 1
    page = client.get(response["Location"])
    assert b"2 valid" in page.content and b"Import the 2 parties" in page.content
    token = client.session["parties_import_parties"]["token"]
    response = confirm_import(client, response["Location"], {"action": "import", "token": token})
    assert response.status_code == 302
    assert re.fullmatch(rf"/o/{org.slug}/imports/jobs/\d+/", response["Location"])
    job_page = client.get(response["Location"]).content.decode()
    assert "2 parties imported" in job_page and f"/o/{org.slug}/parties/" in job_page
    assert party_names(org) == ["Fabrikam Steel", "Volta Motors"]
    with org_scope(org):
        volta = Party.objects.get(name="Volta Motors")
        fabrikam = Party.objects.get(name="Fabrikam Steel")
    assert (volta.tier, volta.owner, volta.influence, volta.interest) == (
        "strategic",
        admin.user,
        5,
        4,
    )
    assert str(volta.next_review_due) == "2030-01-31"
    assert fabrikam.types == ["supplier", "partner"]
    assert fabrikam.tags == ["raw material", "critical"]
    assert (fabrikam.influence, fabrikam.status) == (3, "active")
    assert stored_files(org) == []
    assert "parties_import_parties" not in client.session


def test_a_valid_xlsx_is_imported_whatever_its_name(org, manager, client_for, confirm_import):
    client = client_for(manager)
    content = xlsx_bytes(
        [
            ["Name", "Types", "Influence", "Next review due"],
            ["Helios Aerospace", "customer", 5, None],
            [None, None, None, None],
            ["Kestrel Robotics", "customer, partner", 4.0, None],
        ]
    )
    # The kind of file is told by its content: an XLSX named .csv is read as a workbook.
    response = upload(client, org, content, name="export.csv")
    assert response.status_code == 302
    token = client.session["parties_import_parties"]["token"]
    assert token.endswith(".xlsx")
    confirm_import(client, response["Location"], {"action": "import", "token": token})
    assert party_names(org) == ["Helios Aerospace", "Kestrel Robotics"]
    with org_scope(org):
        assert Party.objects.get(name="Kestrel Robotics").influence == 4


def test_xlsx_dates_are_read_as_dates(org, manager):
    from datetime import date

    content = xlsx_bytes(
        [["name", "types", "next_review_due"], ["Atlas", "customer", date(2031, 5, 6)]]
    )
    result = check(org, content)
    assert result.is_valid
    assert str(result.rows[0].data["next_review_due"]) == "2031-05-06"


def test_contacts_are_imported_with_their_party_by_name(org, manager, client_for, confirm_import):
    volta = make_party(org, manager, "Volta Motors")
    client = client_for(manager)
    content = xlsx_bytes(
        [
            [
                "party",
                "name",
                "job_title",
                "email",
                "preferred_channel",
                "consent_given_on",
                "consent_method",
            ],
            ["volta  motors", "Dana Reyes", "Buyer", "Dana@Volta.example", "Phone", None, None],
            ["Volta Motors", "Lee Chen", "", "", "", "2024-03-01", "signed form"],
        ]
    )
    response = upload(client, org, content, name="contacts.xlsx", kind="contacts")
    assert response.status_code == 302
    token = client.session["parties_import_contacts"]["token"]
    response = confirm_import(client, response["Location"], {"action": "import", "token": token})
    assert response.status_code == 302
    with org_scope(org):
        contacts = list(Contact.objects.order_by("name"))
    assert [(c.party_id, c.name) for c in contacts] == [
        (volta.pk, "Dana Reyes"),
        (volta.pk, "Lee Chen"),
    ]
    assert (contacts[0].email, contacts[0].preferred_channel) == ("dana@volta.example", "phone")
    assert contacts[1].has_consent and contacts[1].consent_method == "signed form"


def test_the_templates_hold_the_expected_headers(org, manager, client_for):
    client = client_for(manager)
    response = client.get(f"/o/{org.slug}/imports/parties/template.csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.decode().strip() == ",".join(services.KINDS["parties"].headers)
    response = client.get(f"/o/{org.slug}/imports/contacts/template.csv")
    assert response.content.decode().strip().startswith("party,name,")
    assert client.get(f"/o/{org.slug}/imports/suppliers/template.csv").status_code == 404


# --- all or nothing, or knowingly only the valid rows ----------------------------------


def bad_file(admin_email):
    return csv_bytes(
        PARTY_HEADER,
        f"Good One,customer,,{admin_email},,,,",
        "Bad One,customer,,,9,,,",
        "Good Two,supplier,,,,,,",
    )


def test_nothing_is_imported_while_a_row_is_invalid(org, manager, admin):
    content = bad_file(admin.user.email)
    before = audit_count(org)
    with pytest.raises(ValidationError, match="1 of 3 rows have problems, so nothing"):
        services.import_file(
            organization=org, actor=manager.user, kind=services.KINDS["parties"], content=content
        )
    assert party_names(org) == [] and audit_count(org) == before


def test_the_valid_rows_only_when_asked_knowingly(org, manager, admin, client_for, confirm_import):
    client = client_for(manager)
    response = upload(client, org, bad_file(admin.user.email))
    preview = response["Location"]
    page = client.get(preview)
    assert b"Import the 2 valid rows, skip 1" in page.content
    assert b"Influence must be a whole number from 1 to 5" in page.content
    token = client.session["parties_import_parties"]["token"]
    # Without the box ticked, nothing is imported.
    response = client.post(preview, {"action": "import", "token": token, "expected": "2"})
    assert response.status_code == 200 and b"nothing is imported" in response.content
    assert party_names(org) == []
    # A stale count (the register changed since the preview) imports nothing either.
    response = client.post(
        preview, {"action": "import", "token": token, "expected": "3", "skip_invalid": "on"}
    )
    assert b"The register changed since the preview" in response.content
    assert party_names(org) == []
    response = confirm_import(
        client, preview, {"action": "import", "token": token, "expected": "2", "skip_invalid": "on"}
    )
    assert response.status_code == 302
    assert party_names(org) == ["Good One", "Good Two"]


def test_a_failure_while_writing_rolls_back_the_whole_file(org, manager):
    written = []

    def create_then_fail(*, organization, actor, data):
        if len(written) == 2:
            raise ValidationError({"name": "refused on purpose"})
        written.append(register.party_create(organization=organization, actor=actor, data=data))

    kind = services.ImportKind(
        key="parties",
        label="parties",
        singular="party",
        required=services.KINDS["parties"].required,
        optional=services.KINDS["parties"].optional,
        check_rows=services.KINDS["parties"].check_rows,
        create=create_then_fail,
    )
    content = csv_bytes("name,types", "A,customer", "B,customer", "C,customer")
    before = audit_count(org)
    with pytest.raises(ValidationError, match="Line 4: refused on purpose Nothing is imported"):
        services.import_file(organization=org, actor=manager.user, kind=kind, content=content)
    assert len(written) == 2
    assert party_names(org) == [] and audit_count(org) == before


def test_discarding_the_upload_removes_the_file(org, manager, client_for):
    client = client_for(manager)
    response = upload(client, org, csv_bytes("name,types", "A,customer"))
    assert len(stored_files(org)) == 1
    client.post(response["Location"], {"action": "cancel"})
    assert stored_files(org) == [] and party_names(org) == []
    response = client.get(f"/o/{org.slug}/imports/parties/preview/")
    assert response.status_code == 302


# --- bad input ------------------------------------------------------------------------


def test_wrong_and_missing_headers_are_named(org, manager, client_for):
    response = upload(client_for(manager), org, csv_bytes("nom,types,owner", "A,customer,x"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "missing name" in text and "unknown nom, owner" in text
    assert "The expected headers are: name, types, tier, status, owner_email" in text
    assert stored_files(org) == []


def test_repeated_headers_are_refused(org):
    with pytest.raises(services.ImportFileError, match="repeated name"):
        check(org, csv_bytes("name,types,Name", "A,customer,B"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV or Excel"),
        (b"name,types\x00\x01\x02binary", "holds binary data"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel file (.xls)"),
        (b"", "The submitted file is empty"),
        (b"   \n\n", "The file is empty"),
        (b"name,types\n", "no rows to import"),
    ],
)
def test_unreadable_files_are_refused_by_their_content(org, manager, client_for, content, message):
    response = upload(client_for(manager), org, content, name="parties.csv")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_files(org) == []


def test_a_zip_that_is_not_a_workbook_is_refused(org):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(services.ImportFileError, match="ZIP archive, not an Excel workbook"):
        check(org, buffer.getvalue())


def test_a_damaged_workbook_is_refused(org):
    content = xlsx_bytes([["name", "types"], ["A", "customer"]])
    with pytest.raises(services.ImportFileError, match="damaged archive|could not be read"):
        check(org, content[: len(content) // 2])


def test_a_50_mb_upload_is_refused_before_it_is_read(org, manager, client_for):
    content = b"name,types\n" + b"x" * (50 * 1024 * 1024)
    response = upload(client_for(manager), org, content)
    assert response.status_code == 200
    assert "the limit is 5 MB" in response.content.decode()
    assert stored_files(org) == []


def test_too_many_rows_are_refused(org):
    lines = ["name,types"] + [f"P{i},customer" for i in range(services.MAX_ROWS + 1)]
    with pytest.raises(services.ImportFileError, match="more than 2000 rows"):
        check(org, csv_bytes(*lines))


def test_duplicate_names_in_the_file_and_in_the_register(org, manager):
    make_party(org, manager, "Volta Motors")
    result = check(
        org,
        csv_bytes(
            "name,types",
            "volta  MOTORS,customer",
            "Atlas,customer",
            "ATLAS ,supplier",
            "  ,customer",
        ),
    )
    found = problems(result)
    assert "There is already a party named volta MOTORS in the register" in found[2]["name"][0]
    assert "ATLAS is also on line 3 of this file" in found[4]["name"][0]
    assert found[5]["name"] == ["A name is needed."]
    assert [row.line for row in result.valid_rows] == [3]


def test_an_owner_who_is_not_a_member_is_refused(org, manager, outsider, supplier_member):
    result = check(
        org,
        csv_bytes(
            "name,types,owner_email",
            f"A,customer,{outsider.user.email}",
            f"B,customer,{supplier_member.user.email}",
            f"C,customer,{manager.user.email.upper()}",
        ),
    )
    found = problems(result)
    assert found[2]["owner_email"] == [f"{outsider.user.email} is not a member of Acme Ltd."]
    assert "is not a member" in found[3]["owner_email"][0]
    assert result.valid_rows[0].data["owner"] == manager.user


@pytest.mark.parametrize("value", ["0", "6", "high", "2.5", "-1"])
def test_influence_out_of_range_is_refused(org, value):
    result = check(org, csv_bytes("name,types,influence,interest", f"A,customer,{value},3"))
    [row] = result.invalid_rows
    assert row.errors["influence"] == [
        f"Influence must be a whole number from 1 to 5; got “{value}”."
    ]


def test_unknown_type_tier_status_and_bad_values_are_named(org):
    result = check(
        org,
        csv_bytes(
            "name,types,tier,status,next_review_due,website,review_cadence_months",
            "A,customer;alien,gold,dormant,31/12/2030,not a url,99",
            "B,,,,,,",
        ),
    )
    found = problems(result)
    assert found[2]["types"] == [
        "Unknown type “alien”; expected one of: customer, supplier, partner, investor, "
        "employee_group, regulator, community, other."
    ]
    assert (
        "Unknown tier “gold”; expected one of: strategic, managed, transactional."
        in found[2]["tier"]
    )
    assert "Unknown status “dormant”" in found[2]["status"][0]
    assert found[2]["next_review_due"] == ["Write the date as YYYY-MM-DD; got “31/12/2030”."]
    assert "from 1 to 60" in found[2]["review_cadence_months"][0]
    assert found[3]["types"] == ["Give at least one type."]


def test_a_bad_website_is_reported_by_the_model_check(org):
    result = check(org, csv_bytes("name,types,website", "A,customer,https://"))
    assert "website" in problems(result)[2]


def test_a_row_with_more_cells_than_headers_is_reported(org):
    result = check(org, csv_bytes("name,types", "A,customer,extra"))
    assert "More cells than headers" in problems(result)[2]["row"][0]


def test_semicolon_separated_csv_from_a_spreadsheet_is_read(org):
    content = "name;types;influence\r\nMüller GmbH;customer;4\r\n".encode("cp1252")
    result = check(org, content)
    assert result.is_valid and result.rows[0].data["name"] == "Müller GmbH"


def test_contact_rows_name_unknown_parties_and_duplicates(org, manager):
    volta = make_party(org, manager, "Volta Motors")
    with org_scope(org):
        Contact.objects.create(organization=org, party=volta, name="Dana Reyes")
    result = check(
        org,
        csv_bytes(
            "party,name,email,preferred_channel,consent_given_on",
            "Nobody Ltd,Sam,,,",
            "Volta Motors,dana reyes,,,",
            "Volta Motors,Lee,not-an-email,pigeon,",
            "Volta Motors,Kim,,,2024-01-01",
            "Volta Motors,Ann,,,",
            "Volta Motors,ANN,,,",
        ),
        kind="contacts",
    )
    found = problems(result)
    assert found[2]["party"] == ["No party named Nobody Ltd in the register; add it first."]
    assert found[3]["name"] == ["Volta Motors already has a contact named dana reyes."]
    assert "preferred channel" in found[4]["preferred_channel"][0]
    assert "email" in found[4]
    assert found[5]["consent_method"] == ["Say how consent was given."]
    assert found[7]["name"] == ["ANN of Volta Motors is also on line 6."]
    assert [row.line for row in result.valid_rows] == [6]


# --- keeping the upload between preview and confirmation -------------------------------


def test_an_upload_is_kept_under_the_organisation_and_read_only_by_it(org, other_org):
    token = import_files.store(org, b"name,types\nA,customer\n", extension="csv")
    assert default_storage.exists(f"{org.pk}/imports/{token}")
    assert import_files.read(org, token) == b"name,types\nA,customer\n"
    assert import_files.read(other_org, token) is None
    assert import_files.read(org, f"../../{org.pk}/imports/{token}") is None
    assert import_files.read(org, "passwd") is None
    import_files.remove(org, token)
    assert import_files.read(org, token) is None


def test_an_expired_upload_is_swept(org):
    token = import_files.store(org, b"name,types\nA,customer\n", extension="csv")
    old = time.time() - 2 * 3600
    os.utime(default_storage.path(f"{org.pk}/imports/{token}"), (old, old))
    assert import_files.read(org, token) is None
    fresh = import_files.store(org, b"x", extension="csv")
    os.utime(default_storage.path(f"{org.pk}/imports/{fresh}"), (old, old))
    assert import_files.sweep(org) == 1
    assert stored_files(org) == []


def test_an_upload_in_one_organisation_is_not_previewed_in_another(
    org, other_org, manager, make_member, client_for
):
    make_member(other_org, "manager", user=manager.user)
    client = client_for(manager)
    upload(client, org, csv_bytes("name,types", "A,customer"))
    response = client.get(f"/o/{other_org.slug}/imports/parties/preview/")
    assert response.status_code == 302
    assert response["Location"] == f"/o/{other_org.slug}/imports/parties/"


def test_an_auditor_may_not_import(org, auditor, client_for):
    client = client_for(auditor)
    assert client.get(f"/o/{org.slug}/imports/parties/").status_code == 403
    response = upload(client, org, csv_bytes("name,types", "A,customer"))
    assert response.status_code == 403
    assert party_names(org) == [] and stored_files(org) == []
