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
record) beside a bare public view that reads the organisation, checks the link's signature,
looks the recipient up by its token's hash and returns its state. Each POST answers a fresh
link.
"""

import hashlib
import json
import os
import random
import time
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
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


def run():
    campaign_figures()
    trend_figures()
    respondent_figures()


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


urlpatterns = [
    path("bench-bare-respondent/<slug:org_slug>/<str:token>/", bare_respondent_view),
]


def respondent_figures():
    from bench import urls as bench_urls

    organization, manager = organization_with_manager("Bench respondents", "bench-respond")
    links = 3 + max(ROUNDS, 40) + 3
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
    tokens = iter(values[1:])
    first = values[0]
    answers = {}
    for question in questions:
        answers[f"question_{question.pk}"] = {"nps": "9", "csat": "4", "effort": "2"}.get(
            question.kind, "Fine, thank you."
        )
    client = Client()
    page = f"/o/{organization.slug}/s/"
    with override_settings(ROOT_URLCONF="bench.urls"):
        bench_urls.urlpatterns.insert(0, urlpatterns[0])
        try:
            pending = {}

            rate_key = f"feedback:survey-rate:{organization.pk}:127.0.0.1"

            def unlimited():
                # The rate limit per client would stop a benchmark; the rest of the cache
                # (the blank form of a sent template) stays, as it does for respondents.
                cache.delete(rate_key)

            def next_link():
                unlimited()
                pending["token"] = next(tokens)

            def get_page():
                response = client.get(f"{page}{first}/")
                assert response.status_code == 200 and b"recommend" in response.content

            def post_page():
                token = pending.pop("token", None) or next(tokens)  # the warm-up's own
                response = client.post(f"{page}{token}/", answers)
                assert response.status_code in (200, 302), response.status_code

            def bare():
                response = client.get(f"/bench-bare-respondent/{organization.slug}/{first}/")
                assert response.status_code == 200 and response.content == b"sent"

            timed = interleaved_medians(
                {
                    "bare": (bare, unlimited),
                    "get": (get_page, unlimited),
                    "post": (post_page, next_link),
                },
                repeat=max(ROUNDS, 40),
                warmup=1,
            )
        finally:
            bench_urls.urlpatterns.remove(urlpatterns[0])
    with org_scope(organization):
        saved = SurveyResponse.objects.filter(campaign=campaign).count()
    assert saved == max(ROUNDS, 40) + 1, saved  # every POST saved once (and the warm-up)
    print("respondent's page (test client, no sign-in), median:")
    print(f"  bare public view (two queries):{timed['bare']:6.1f} ms")
    print(
        f"  GET the page:                  {timed['get']:6.1f} ms "
        f"({timed['get'] / timed['bare']:.1f}x bare; target within 2x)"
    )
    print(
        f"  POST the answers (saved once): {timed['post']:6.1f} ms "
        f"({timed['post'] / timed['bare']:.1f}x bare; target within 2x)"
    )
