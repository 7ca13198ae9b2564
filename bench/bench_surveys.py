"""Surveys: a campaign sent to 20,000 contacts beside a hand-written INSERT ... SELECT of
the same rows; the NPS and CSAT trend of 8 quarters over 1,000,000 answers beside one
hand-written GROUP BY; the respondent's page (GET and POST) beside a bare view.

The campaign: the product's ``campaign_send`` freezes the template and the audience, gives
every consenting contact a recipient row with the hash of its own random token, and queues
the invitation and two reminders (60,000 outbox rows), audit records included. The
hand-written statements insert the same recipient rows (a random hash each) and the same
email rows into the same tables for a second campaign; the two campaigns' rows are checked
equal (contacts, states, expiry; emails' sequences and send times per contact). Timed in
rounds (``BENCH_ROUNDS``, 3 by default), a new pair of campaigns each round.

The trend: 50,000 respondents (5,000 parties with 10 contacts each) answered a template of
10 NPS and 10 CSAT questions over two years, so every one of the 1,000,000 answers counts
in the trend; the product's ``trend`` (one GROUP BY of quarter and kind, the quarter found
by comparing each answer's time with the quarters' bounds) beside one hand-written GROUP BY
of the quarter the database formats from each answer's date, and kind. The figures per
quarter are checked equal.

The respondent's page: the product's page for a personal link (GET: the link checked, the
form rendered; POST: the answers checked and saved once, an interaction on the party's
record). The GET beside a bare public view that reads the organisation, checks the link's
signature, looks the recipient up by its token's hash and returns its state (read only).
The POST beside a bare POST that writes the same rows by hand: found by counting every
table's rows before and after a product POST, and checked equal on a link each (the tables
written, the rows added per table, the new rows and their audit events with ids and moments
made neutral, the recipient and its emails after); see ``bare_post_view``. Each POST answers
a fresh link.

``BENCH_SURVEYS_PARTS`` (comma-separated, of ``campaign``, ``trend``, ``respondent``; all
three by default) runs only the parts named.
"""

import hashlib
import json
import os
import random
import re
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone
from django_scopes import scopes_disabled

from feedback.models import (
    SurveyAnswer,
    SurveyCampaign,
    SurveyEmail,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
)
from feedback.selectors import surveys as survey_selectors
from feedback.services.surveys import campaigns as campaign_services
from feedback.services.surveys import templates as template_services
from parties.models import Contact
from relmgmt.audit.verification import verify_chain
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Organization

from .seed_lists import analyze, bulk_parties, organization_with_manager
from .seed_surveys import consenting_contacts, insert_rows
from .timing import interleaved_medians

CONTACTS = int(os.environ.get("BENCH_SURVEY_CONTACTS", 20_000))
RESPONDENTS = int(os.environ.get("BENCH_SURVEY_RESPONDENTS", 50_000))
ANSWERS_EACH = 20  # 10 NPS and 10 CSAT questions
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
PARTS = os.environ.get("BENCH_SURVEYS_PARTS", "campaign,trend,respondent").split(",")


def run():
    figures = {
        "campaign": campaign_figures,
        "trend": trend_figures,
        "respondent": respondent_figures,
    }
    unknown = set(PARTS) - set(figures)
    assert not unknown, f"BENCH_SURVEYS_PARTS names no part {sorted(unknown)}"
    for part, figure in figures.items():
        if part in PARTS:
            figure()


# --- A campaign to 20,000 contacts ------------------------------------------------------


def hand_written_send(organization, campaign, now) -> float:
    """The campaign's recipients and emails by two INSERT ... SELECT statements."""
    closes = now + timedelta(days=campaign.days_open)
    random_hash = (
        "md5(random()::text || c.id::text) || md5(random()::text || c.party_id::text)"
        if connection.vendor == "postgresql"
        else "lower(hex(randomblob(32)))"
    )
    recipients, emails = SurveyRecipient._meta.db_table, SurveyEmail._meta.db_table
    contacts, parties = Contact._meta.db_table, "parties_party"
    adapt = connection.ops.adapt_datetimefield_value
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {recipients} (organization_id, campaign_id, party_id, contact_id, "
            "token_hash, state, expires_at, reminders_sent, created_at, updated_at) "
            f"SELECT c.organization_id, %s, c.party_id, c.id, {random_hash}, 'sent', %s, 0, %s, %s "
            f"FROM {contacts} c JOIN {parties} p "
            "ON p.organization_id = c.organization_id AND p.id = c.party_id "
            "WHERE c.organization_id = %s AND p.status <> 'inactive' "
            "AND c.consent_given_at IS NOT NULL AND c.consent_withdrawn_at IS NULL "
            "AND c.erased_at IS NULL AND c.email <> ''",
            [campaign.pk, adapt(closes), adapt(now), adapt(now), organization.pk],
        )
        sequences = [
            (n, adapt(now + timedelta(days=n * campaign.remind_after_days)))
            for n in range(campaign.max_reminders + 1)
            if now + timedelta(days=n * campaign.remind_after_days) < closes
        ]
        values = " UNION ALL ".join("SELECT %s AS seq, %s AS send_at" for _ in sequences)
        cursor.execute(
            f"INSERT INTO {emails} (organization_id, recipient_id, sequence, send_at, status, "
            "attempts, last_error, created_at) "
            f"SELECT r.organization_id, r.id, s.seq, s.send_at, 'pending', 0, '', %s "
            f"FROM {recipients} r CROSS JOIN ({values}) s "
            "WHERE r.organization_id = %s AND r.campaign_id = %s",
            [adapt(now), *[v for pair in sequences for v in pair], organization.pk, campaign.pk],
        )
    return time.perf_counter() - started


def hand_written_send_audited(organization, campaign, now, actor) -> float:
    """The same writes as the product: the recipients and emails as above, and between
    them one chained audit event per recipient, as a hand-written script would make them
    (read the new rows back, hash each event onto the chain head it locked, insert them in
    one statement, move the head)."""
    from relmgmt.audit.hashing import current_version, event_hash, jsonable
    from relmgmt.audit.models import AuditChain, AuditEvent
    from relmgmt.audit.recorder import audited_attnames

    closes = now + timedelta(days=campaign.days_open)
    adapt = connection.ops.adapt_datetimefield_value
    recipients, emails = SurveyRecipient._meta.db_table, SurveyEmail._meta.db_table
    contacts, parties = Contact._meta.db_table, "parties_party"
    random_hash = (
        "md5(random()::text || c.id::text) || md5(random()::text || c.party_id::text)"
        if connection.vendor == "postgresql"
        else "lower(hex(randomblob(32)))"
    )
    events_table, chains_table = AuditEvent._meta.db_table, AuditChain._meta.db_table
    attnames = audited_attnames(SurveyRecipient)
    label = SurveyRecipient._meta.label_lower
    version = current_version()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, last_seq, last_hash FROM {chains_table} WHERE organization_id = %s"
            + (" FOR UPDATE" if connection.vendor == "postgresql" else ""),
            [organization.pk],
        )
        chain_id, seq, last_hash = cursor.fetchone()
        cursor.execute(
            f"INSERT INTO {recipients} (organization_id, campaign_id, party_id, contact_id, "
            "token_hash, state, expires_at, reminders_sent, created_at, updated_at) "
            f"SELECT c.organization_id, %s, c.party_id, c.id, {random_hash}, 'sent', %s, 0, %s, %s "
            f"FROM {contacts} c JOIN {parties} p "
            "ON p.organization_id = c.organization_id AND p.id = c.party_id "
            "WHERE c.organization_id = %s AND p.status <> 'inactive' "
            "AND c.consent_given_at IS NOT NULL AND c.consent_withdrawn_at IS NULL "
            "AND c.erased_at IS NULL AND c.email <> ''",
            [campaign.pk, adapt(closes), adapt(now), adapt(now), organization.pk],
        )
        rows = (
            SurveyRecipient._base_manager.filter(organization=organization, campaign=campaign)
            .order_by("id")
            .values(*attnames)
        )
        occurred = jsonable(now)
        events = []
        for row in rows:
            seq += 1
            changes = {
                field: [None, jsonable(value)] for field, value in row.items() if value is not None
            }
            fields = {
                "organization": organization.pk,
                "seq": seq,
                "occurred_at": occurred,
                "actor": actor.pk,
                "actor_label": actor.email,
                "source": "system",
                "action": "create",
                "model_label": label,
                "object_id": str(row["id"]),
                "object_repr": f"Recipient {row['id']} of campaign {campaign.pk}",
                "reason": "",
            }
            digest = event_hash(
                prev_hash=last_hash, fields=fields, changes=changes, version=version
            )
            events.append(
                (
                    organization.pk,
                    seq,
                    adapt(now),
                    actor.pk,
                    actor.email,
                    "system",
                    "create",
                    label,
                    fields["object_id"],
                    fields["object_repr"],
                    json.dumps(changes),
                    "",
                    last_hash,
                    digest,
                    version,
                )
            )
            last_hash = digest
        columns = (
            "organization_id, seq, occurred_at, actor_id, actor_label, source, action, "
            "model_label, object_id, object_repr, changes, reason, prev_hash, hash, hash_version"
        )
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor,
                f"INSERT INTO {events_table} ({columns}) VALUES %s",
                events,
                page_size=5_000,
            )
        else:
            cursor.executemany(
                f"INSERT INTO {events_table} ({columns}) VALUES ({', '.join(['%s'] * 15)})",
                events,
            )
        cursor.execute(
            f"UPDATE {chains_table} SET last_seq = %s, last_hash = %s WHERE id = %s",
            [seq, last_hash, chain_id],
        )
        sequences = [
            (n, adapt(now + timedelta(days=n * campaign.remind_after_days)))
            for n in range(campaign.max_reminders + 1)
            if now + timedelta(days=n * campaign.remind_after_days) < closes
        ]
        values = " UNION ALL ".join("SELECT %s AS seq, %s AS send_at" for _ in sequences)
        cursor.execute(
            f"INSERT INTO {emails} (organization_id, recipient_id, sequence, send_at, status, "
            "attempts, last_error, created_at) "
            f"SELECT r.organization_id, r.id, s.seq, s.send_at, 'pending', 0, '', %s "
            f"FROM {recipients} r CROSS JOIN ({values}) s "
            "WHERE r.organization_id = %s AND r.campaign_id = %s",
            [adapt(now), *[v for pair in sequences for v in pair], organization.pk, campaign.pk],
        )
    return time.perf_counter() - started


def recipient_events(organization, campaign) -> list:
    """Each recipient's create event, what it says of the recipient (its contact, party,
    state, expiry), ignoring the row's own id, campaign and token."""
    from relmgmt.audit.models import AuditEvent

    ids = [
        str(pk)
        for pk in SurveyRecipient._base_manager.filter(campaign=campaign).values_list(
            "pk", flat=True
        )
    ]
    with scopes_disabled():
        changes = AuditEvent._base_manager.filter(
            organization=organization,
            model_label=SurveyRecipient._meta.label_lower,
            action="create",
            object_id__in=ids,
        ).values_list("changes", flat=True)
        volatile = {"id", "campaign_id", "token_hash", "created_at"}
        return sorted(
            sorted(
                (field, json.dumps(pair)) for field, pair in change.items() if field not in volatile
            )
            for change in changes
        )


def campaign_rows(organization, campaign):
    with org_scope(organization):
        recipients = sorted(
            SurveyRecipient.objects.filter(campaign=campaign).values_list(
                "contact_id", "party_id", "state", "expires_at", "reminders_sent"
            )
        )
        emails = sorted(
            SurveyEmail.objects.filter(recipient__campaign=campaign).values_list(
                "recipient__contact_id", "sequence", "send_at", "status"
            )
        )
    return recipients, emails


def campaign_figures():
    organization, manager = organization_with_manager("Bench campaigns", "bench-campaigns")
    parties = bulk_parties(organization, manager, CONTACTS)
    consenting_contacts(organization, [party.pk for party in parties])
    analyze("parties_party", "parties_contact")
    template = template_services.template_create(
        organization=organization,
        actor=manager,
        data={
            "name": "Pulse",
            "sections": [
                {"title": "Overall", "questions": [{"text": "Recommend us?", "kind": "nps"}]}
            ],
        },
    )

    def new_campaign(name):
        return campaign_services.campaign_create(
            organization=organization,
            actor=manager,
            data={"name": name, "template": template, "max_reminders": 2},
        )

    product_times, audited_times, floor_times = [], [], []
    for round_number in range(ROUNDS):
        now = timezone.now().replace(microsecond=0)
        product, audited, floor = (
            new_campaign(f"Product {round_number}"),
            new_campaign(f"Hand {round_number}"),
            new_campaign(f"Floor {round_number}"),
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("CHECKPOINT")
        started = time.perf_counter()
        asked = campaign_services.campaign_send(
            organization=organization, actor=manager, campaign=product, now=now, notify=False
        )
        product_times.append(time.perf_counter() - started)
        audited_times.append(hand_written_send_audited(organization, audited, now, manager))
        floor_times.append(hand_written_send(organization, floor, now))
        mine = campaign_rows(organization, product)
        assert asked == CONTACTS, asked
        for other in (audited, floor):
            assert campaign_rows(organization, other) == mine, "the campaigns' rows differ"
        assert recipient_events(organization, product) == recipient_events(organization, audited), (
            "the recipients' audit events differ"
        )
        assert verify_chain(organization.pk) is None, "the audit chain does not verify"
        with org_scope(organization):
            assert len(mine[1]) == 3 * CONTACTS
            hashes = SurveyRecipient.objects.filter(campaign=product).values("token_hash")
            assert hashes.distinct().count() == CONTACTS
    product_s, audited_s, floor_s = (
        sorted(times)[ROUNDS // 2] for times in (product_times, audited_times, floor_times)
    )
    print(
        f"campaign to {CONTACTS:,} contacts ({CONTACTS:,} recipients, {3 * CONTACTS:,} emails, "
        f"{CONTACTS:,} audit events), median of {ROUNDS}, rows and events checked equal, "
        "chain verified:"
    )
    print(f"  product campaign_send:                          {product_s * 1000:8.0f} ms")
    print(
        f"  hand-written, same writes (INSERT ... SELECT, events hashed and inserted in one "
        f"statement): {audited_s * 1000:6.0f} ms"
    )
    print(f"  ratio: {product_s / audited_s:.2f}x (target within 2x)")
    print(
        f"  floor, INSERT ... SELECT without the audit events: {floor_s * 1000:6.0f} ms "
        f"(product {product_s / floor_s:.2f}x)"
    )


# --- The trend over 1,000,000 answers ---------------------------------------------------


def seed_answers(organization, manager, end: datetime):
    """RESPONDENTS responses of 20 answers each, spread over the 8 quarters before ``end``."""
    questions = [{"text": f"Recommend our line {n}?", "kind": "nps"} for n in range(10)]
    questions += [{"text": f"Satisfied with aspect {n}?", "kind": "csat"} for n in range(10)]
    template = template_services.template_create(
        organization=organization,
        actor=manager,
        data={"name": "Two years", "sections": [{"title": "All", "questions": questions}]},
    )
    campaign = campaign_services.campaign_create(
        organization=organization, actor=manager, data={"name": "Panel", "template": template}
    )
    with org_scope(organization):
        SurveyCampaign.objects.filter(pk=campaign.pk).update(status="sent")
        question_rows = list(
            SurveyQuestion.objects.filter(template=template)
            .order_by("id")
            .values_list("pk", "kind")
        )
    parties = bulk_parties(organization, manager, RESPONDENTS // 10, prefix="Respondent")
    consenting_contacts(organization, [p.pk for p in parties for _ in range(10)])
    with org_scope(organization):
        contacts = list(
            Contact.objects.filter(organization=organization)
            .order_by("id")
            .values_list("pk", "party_id")
        )
    rng = random.Random(18)
    start = end - timedelta(days=730)
    span = int((end - start).total_seconds())
    insert_rows(
        SurveyRecipient,
        [
            {
                "organization_id": organization.pk,
                "campaign_id": campaign.pk,
                "party_id": party_id,
                "contact_id": contact_id,
                "token_hash": hashlib.sha256(f"r{contact_id}".encode()).hexdigest(),
                "state": "answered",
                "expires_at": end,
                "reminders_sent": 0,
                "answered_at": end,
                "opted_out_at": None,
            }
            for contact_id, party_id in contacts
        ],
    )
    with org_scope(organization):
        recipients = list(
            SurveyRecipient.objects.filter(campaign=campaign)
            .order_by("id")
            .values_list("pk", "party_id")
        )
    moments = {pk: start + timedelta(seconds=rng.randrange(span)) for pk, _ in recipients}
    insert_rows(
        SurveyResponse,
        [
            {
                "organization_id": organization.pk,
                "recipient_id": pk,
                "campaign_id": campaign.pk,
                "template_id": template.pk,
                "party_id": party_id,
                "submitted_at": moments[pk],
                "interaction_id": None,
                "follow_up_id": None,
                "follow_up_reason": "",
                "loop_contact": "",
                "loop_cause": "",
                "loop_outcome": "",
                "loop_closed_at": None,
                "loop_closed_by_id": None,
                "complaint_id": None,
            }
            for pk, party_id in recipients
        ],
    )
    with org_scope(organization):
        responses = list(
            SurveyResponse.objects.filter(campaign=campaign).values_list("pk", "recipient_id")
        )
    # The mood moves over the two years, so the trend moves too.
    rows = []
    for response_id, recipient_id in responses:
        moment = moments[recipient_id]
        mood = (moment - start).total_seconds() / span
        for question_id, kind in question_rows:
            if kind == "nps":
                number = min(10, max(0, round(rng.gauss(5 + 4 * mood, 2.5))))
            else:
                number = min(5, max(1, round(rng.gauss(2.5 + 2 * mood, 1))))
            rows.append(
                {
                    "organization_id": organization.pk,
                    "response_id": response_id,
                    "question_id": question_id,
                    "kind": kind,
                    "submitted_at": moment,
                    "number": number,
                    "choices": [],
                    "text": "",
                }
            )
        if len(rows) >= 100_000:
            insert_rows(SurveyAnswer, rows)
            rows = []
    insert_rows(SurveyAnswer, rows)
    analyze("feedback_surveyanswer", "feedback_surveyresponse")
    return start.date(), (end - timedelta(seconds=1)).date()


def hand_written_trend(organization_id: int, start, end) -> list:
    if connection.vendor == "postgresql":
        quarter = "to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-\"Q\"Q')"
        day = "(submitted_at AT TIME ZONE 'UTC')::date"
    else:
        quarter = (
            "strftime('%%Y', submitted_at) || '-Q' || "
            "((CAST(strftime('%%m', submitted_at) AS integer) + 2) / 3)"
        )
        day = "date(submitted_at)"
    sql = (
        f"SELECT {quarter} AS q, kind, SUM(CASE WHEN number >= 9 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN number <= 6 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN number >= 4 THEN 1 ELSE 0 END), "
        f"COUNT(*) FROM {SurveyAnswer._meta.db_table} WHERE organization_id = %s "
        f"AND kind IN ('nps', 'csat') AND number IS NOT NULL AND {day} >= %s AND {day} <= %s "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization_id, start, end])
        return cursor.fetchall()


def trend_figures():
    organization, manager = organization_with_manager("Bench trend", "bench-trend")
    end = datetime(2026, 7, 1, tzinfo=UTC)
    started = time.perf_counter()
    start_day, end_day = seed_answers(organization, manager, end)
    seeded = time.perf_counter() - started

    def product():
        with org_scope(organization):
            return survey_selectors.trend(organization=organization, start=start_day, end=end_day)

    def hand():
        return hand_written_trend(organization.pk, start_day, end_day)

    points = product()
    by_quarter: dict[str, dict] = {}
    for q, kind, promoters, detractors, happy, total in hand():
        by_quarter.setdefault(q.replace("-Q", " Q"), {})[kind] = (
            promoters,
            detractors,
            happy,
            total,
        )
    assert len(points) == 8
    for point in points:
        figures = by_quarter.get(point.label, {})
        promoters, detractors, _, nps_total = figures.get("nps", (0, 0, 0, 0))
        _, _, happy, csat_total = figures.get("csat", (0, 0, 0, 0))
        assert (point.nps.promoters, point.nps.detractors, point.nps.total) == (
            promoters,
            detractors,
            nps_total,
        ), point.label
        assert point.csat_total == csat_total and (
            point.csat == (round(100 * happy / csat_total, 1) if csat_total else None)
        ), point.label
    assert sum(p.nps.total + p.csat_total for p in points) == RESPONDENTS * ANSWERS_EACH
    timed = interleaved_medians({"product": product, "hand": hand}, repeat=max(ROUNDS, 5), warmup=1)
    print(
        f"trend of 8 quarters over {RESPONDENTS * ANSWERS_EACH:,} answers of {RESPONDENTS:,} "
        f"respondents (seeded in {seeded:.0f} s), figures checked equal:"
    )
    print(f"  product trend():          {timed['product']:8.0f} ms")
    print(f"  hand-written GROUP BY:    {timed['hand']:8.0f} ms")
    print(f"  ratio: {timed['product'] / timed['hand']:.2f}x (target within 1.5x)")
    print("  " + ", ".join(f"{p.label} NPS {p.nps.score:+.0f}" for p in points if p.nps.total))


# --- The respondent's page --------------------------------------------------------------


def bare_respondent_view(request, org_slug, token):
    """Two queries: the organisation, and the recipient its signed link names; its state
    as text (no sign-in)."""
    with scopes_disabled():
        organization_id = Organization.objects.values_list("pk", flat=True).get(slug=org_slug)
        hashed = campaign_services.link_token_read(organization_id, token)
        state = (
            SurveyRecipient.objects.filter(organization_id=organization_id, token_hash=hashed)
            .values_list("state", flat=True)
            .first()
        )
    return HttpResponse(state or "unknown")


def bare_post_view(request, org_slug, token):
    """The product POST's writes, by hand: the same rows in the same tables, in direct SQL
    statements. The link checked (signature, recipient locked, state, expiry), the answers
    checked against the questions, the interaction and its contact inserted, the response
    (naming the interaction) and its answers inserted, the recipient marked answered, its
    pending emails cancelled; then the eight audit events the product records (the same
    fields, actors and changes, in its order), hand-written with the same hash chaining (one
    lock of the chain head, the events hashed in turn with the product's hash function, one
    INSERT, one UPDATE of the head). No follow-up: the bench's answers are above the thresholds,
    so the product opens none either. Answers 302 to the link, as the product does."""
    from relmgmt.audit.hashing import current_version, event_hash, jsonable
    from relmgmt.audit.models import AuditEvent

    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    postgres = connection.vendor == "postgresql"
    with scopes_disabled():
        organization = Organization.objects.only("pk", "timezone").get(slug=org_slug)
    hashed = campaign_services.link_token_read(organization.pk, token)
    if hashed is None:
        return HttpResponse("invalid", status=404)
    org = organization.pk
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, r.state, r.expires_at, r.party_id, r.contact_id, r.campaign_id, "
            "c.template_id, c.name, t.name, t.version "
            "FROM feedback_surveyrecipient r "
            "JOIN feedback_surveycampaign c ON c.organization_id = r.organization_id "
            "AND c.id = r.campaign_id "
            "JOIN feedback_surveytemplate t ON t.organization_id = c.organization_id "
            "AND t.id = c.template_id "
            "WHERE r.organization_id = %s AND r.token_hash = %s"
            + (" FOR UPDATE OF r" if postgres else ""),
            [org, hashed],
        )
        row = cursor.fetchone()
        if row is None:
            return HttpResponse("invalid", status=404)
        recipient, state, expires, party, contact, campaign, template, name, t_name, t_ver = row
        if not isinstance(expires, datetime):  # SQLite gives the text
            expires = datetime.fromisoformat(expires)
        if timezone.is_naive(expires):
            expires = timezone.make_aware(expires, UTC)
        if state != "sent" or expires <= now:
            return HttpResponse(state, status=410)
        cursor.execute(
            "SELECT q.id, q.kind, q.text, q.required, q.scale_min, q.scale_max "
            "FROM feedback_surveyquestion q JOIN feedback_surveysection s "
            "ON s.organization_id = q.organization_id AND s.id = q.section_id "
            "WHERE q.organization_id = %s AND q.template_id = %s "
            "ORDER BY s.position, q.position, q.id",
            [org, template],
        )
        questions = cursor.fetchall()
        ranges = {"nps": (0, 10), "csat": (1, 5), "effort": (1, 7)}
        answers, lines = [], []
        for question, kind, text, required, low, high in questions:
            value = request.POST.get(f"question_{question}", "").strip()
            if not value:
                if required:
                    return HttpResponse("unanswered", status=400)
                continue
            if kind in ranges or kind == "scale":
                low, high = ranges.get(kind, (low, high))
                number = int(value)
                if not low <= number <= high:
                    return HttpResponse("out of range", status=400)
                answers.append((question, kind, number, ""))
                lines.append(f"{text}: {number}")
            else:
                answers.append((question, kind, None, value))
                lines.append(f"{text}: {value[:500]}")
        at = adapt(now)
        today = now.astimezone(ZoneInfo(organization.timezone)).date()
        summary = f"Survey answered: {name} ({t_name} (version {t_ver}))\n" + "\n".join(lines)
        cursor.execute(
            "INSERT INTO parties_interaction (created_at, updated_at, organization_id, "
            "party_id, kind, occurred_on, summary, decisions) "
            "VALUES (%s, %s, %s, %s, 'email', %s, %s, '') RETURNING id",
            [at, at, org, party, today, summary],
        )
        interaction = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO parties_interactioncontact (created_at, updated_at, organization_id, "
            "interaction_id, contact_id) VALUES (%s, %s, %s, %s, %s) RETURNING id",
            [at, at, org, interaction, contact],
        )
        participant = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO feedback_surveyresponse (created_at, updated_at, organization_id, "
            "recipient_id, campaign_id, template_id, party_id, submitted_at, interaction_id, "
            "follow_up_reason, loop_contact, loop_cause, loop_outcome) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', '') RETURNING id",
            [at, at, org, recipient, campaign, template, party, at, interaction],
        )
        response = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO feedback_surveyanswer (created_at, updated_at, organization_id, "
            "response_id, question_id, kind, submitted_at, number, choices, text) VALUES "
            + ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, '[]', %s)"] * len(answers))
            + " RETURNING id",
            [
                value
                for question, kind, number, text in answers
                for value in (at, at, org, response, question, kind, at, number, text)
            ],
        )
        answer_ids = [found[0] for found in cursor.fetchall()]
        cursor.execute(
            "UPDATE feedback_surveyrecipient SET state = 'answered', answered_at = %s, "
            "updated_at = %s WHERE organization_id = %s AND id = %s",
            [at, at, org, recipient],
        )
        cursor.execute(
            "UPDATE feedback_surveyemail SET status = 'cancelled' "
            "WHERE organization_id = %s AND recipient_id = %s AND status = 'pending'",
            [org, recipient],
        )
        # The events, in the product's order, with its actors and its changes.
        when, respondent = jsonable(now), "survey respondent"

        def created(**values):
            return {field: [None, value] for field, value in values.items()}

        specs = [
            (
                "system",
                "create",
                "parties.interaction",
                interaction,
                f"Email on {today:%Y-%m-%d}",
                created(
                    created_at=when,
                    decisions="",
                    id=interaction,
                    kind="email",
                    occurred_on=today.isoformat(),
                    organization_id=org,
                    party_id=party,
                    summary=summary,
                ),
            ),
            (
                "system",
                "create",
                "parties.interactioncontact",
                participant,
                f"InteractionContact object ({participant})",
                created(
                    contact_id=contact,
                    created_at=when,
                    id=participant,
                    interaction_id=interaction,
                    organization_id=org,
                ),
            ),
            (
                respondent,
                "create",
                "feedback.surveyresponse",
                response,
                f"Survey response {response}",
                created(
                    campaign_id=campaign,
                    created_at=when,
                    follow_up_reason="",
                    id=response,
                    interaction_id=interaction,
                    loop_cause="",
                    loop_contact="",
                    loop_outcome="",
                    organization_id=org,
                    party_id=party,
                    recipient_id=recipient,
                    submitted_at=when,
                    template_id=template,
                ),
            ),
            *[
                (
                    respondent,
                    "create",
                    "feedback.surveyanswer",
                    answer,
                    f"Answer to {question}",
                    created(
                        choices=[],
                        created_at=when,
                        id=answer,
                        kind=kind,
                        **({"number": number} if number is not None else {}),
                        organization_id=org,
                        question_id=question,
                        response_id=response,
                        submitted_at=when,
                        text=text,
                    ),
                )
                for answer, (question, kind, number, text) in zip(answer_ids, answers, strict=True)
            ],
            (
                respondent,
                "update",
                "feedback.surveyrecipient",
                recipient,
                f"Recipient {recipient} of campaign {campaign}",
                {"answered_at": [None, when], "state": ["sent", "answered"]},
            ),
        ]
        cursor.execute(
            "SELECT id, last_seq, last_hash FROM audit_auditchain WHERE organization_id = %s"
            + (" FOR UPDATE" if postgres else ""),
            [org],
        )
        chain, seq, last_hash = cursor.fetchone()
        version = current_version()
        events = []
        for label, action, model, object_id, text, changes in specs:
            seq += 1
            event = AuditEvent(
                organization_id=org,
                seq=seq,
                occurred_at=now,
                actor_label=label,
                source="web",
                action=action,
                model_label=model,
                object_id=str(object_id),
                object_repr=text,
                changes=changes,
                reason="",
                prev_hash=last_hash,
                hash_version=version,
            )
            event.hash = last_hash = event_hash(
                prev_hash=last_hash, fields=event.hashed_fields(), changes=changes, version=version
            )
            events.append(
                (org, seq, at, label, "web", action, model, event.object_id, text)
                + (json.dumps(changes), "", event.prev_hash, event.hash, version)
            )
        cursor.execute(
            "INSERT INTO audit_auditevent (organization_id, seq, occurred_at, actor_label, "
            "source, action, model_label, object_id, object_repr, changes, reason, prev_hash, "
            "hash, hash_version) VALUES "
            + ", ".join(["(" + ", ".join(["%s"] * 14) + ")"] * len(events)),
            [value for event in events for value in event],
        )
        cursor.execute(
            "UPDATE audit_auditchain SET last_seq = %s, last_hash = %s WHERE id = %s",
            [seq, last_hash, chain],
        )
    response = HttpResponse(status=302)
    response["Location"] = campaign_services.link_path(organization, token)
    return response


urlpatterns = [
    path("bench-bare-respondent/<slug:org_slug>/<str:token>/", bare_respondent_view),
    path("bench-bare-respondent-post/<slug:org_slug>/<str:token>/", bare_post_view),
]


WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Columns whose values are the moment of writing: compared as set or not.
MOMENTS = {"created_at", "updated_at", "submitted_at", "answered_at", "occurred_at"}
# Columns naming a row the POST writes: compared as "new" (or not).
NEW_ROWS = {"response_id": "feedback_surveyresponse", "interaction_id": "parties_interaction"}


def _table_state(organization) -> dict:
    """Each table's rows of the organisation (every row, for a table without one): how many,
    and the highest id."""
    state = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = {
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            }
            where = " WHERE organization_id = %s" if "organization_id" in columns else ""
            highest = "MAX(id)" if "id" in columns else "NULL"
            cursor.execute(
                f"SELECT COUNT(*), {highest} FROM {table}{where}",  # noqa: S608
                [organization.pk] if where else [],
            )
            state[table] = cursor.fetchone()
    return state


def _rows(sql, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _normal(values: dict, own: dict, new: dict) -> dict:
    """A row or an event's changes with what differs between two POSTs made neutral: its
    own id, the moments of writing, the recipient's own party and contact, the new rows."""
    out = {}
    for column, value in values.items():
        pair = isinstance(value, list) and len(value) == 2 and column not in ("choices",)
        items = value if pair else [value]
        shown = []
        for item in items:
            if item is None or column in (
                "id",
                "object_id",
                "seq",
                "hash",
                "prev_hash",
                "token_hash",
            ):
                shown.append(item is not None)
            elif column in MOMENTS:
                shown.append("moment")
            elif column in own:
                shown.append("own" if item == own[column] else item)
            elif column in NEW_ROWS:
                shown.append("new" if item in new.get(NEW_ROWS[column], ()) else item)
            elif column == "object_repr":
                shown.append(re.sub(r"\d+", "#", item))
            elif column == "changes":
                changes = json.loads(item) if isinstance(item, str) else item
                shown.append(sorted(_normal(changes, own, new).items()))
            else:
                shown.append(item)
        out[column] = shown if pair else shown[0]
    return out


def post_writes(organization, recipient, post) -> dict:
    """What one POST writes: the tables its statements write, each table's change in rows,
    its new rows, and the recipient and its emails after it (made neutral by ``_normal``)."""
    before = _table_state(organization)
    with CaptureQueriesContext(connection) as queries:
        post()
    after = _table_state(organization)
    tables = sorted(
        {match[2] for q in queries.captured_queries if (match := WRITE.match(q["sql"]))}
    )
    counts = {
        table: after[table][0] - before[table][0]
        for table in after
        if after[table][0] != before[table][0]
    }
    new = {}
    for table in counts:
        new[table] = _rows(
            f"SELECT * FROM {table} WHERE organization_id = %s AND id > %s ORDER BY id",  # noqa: S608
            [organization.pk, before[table][1] or 0],
        )
    new_ids = {table: {row["id"] for row in rows} for table, rows in new.items()}
    own = {
        "recipient_id": recipient.pk,
        "party_id": recipient.party_id,
        "contact_id": recipient.contact_id,
    }
    emails = _rows(
        "SELECT sequence, status, sent_at, attempts FROM feedback_surveyemail "
        "WHERE organization_id = %s AND recipient_id = %s ORDER BY sequence",
        [organization.pk, recipient.pk],
    )
    recipient_row = _rows(
        "SELECT * FROM feedback_surveyrecipient WHERE organization_id = %s AND id = %s",
        [organization.pk, recipient.pk],
    )
    return {
        "tables written": tables,
        "rows added per table": counts,
        "rows added": {
            table: [_normal(row, own, new_ids) for row in rows] for table, rows in new.items()
        },
        "recipient after": [_normal(row, own, new_ids) for row in recipient_row],
        "its emails after": emails,
    }


def respondent_figures():
    from bench import urls as bench_urls

    organization, manager = organization_with_manager("Bench respondents", "bench-respond")
    posts = max(ROUNDS, 40) + 1  # timed, and the warm-up
    links = 1 + 2 + 2 * posts + 3
    parties = bulk_parties(organization, manager, links, prefix="Customer")
    consenting_contacts(organization, [party.pk for party in parties])
    template = template_services.template_create(
        organization=organization,
        actor=manager,
        data={
            "name": "After the visit",
            "sections": [
                {
                    "title": "Your view",
                    "questions": [
                        {"text": "How likely are you to recommend us?", "kind": "nps"},
                        {"text": "How satisfied are you?", "kind": "csat"},
                        {"text": "How easy was it?", "kind": "effort"},
                        {"text": "Anything else?", "kind": "text", "required": False},
                    ],
                }
            ],
        },
    )
    campaign = campaign_services.campaign_create(
        organization=organization, actor=manager, data={"name": "Visit", "template": template}
    )
    campaign_services.campaign_send(
        organization=organization, actor=manager, campaign=campaign, notify=False
    )
    with org_scope(organization):
        recipients = list(SurveyRecipient.objects.filter(campaign=campaign).order_by("id"))
        questions = list(SurveyQuestion.objects.filter(template=template).order_by("position"))
        values = [
            campaign_services.recipient_link_issue(organization=organization, recipient=r)
            for r in recipients
        ]
    first = values[0]
    answers = {}
    for question in questions:
        answers[f"question_{question.pk}"] = {"nps": "9", "csat": "4", "effort": "2"}.get(
            question.kind, "Fine, thank you."
        )
    client = Client()
    page = f"/o/{organization.slug}/s/"
    bare_page = f"/bench-bare-respondent-post/{organization.slug}/"
    rate_key = f"feedback:survey-rate:{organization.pk}:127.0.0.1"
    with override_settings(ROOT_URLCONF="bench.urls"):
        for pattern in urlpatterns:
            bench_urls.urlpatterns.insert(0, pattern)
        try:
            # The bare POST writes what the product's POST writes: checked on a link each.
            checked = []
            for (recipient, token), url in zip(
                zip(recipients[1:3], values[1:3], strict=True), (page, bare_page), strict=True
            ):
                cache.delete(rate_key)

                def post(url=url, token=token):
                    response = client.post(f"{url}{token}/", answers)
                    assert response.status_code == 302, response.status_code
                    assert response["Location"] == f"{page}{token}/", response["Location"]

                checked.append(post_writes(organization, recipient, post))
            for key, product_wrote in checked[0].items():
                assert checked[1][key] == product_wrote, (
                    f"the bare POST's {key} differ from the product's:\n"
                    f"product: {product_wrote}\nbare:    {checked[1][key]}"
                )
            assert verify_chain(organization.pk) is None, "the audit chain does not verify"
            written = checked[0]["rows added per table"]

            product_tokens = iter(values[3 : 3 + posts])
            bare_tokens = iter(values[3 + posts : 3 + 2 * posts])
            pending = {}

            def unlimited():
                # The rate limit per client would stop a benchmark; the rest of the cache
                # (the blank form of a sent template) stays, as it does for respondents.
                cache.delete(rate_key)

            def next_link():
                unlimited()
                pending["product"] = next(product_tokens)

            def next_bare_link():
                pending["bare"] = next(bare_tokens)

            def get_page():
                response = client.get(f"{page}{first}/")
                assert response.status_code == 200 and b"recommend" in response.content

            def post_page():
                token = pending.pop("product", None) or next(product_tokens)  # the warm-up's
                response = client.post(f"{page}{token}/", answers)
                assert response.status_code == 302, response.status_code

            def bare_post():
                token = pending.pop("bare", None) or next(bare_tokens)
                response = client.post(f"{bare_page}{token}/", answers)
                assert response.status_code == 302, response.status_code

            def bare():
                response = client.get(f"/bench-bare-respondent/{organization.slug}/{first}/")
                assert response.status_code == 200 and response.content == b"sent"

            timed = interleaved_medians(
                {
                    "bare": (bare, unlimited),
                    "get": (get_page, unlimited),
                    "bare_post": (bare_post, next_bare_link),
                    "post": (post_page, next_link),
                },
                repeat=posts - 1,
                warmup=1,
            )
        finally:
            for pattern in urlpatterns:
                bench_urls.urlpatterns.remove(pattern)
    with org_scope(organization):
        saved = SurveyResponse.objects.filter(campaign=campaign).count()
    assert saved == 2 + 2 * posts, saved  # every POST saved once (warm-ups included)
    assert verify_chain(organization.pk) is None, "the audit chain does not verify"
    print("respondent's page (test client, no sign-in), median:")
    print(f"  bare read-only view (two queries): {timed['bare']:6.1f} ms")
    print(
        f"  GET the page:                      {timed['get']:6.1f} ms "
        f"({timed['get'] / timed['bare']:.1f}x bare read-only; target within 2x)"
    )
    print(
        "  bare POST, the same writes by hand (direct SQL, the audit events hand-hashed on "
        "one lock of the chain), checked equal: "
        + ", ".join(f"{table} +{count}" for table, count in sorted(written.items()))
    )
    print(f"  bare POST, same writes:            {timed['bare_post']:6.1f} ms")
    print(
        f"  POST the answers (saved once):     {timed['post']:6.1f} ms "
        f"({timed['post'] / timed['bare_post']:.1f}x the same-writes bare POST; target within "
        f"2x; {timed['post'] / timed['bare']:.1f}x the read-only view)"
    )
