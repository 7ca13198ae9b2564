"""The complaints register: services (transitions, service level clock across a daylight
saving change, reminders), bad input, the pages, the API, the public form and the
complainant's status link."""

import io
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from feedback import service_levels
from feedback.models import Complaint, ComplaintAttachment, ComplaintEvent
from feedback.selectors import complaints as selectors
from feedback.services import complaints as services
from parties.models import Party
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _party(org, name="Acme Customer"):
    with org_scope(org):
        return Party.objects.create(organization=org, name=name, types=["customer"])


def _create(org, actor=None, **data):
    fields = {
        "subject": "Scratched housings",
        "description": "Ten housings arrived scratched.",
        "complainant_name": "Pat Doe",
        "severity": "high",
        **data,
    }
    return services.complaint_create(organization=org, actor=actor, data=fields)


def _move(org, complaint, action, note="", actor=None, at=None):
    return services.complaint_transition(
        organization=org, actor=actor, complaint=complaint, action=action, note=note, at=at
    )


# --- Services -----------------------------------------------------------------------------


def test_references_are_numbered_per_organisation_and_year(org, other_org, manager):
    first = _create(org, manager.user)
    second = _create(org, manager.user)
    theirs = _create(other_org)
    year = first.received_at.year
    assert first.reference == f"C-{year}-0001"
    assert second.reference == f"C-{year}-0002"
    assert theirs.reference == f"C-{year}-0001"


def test_the_whole_way_with_reopening_is_recorded(org, manager):
    complaint = _create(org, manager.user, party=_party(org))
    for action, note in [
        ("acknowledge", ""),
        ("investigate", ""),
        ("resolve", "We replaced the housings; told by phone."),
        ("close", ""),
        ("reopen", "Same fault again."),
        ("resolve", "New supplier of the paint."),
        ("close", ""),
    ]:
        complaint = _move(org, complaint, action, note, manager.user)
    assert complaint.state == "closed"
    assert complaint.reopen_count == 1
    assert complaint.resolution == "New supplier of the paint."
    with org_scope(org):
        steps = list(
            ComplaintEvent.objects.filter(complaint=complaint).values_list("to_state", flat=True)
        )
    assert steps == [
        "received", "acknowledged", "investigating", "resolved", "closed",
        "investigating", "resolved", "closed",
    ]  # fmt: skip


def test_a_transition_the_state_does_not_allow_names_the_allowed_ones(org):
    complaint = _create(org)
    with pytest.raises(ValidationError) as error:
        _move(org, complaint, "close")
    message = error.value.message_dict["action"][0]
    assert "cannot close" in message
    assert "allowed: acknowledge, investigate, reject, withdraw" in message
    with pytest.raises(ValidationError) as error:
        _move(org, complaint, "explode")
    assert "allowed:" in error.value.message_dict["action"][0]
    complaint.refresh_from_db()
    assert complaint.state == "received"


def test_resolving_needs_what_the_customer_was_told(org):
    complaint = _move(org, _create(org), "acknowledge")
    with pytest.raises(ValidationError) as error:
        _move(org, complaint, "resolve", "  ")
    assert "customer was told" in error.value.message_dict["note"][0]


def test_a_party_of_another_organisation_is_refused(org, other_org):
    with pytest.raises(ValidationError) as error:
        _create(org, party=_party(other_org))
    assert "party" in error.value.message_dict


def test_a_pending_new_party_is_kept_by_name(org):
    complaint = _create(org, new_party_name="Brand New Ltd", complainant_name="")
    assert complaint.party_label == "Brand New Ltd (new)"


def test_service_level_clock_across_a_daylight_saving_change(org):
    org.timezone = "Europe/Berlin"
    org.save()
    # Received on the Friday before next year's change to summer time (the last Sunday of
    # March), 10:00 in Berlin (CET, UTC+1): in the future, so its reminders keep their days.
    # Acknowledge within 4 hours, resolve within 5 days (critical).
    year = timezone.now().year + 1
    change = date(year, 3, 31) - timedelta(days=(date(year, 3, 31).weekday() + 1) % 7)
    friday = change - timedelta(days=2)
    received = datetime(year, 3, friday.day, 9, 0, tzinfo=UTC)
    complaint = services.complaint_create(
        organization=org,
        actor=None,
        data={"subject": "x", "description": "y", "complainant_name": "z", "severity": "critical"},
        received_at=received,
    )
    berlin = ZoneInfo("Europe/Berlin")
    assert complaint.acknowledge_due_at == received + timedelta(hours=4)
    resolve = complaint.resolve_due_at.astimezone(berlin)
    # Same wall-clock time five days later, now in summer time: 23 elapsed hours less a day.
    assert (resolve.date(), resolve.hour, resolve.minute) == (friday + timedelta(days=5), 10, 0)
    assert complaint.resolve_due_at - received == timedelta(days=5) - timedelta(hours=1)
    # Reminders: the acknowledgement's on its day (the deadline is 14:00, after the morning
    # round), with the escalation the next day and the day after.
    with org_scope(org):
        ack = Reminder.objects.filter(kind="feedback.complaint_acknowledge_due").order_by(
            "escalation_level"
        )
        assert [r.send_at.astimezone(berlin).date() for r in ack] == [
            friday, friday + timedelta(days=1), change,
        ]  # fmt: skip
        assert ack[0].send_at.astimezone(berlin).hour == 8


def test_reminders_stop_when_the_step_is_done_and_are_never_doubled(org, manager):
    complaint = _create(org, manager.user, owner=manager.user)
    with org_scope(org):
        assert Reminder.objects.filter(status="pending").count() == 6  # 2 kinds x 3 levels
    _move(org, complaint, "acknowledge")
    with org_scope(org):
        pending = set(Reminder.objects.filter(status="pending").values_list("kind", flat=True))
        assert pending == {"feedback.complaint_resolve_due"}
    services.complaint_update(
        organization=org, actor=None, complaint=complaint, data={"subject": "Same again"}
    )
    with org_scope(org):
        assert Reminder.objects.filter(status="pending").count() == 3
    complaint = _move(org, complaint, "withdraw")
    with org_scope(org):
        assert not Reminder.objects.filter(status="pending").exists()


def test_figures(org):
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    fast = services.complaint_create(
        organization=org, actor=None, received_at=start,
        data={"subject": "a", "description": "b", "complainant_name": "c", "category": "product"},
    )  # fmt: skip
    _move(org, fast, "acknowledge", at=start + timedelta(hours=2))
    _move(org, fast, "resolve", "told", at=start + timedelta(days=2))
    slow = services.complaint_create(
        organization=org, actor=None, received_at=start,
        data={"subject": "a", "description": "b", "complainant_name": "c", "category": "billing",
              "severity": "critical"},
    )  # fmt: skip
    _move(org, slow, "acknowledge", at=start + timedelta(hours=6))
    _move(org, slow, "resolve", "told", at=start + timedelta(days=8))
    _move(org, slow, "reopen", "again", at=start + timedelta(days=9))
    with org_scope(org):
        figures = selectors.figures(organization=org)
    assert figures.total == 2
    assert dict(figures.by_category) == {"Product quality": 1, "Billing": 1}
    assert figures.median_acknowledge_hours == 4.0
    assert figures.median_resolve_days == 2.0  # the reopened one is not resolved now
    assert figures.reopen_rate == 50.0
    # Fast was resolved in time; slow is open again and past its new deadline (5 days
    # from the reopening): one of two within the level.
    assert figures.within_level_share == 50.0
    assert figures.overdue == 1


# --- Bad input ----------------------------------------------------------------------------


def test_a_description_of_100000_characters_is_refused_with_its_length(org):
    with pytest.raises(ValidationError) as error:
        _create(org, description="x" * 100_000)
    assert "100,000 characters" in error.value.message_dict["description"][0]
    with org_scope(org):
        assert not Complaint.objects.exists()


def test_an_attachment_that_is_not_what_its_name_says_is_refused_and_nothing_saved(org):
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a png at all" * 10)
    with pytest.raises(ValidationError) as error:
        services.complaint_create(
            organization=org,
            actor=None,
            data={"subject": "a", "description": "b", "complainant_name": "c"},
            uploads=[fake],
        )
    assert "photo.png is not a PNG image" in error.value.message_dict["attachments"][0]
    with org_scope(org):
        assert not Complaint.objects.exists()
        assert not ComplaintAttachment.objects.exists()


def test_a_good_attachment_is_kept_and_downloaded_by_members_only(
    org, manager, outsider, client_for
):
    complaint = services.complaint_create(
        organization=org,
        actor=None,
        data={"subject": "a", "description": "b", "complainant_name": "c"},
        uploads=[SimpleUploadedFile("report.pdf", certificate_pdf("8D"))],
    )
    with org_scope(org):
        attachment = ComplaintAttachment.objects.get(complaint=complaint)
    url = f"/o/{org.slug}/complaints/attachments/{attachment.pk}/"
    response = client_for(manager).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client_for(outsider).get(url).status_code == 404


def test_script_in_a_description_is_shown_escaped(org, manager, client_for):
    complaint = _create(org, description="<script>alert(1)</script>", subject="<b>x</b>")
    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/complaints/{complaint.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    listing = client.get(f"/o/{org.slug}/complaints/").content.decode()
    assert "<b>x</b>" not in listing and "&lt;b&gt;x&lt;/b&gt;" in listing


def test_a_disallowed_transition_on_the_page_names_the_allowed_ones(org, manager, client_for):
    complaint = _create(org)
    response = client_for(manager).post(
        f"/o/{org.slug}/complaints/{complaint.pk}/transition/", {"action": "close"}
    )
    assert response.status_code == 200
    assert "allowed: acknowledge, investigate, reject, withdraw" in response.content.decode()


# --- Pages ----------------------------------------------------------------------------


def test_manager_records_and_moves_a_complaint_in_the_pages(org, manager, client_for):
    client = client_for(manager)
    party = _party(org)
    response = client.post(
        f"/o/{org.slug}/complaints/new/",
        {
            "party": party.pk,
            "channel": "phone",
            "category": "delivery",
            "severity": "medium",
            "subject": "Late again",
            "description": "Third late delivery.",
            "attachments": [SimpleUploadedFile("p.png", PNG)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with org_scope(org):
        complaint = Complaint.objects.get()
        assert complaint.attachments.count() == 1
    response = client.post(
        f"/o/{org.slug}/complaints/{complaint.pk}/transition/", {"action": "acknowledge"}
    )
    assert response.status_code == 302
    page = client.get(f"/o/{org.slug}/complaints/{complaint.pk}/").content.decode()
    assert "Acknowledged" in page and "Late again" in page


def test_list_filters(org, manager, client_for):
    old = services.complaint_create(
        organization=org,
        actor=None,
        received_at=datetime(2025, 1, 1, tzinfo=UTC),
        data={"subject": "Old one", "description": "b", "complainant_name": "c"},
    )
    _create(org, subject="Fresh one", severity="low", category="billing")
    client = client_for(manager)
    overdue = client.get(f"/o/{org.slug}/complaints/?overdue=true").content.decode()
    assert old.reference in overdue and "Fresh one" not in overdue
    low = client.get(f"/o/{org.slug}/complaints/?severity=low&category=billing").content.decode()
    assert "Fresh one" in low and "Old one" not in low
    assert f"/o/{org.slug}/complaints/export.csv?severity=low" in low  # the export links
    csv = client.get(f"/o/{org.slug}/complaints/export.csv?severity=low")
    assert csv.status_code == 200 and b"Fresh one" in csv.content and b"Old one" not in csv.content
    xlsx = client.get(f"/o/{org.slug}/complaints/export.xlsx?severity=low")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[7] for row in rows] == ["Fresh one"]


def test_a_list_row_shows_what_the_complaint_s_page_shows(org, manager, client_for):
    """The rows are written in Python (complaint_tags): each against the complaint's own
    page, whose badges come from the templates."""
    late = services.complaint_create(
        organization=org,
        actor=None,
        received_at=datetime(2025, 1, 1, 9, 30, tzinfo=UTC),
        data={"subject": "Old one", "description": "b", "complainant_name": "Sam <Roe>"},
    )
    _move(org, late, "acknowledge")
    party = _party(org, name="Acme & Sons")
    fresh = _create(org, party=party, category="billing")
    client = client_for(manager)
    listing = client.get(f"/o/{org.slug}/complaints/").content.decode()

    def row_of(complaint):
        start = listing.index(f'<a href="/o/{org.slug}/complaints/{complaint.pk}/">')
        return listing[listing.rindex("<tr>", 0, start) : listing.index("</tr>", start)]

    def badges(html):
        return re.findall(r'<span class="badge[^"]*">[^<]*</span>', html)

    old_row, old_page = row_of(late), client.get(f"/o/{org.slug}/complaints/{late.pk}/")
    assert "Sam &lt;Roe&gt;" in old_row and "Old one" in old_row
    assert "2025-01-01 09:30" in old_row and f">{late.get_severity_display()}<" in old_row
    timers = [
        badge
        for badge in badges(old_page.content.decode())
        if "late" in badge or "overdue since" in badge
    ]
    assert timers == [
        '<span class="badge warn">Acknowledged late</span>',
        '<span class="badge bad">Resolve: overdue since 2025-01-21 09:30</span>',
    ]
    assert all(badge in old_row for badge in timers)
    assert '<span class="badge">Acknowledged</span>' in old_row
    new_row = row_of(fresh)
    assert "Acme &amp; Sons" in new_row and ">Billing<" in new_row
    assert '<span class="badge warn">Received</span>' in new_row
    assert re.search(r'<span class="badge">Acknowledge by [0-9-]+ [0-9:]+ \([^)]+ left\)', new_row)


def test_list_query_count_is_constant(org, manager, client_for, assert_constant_queries):
    party = _party(org)
    _create(org, party=party, owner=manager.user)

    def grow():
        for number in range(30):
            complaint = _create(org, party=_party(org, f"P{number}"), owner=manager.user)
            if number % 2:
                _move(org, complaint, "acknowledge")

    client = client_for(manager)
    assert_constant_queries(client, f"/o/{org.slug}/complaints/", grow=grow)


def test_auditor_reads_and_may_not_write(org, auditor, client_for):
    complaint = _create(org)
    client = client_for(auditor)
    assert client.get(f"/o/{org.slug}/complaints/").status_code == 200
    assert client.get(f"/o/{org.slug}/complaints/{complaint.pk}/").status_code == 200
    response = client.post(
        f"/o/{org.slug}/complaints/{complaint.pk}/transition/", {"action": "acknowledge"}
    )
    assert response.status_code == 403


# --- API ----------------------------------------------------------------------------------


def test_api_create_filter_and_transition(org, manager, auditor, api_client_for):
    api = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/complaints/"
    response = api.post(
        base,
        {"subject": "By API", "description": "d", "complainant_name": "n", "severity": "low"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    complaint_id = response.json()["id"]
    assert response.json()["channel"] == "api"
    assert response.json()["state"] == "received"
    refused = api.post(f"{base}{complaint_id}/transition/", {"action": "close"}, format="json")
    assert refused.status_code == 400
    assert "allowed: acknowledge" in str(refused.json())
    done = api.post(f"{base}{complaint_id}/transition/", {"action": "acknowledge"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "acknowledged"
    assert api.get(f"{base}?state=acknowledged").json()["count"] == 1
    assert api.get(f"{base}?state=received").json()["count"] == 0
    assert api.get(f"{base}figures/").json()["total"] == 1
    reader = api_client_for(auditor)
    assert reader.get(base).status_code == 200
    assert (
        reader.post(f"{base}{complaint_id}/transition/", {"action": "resolve"}).status_code == 403
    )


# --- The public form and the status link ---------------------------------------------


def _public_post(client, org, headers=None, **extra):
    data = {
        "name": "Pat Customer",
        "email": "pat@example.com",
        "category": "product",
        "subject": "Broken on arrival",
        "description": "The unit was broken.",
        "website": "",
        **extra,
    }
    return client.post(f"/c/{org.slug}/", data, headers=headers or {})


def _status_link() -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/c/\S+)", body).group(1)


def test_public_form_acknowledges_by_email_with_a_private_status_link(
    org, other_org, client, django_capture_on_commit_callbacks
):
    page = client.get(f"/c/{org.slug}/")
    assert page.status_code == 200 and org.name in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _public_post(client, org)
    assert response.status_code == 302
    with org_scope(org):
        complaint = Complaint.objects.get()
    assert complaint.channel == "web_form"
    assert complaint.reference in mail.outbox[-1].subject
    link = _status_link()
    status = client.get(link)
    assert status.status_code == 200
    text = status.content.decode()
    assert complaint.reference in text and "Received" in text
    assert "The unit was broken" not in text  # the status, nothing else
    # The same link under another organisation's address, or altered, opens nothing.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/c/{other_org.slug}/status/{token}/").status_code == 404
    assert client.get(f"/c/{org.slug}/status/{token[:-2]}xx/").status_code == 404
    assert client.get(f"/c/no-such-org/status/{token}/").status_code == 404


def test_a_status_link_of_one_organisation_never_opens_anothers_complaint(org, other_org, client):
    mine = _create(org)
    theirs = _create(other_org)
    # Both are complaint number 1 of their organisation; a link is bound to its own.
    forged = services.status_signature(theirs)
    assert client.get(f"/c/{org.slug}/status/{forged}/").status_code == 404
    assert client.get(f"/c/{other_org.slug}/status/{forged}/").status_code == 200
    assert client.get(f"/c/{org.slug}/status/{services.status_signature(mine)}/").status_code == 200


def test_public_form_honeypot_saves_nothing(org, client):
    response = _public_post(client, org, website="http://spam.example")
    assert response.status_code == 302
    with org_scope(org):
        assert not Complaint.objects.exists()
    assert not mail.outbox


def test_public_form_rate_limit(org, client):
    for _ in range(5):
        assert _public_post(client, org).status_code == 302
    response = _public_post(client, org)
    assert response.status_code == 429
    assert "Too many" in response.content.decode()
    with org_scope(org):
        assert Complaint.objects.count() == 5


def test_behind_a_proxy_the_public_form_limits_each_real_client(org, client, settings):
    settings.RELMGMT_TRUSTED_PROXY_COUNT = 1

    def through_the_proxy(address):
        return {"X-Forwarded-For": address}

    for _ in range(5):
        response = _public_post(client, org, headers=through_the_proxy("203.0.113.7"))
        assert response.status_code == 302
    assert _public_post(client, org, headers=through_the_proxy("203.0.113.7")).status_code == 429
    # Another client behind the same proxy is not held back by the first one's posts.
    assert _public_post(client, org, headers=through_the_proxy("198.51.100.4")).status_code == 302


def test_public_form_bad_input_is_a_clear_message(org, client):
    response = _public_post(client, org, description="y" * 100_000)
    assert response.status_code == 400
    assert "100,000 characters" in response.content.decode()
    response = _public_post(
        client, org, attachments=[SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")]
    )
    assert response.status_code == 400
    assert "x.pdf is not a PDF" in response.content.decode()
    response = _public_post(client, org, description="<script>alert(1)</script>", email="bad")
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    with org_scope(org):
        assert not Complaint.objects.exists()


def test_settings_section_sets_the_service_levels(org, admin):
    from relmgmt.tenancy.services import organization_update

    organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=False,
        complaint_service_levels={"high": {"acknowledge_hours": 2, "resolve_days": 3}},
    )
    org.refresh_from_db()
    assert service_levels.levels(org)["high"] == {"acknowledge_hours": 2, "resolve_days": 3}
    with pytest.raises(ValidationError):
        organization_update(
            organization=org,
            actor=admin.user,
            name=org.name,
            timezone_name=org.timezone,
            require_mfa=False,
            complaint_service_levels={"high": {"acknowledge_hours": 0, "resolve_days": 3}},
        )


def test_supplier_portal_users_see_nothing(org, supplier_member, client_for):
    complaint = _create(org)
    client = client_for(supplier_member)
    assert client.get(f"/o/{org.slug}/complaints/").status_code == 403
    assert client.get(f"/o/{org.slug}/complaints/{complaint.pk}/").status_code == 403


def test_demo_seeds_every_state(org, manager, admin):
    from feedback.demo.complaints import seed

    _party(org)
    with org_scope(org):
        seed(org)
        seed(org)  # idempotent
        states = set(Complaint.objects.values_list("state", flat=True))
        assert states == {
            "received", "acknowledged", "investigating", "resolved", "closed", "rejected",
            "withdrawn",
        }  # fmt: skip
        assert Complaint.objects.count() == 12
        assert selectors.figures(organization=org).overdue > 0
    assert Role.MANAGER


def test_home_tile_counts_open_and_overdue(org, manager, client_for):
    services.complaint_create(
        organization=org,
        actor=None,
        received_at=datetime(2025, 1, 1, tzinfo=UTC),
        data={"subject": "Old one", "description": "b", "complainant_name": "c"},
    )
    _create(org)
    page = client_for(manager).get(f"/o/{org.slug}/")
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert "2 open complaints" in text and "1 past its service level" in text


def test_public_form_matches_the_register(org, client):
    from parties.models import Contact

    party = _party(org, "Known Customer Ltd")
    with org_scope(org):
        contact = Contact.objects.create(
            organization=org, party=party, name="Kim", email="kim@known.example"
        )
    _public_post(client, org, email="KIM@known.example")
    _public_post(client, org, email="other@known.example", organization_name="known customer ltd")
    _public_post(client, org, email="new@new.example", organization_name="Nobody Yet Ltd")
    with org_scope(org):
        by_contact, by_name, pending = Complaint.objects.order_by("number")
    assert (by_contact.party_id, by_contact.contact_id) == (party.pk, contact.pk)
    assert (by_name.party_id, by_name.contact_id) == (party.pk, None)
    assert (pending.party_id, pending.new_party_name) == (None, "Nobody Yet Ltd")


def test_the_lists_figures_are_remembered_until_a_complaint_changes(org, manager, client_for):
    party = _party(org)
    _create(org, party=party)
    assert client_for(manager).get(f"/o/{org.slug}/complaints/").status_code == 200
    with org_scope(org):
        remembered = selectors.figures_remembered(
            organization=org, queryset=Complaint.objects.filter(organization=org)
        )
        again = selectors.figures_remembered(
            organization=org, queryset=Complaint.objects.filter(organization=org)
        )
    assert remembered == again and remembered.total == 1
    complaint = _create(org, party=party)
    _move(org, complaint, "acknowledge")
    with org_scope(org):
        moved = selectors.figures_remembered(
            organization=org, queryset=Complaint.objects.filter(organization=org)
        )
    assert moved.total == 2 and moved.median_acknowledge_hours is not None
