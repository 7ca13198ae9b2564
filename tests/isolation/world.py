"""Two organisations with one of each kind of object, and a member of every role."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone

from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services import nonconformities as nc_services
from corrective_actions.services import root_cause as root_cause_services
from corrective_actions.services import scars as scar_services
from customers.services import revenue as revenue_services
from feedback.services import complaints as complaint_services
from feedback.services.surveys import campaigns as survey_campaign_services
from feedback.services.surveys import responses as survey_response_services
from parties.models import Contact
from parties.services import contacts as contact_services
from parties.services import interactions as interaction_services
from parties.services import plans as plan_services
from parties.services import register as party_services
from parties.services import reviews as review_services
from parties.services import risks as risk_services
from qms.models import PackJob
from qms.services import objectives as objective_services
from qms.services import reviews as management_review_services
from relmgmt.api import services as api_services
from relmgmt.audit.models import AuditEvent
from relmgmt.core.dates import organization_today
from relmgmt.core.models import ImportJob
from relmgmt.core.scoping import org_scope, scopes_disabled
from relmgmt.notifications.models import Notification
from relmgmt.policy import Role
from relmgmt.tenancy import services
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import RecomputeJob, ScorecardResult, SuspensionProposal
from suppliers.services import agreements as agreement_services
from suppliers.services import approval as supplier_approval
from suppliers.services import certificates as certificate_services
from suppliers.services import continuity as continuity_services
from suppliers.services import deliveries as delivery_services
from suppliers.services import performance_reviews as performance_review_services
from suppliers.services import portal as profile_change_services
from suppliers.services import reevaluations as evaluation_services
from suppliers.services import register as supplier_services
from suppliers.services import requests as request_services
from suppliers.services import spend as spend_services
from suppliers.services.questionnaires import sent as questionnaire_services
from suppliers.services.scorecards import definitions as scorecard_definitions
from tests.support.legacy_requests import earlier_corrective_action_request

from ..conftest import PASSWORD
from ..feedback.survey_helpers import answers_for as survey_answers_for
from ..feedback.survey_helpers import links_in_outbox as survey_links_in_outbox
from ..feedback.survey_helpers import make_template as make_survey_template
from ..suppliers.questionnaire_helpers import build_template, send


@dataclass
class Side:
    organization: object
    members: dict = field(default_factory=dict)  # role -> membership
    objects: dict = field(default_factory=dict)  # name -> object
    keys: dict = field(default_factory=dict)  # role -> API token key


def survey_objects(organization, manager, party) -> dict:
    """A survey template sent in a campaign to a consenting contact of ``party``, with the
    recipient's link (``survey_link``, a string) as the email carried it."""
    with org_scope(organization):
        contact = Contact.objects.create(
            organization=organization,
            party=party,
            name="Survey respondent",
            email=f"respondent@{organization.slug}.test",
            consent_given_at=timezone.now(),
            consent_method="form",
        )
        unhappy = Contact.objects.create(
            organization=organization,
            party=party,
            name="Unhappy respondent",
            email=f"unhappy@{organization.slug}.test",
            consent_given_at=timezone.now(),
            consent_method="form",
        )
    template = make_survey_template(organization, manager)
    campaign = survey_campaign_services.campaign_create(
        organization=organization,
        actor=manager,
        data={"name": "Survey", "template": template},
    )
    survey_campaign_services.campaign_send(
        organization=organization, actor=manager, campaign=campaign
    )
    survey_campaign_services.emails_send_due(organization=organization)
    links = survey_links_in_outbox(organization)
    # An unhappy answer, whose follow-up closes the loop.
    survey_response = survey_response_services.response_submit(
        organization=organization,
        value=links[unhappy.email],
        answers=survey_answers_for(template, nps=2, csat=1),
    )
    with org_scope(organization):
        section = template.sections.get()
        question = template.questions.order_by("position").first()
    return {
        "survey_response": survey_response,
        "survey_template": template,
        "survey_section": section,
        "survey_question": question,
        "survey_campaign": campaign,
        "survey_link": SurveyLink(links[contact.email]),
    }


class SurveyLink(str):
    """A respondent's link value; ``pk`` lets the routes' helper put it in a URL."""

    @property
    def pk(self):
        return str(self)


def qms_objects(organization, manager) -> dict:
    today = timezone.localdate()
    objective = objective_services.objective_create(
        organization=organization,
        actor=manager,
        data={
            "title": "On time deliveries",
            "kpi": "otif",
            "target": 95,
            "period_start": today.replace(month=1, day=1),
            "period_end": today.replace(month=12, day=31),
            "owner": manager,
        },
    )
    management_review = management_review_services.review_create(
        organization=organization,
        actor=manager,
        data={
            "title": "Management review",
            "meeting_date": today,
            "period_start": today - timedelta(days=180),
            "period_end": today,
            "attendees": "Top management",
        },
    )
    action = management_review_services.action_add(
        organization=organization,
        actor=manager,
        review=management_review,
        description="Train the buyers",
        owner=manager,
        due_date=today + timedelta(days=30),
    )
    with org_scope(organization):
        pack_job = PackJob.objects.create(
            organization=organization,
            kind=PackJob.Kind.EVIDENCE,
            period_start=today - timedelta(days=365),
            period_end=today,
            requested_by=manager,
        )
    return {
        "quality_objective": objective,
        "management_review": management_review,
        "management_review_action": action,
        "pack_job": pack_job,
    }


def build_side(organization, make_member) -> Side:
    side = Side(organization)
    for role in Role:
        side.members[role] = make_member(organization, role)
    target = make_member(organization, Role.MANAGER)
    invitation, _ = services.invitation_create(
        organization=organization,
        actor=side.members[Role.ADMIN].user,
        email=f"invitee@{organization.slug}.test",
        role=Role.MANAGER,
    )
    token, _key = api_services.token_create(
        organization=organization,
        actor=target.user,
        membership=target,
        name="target token",
    )
    for role, membership in side.members.items():
        _t, side.keys[role] = api_services.token_create(
            organization=organization, actor=membership.user, membership=membership, name=role
        )
    with org_scope(organization):
        audit_event = AuditEvent.objects.order_by("seq").first()
        notification = Notification.objects.create(
            organization=organization, user=target.user, kind="test", title="For the target"
        )
        import_job = ImportJob.objects.create(
            organization=organization,
            kind="parties",
            file_name="parties.csv",
            token="not-kept.csv",
            done_url=f"/o/{organization.slug}/parties/",
            requested_by=target.user,
        )
    manager = side.members[Role.MANAGER].user
    party = party_services.party_create(
        organization=organization,
        actor=manager,
        data={"name": f"Party of {organization.slug}", "types": ["customer"], "owner": manager},
    )
    need = party_services.need_create(
        organization=organization, actor=manager, party=party, data={"description": "On time"}
    )
    contact = contact_services.contact_create(
        organization=organization,
        actor=manager,
        party=party,
        data={"name": f"Contact at {organization.slug}", "email": "contact@example.test"},
    )
    interaction = interaction_services.interaction_create(
        organization=organization,
        actor=manager,
        party=party,
        data={
            "occurred_on": date(2026, 1, 15),
            "summary": "Quarterly review",
            "contacts": [contact],
            "members": [manager],
        },
    )
    follow_up = interaction_services.follow_up_create(
        organization=organization,
        actor=manager,
        interaction=interaction,
        data={"description": "Send the minutes", "owner": manager, "due_on": date(2026, 2, 1)},
    )
    review = review_services.review_create(
        organization=organization,
        actor=manager,
        party=party,
        data={
            "reviewed_on": organization_today(organization),
            "reviewer": manager,
            "findings": "Deliveries on time",
            "our_satisfaction": 4,
            "their_satisfaction": 3,
        },
    )
    risk = risk_services.risk_create(
        organization=organization,
        actor=manager,
        party=party,
        data={"description": "Single source", "likelihood": 3, "impact": 4, "owner": manager},
    )
    strategic = party_services.party_create(
        organization=organization,
        actor=manager,
        data={"name": f"Partner of {organization.slug}", "types": ["partner"], "tier": "strategic"},
    )
    plan = plan_services.plan_create(organization=organization, actor=manager, party=strategic)
    with org_scope(organization):
        plan_version = plan.versions.get()
        plan_section = plan_version.sections.order_by("id").first()
    supplier = supplier_services.supplier_create(
        organization=organization,
        actor=manager,
        data={
            "code": "SUP-1",
            "name": f"Supplier of {organization.slug}",
            "categories": ["tooling"],
        },
    )
    supplier_transition = supplier_approval.supplier_transition(
        organization=organization,
        actor=manager,
        supplier=supplier,
        action="evaluate",
        reason="Quote received",
    )
    supplier_approval.supplier_transition(
        organization=organization,
        actor=manager,
        supplier=supplier,
        action="approve",
        reason="Audit passed",
        password=PASSWORD,
    )
    with org_scope(organization):
        supplier.refresh_from_db()
    today = organization_today(organization)
    certificate = certificate_services.certificate_create(
        organization=organization,
        actor=manager,
        supplier=supplier,
        data={
            "type": "iso_9001",
            "issuer": "BSI",
            "number": f"FM {organization.slug}",
            "valid_from": today - timedelta(days=100),
            "valid_to": today + timedelta(days=300),
        },
        upload=ContentFile(certificate_pdf(f"ISO 9001 of {organization.slug}"), name="iso.pdf"),
    )
    delivery = delivery_services.delivery_create(
        organization=organization,
        actor=manager,
        data={
            "supplier": supplier,
            "order_reference": f"PO-{organization.slug}",
            "item": "Bracket",
            "promised_date": date(2026, 1, 10),
            "received_date": date(2026, 1, 12),
            "quantity_ordered": 100,
            "quantity_received": 100,
        },
    )
    questionnaire_template = build_template(organization, manager)
    with org_scope(organization):
        questionnaire_section = questionnaire_template.sections.order_by("position").first()
        questionnaire_question = questionnaire_template.questions.get(kind="file")
    portal_user = side.members[Role.SUPPLIER]
    questionnaire = send(organization, manager, questionnaire_template, portal_user.supplier)
    questionnaire_services.answers_save(
        organization=organization,
        actor=portal_user.user,
        request=questionnaire,
        files={
            questionnaire_question.pk: ContentFile(certificate_pdf("Quality manual"), name="qm.pdf")
        },
    )
    with org_scope(organization):
        questionnaire_answer = questionnaire.answers.get()
    definition = scorecard_definitions.definition_create_default(
        organization=organization, actor=manager
    )
    manual_rating = scorecard_definitions.manual_rating_save(
        organization=organization,
        actor=manager,
        supplier=supplier,
        period_start=date(2026, 1, 1),
        rating=2,
        note="Internal",
    )
    with org_scope(organization):
        suspension_proposal = SuspensionProposal.objects.create(
            organization=organization,
            supplier=supplier,
            period_start=date(2026, 1, 1),
            score=30,
            standing="poor",
            definition=definition,
        )
        recompute_job = RecomputeJob.objects.create(organization=organization, requested_by=manager)
        scorecard_result = ScorecardResult.objects.get(supplier=supplier, period_start="2026-01-01")
    reevaluation = evaluation_services.reevaluation_record(
        organization=organization,
        actor=manager,
        supplier=supplier,
        data={
            "evaluated_on": today,
            "evaluator": manager,
            "certificates": [certificate],
            "decision": "continue",
            "reason": "Still meets the requirements",
        },
    )
    performance_review = performance_review_services.performance_review_create(
        organization=organization,
        actor=manager,
        supplier=supplier,
        data={
            "held_on": today,
            "minutes": "Went through the scorecard",
            "members": [manager],
            "actions": [{"description": "Send the 8D", "owner": manager, "due_on": today}],
        },
    )
    with org_scope(organization):
        review_action = performance_review.actions.get()
    agreement = agreement_services.agreement_create(
        organization=organization,
        actor=manager,
        data={
            "supplier": supplier,
            "contract_reference": f"AG-{organization.slug}",
            "title": "Supply agreement",
            "starts_on": today - timedelta(days=30),
            "ends_on": today + timedelta(days=300),
            "review_on": today + timedelta(days=120),
            "service_levels": [{"measure": "OTIF", "target": 95, "unit": "%"}],
            "disputes": [{"raised_on": today, "description": "Late invoice"}],
        },
    )
    contingency_plan = continuity_services.plan_create(
        organization=organization,
        actor=manager,
        data={
            "title": "Second source for tooling",
            "supplier": supplier,
            "trigger": "Supply stops",
            "actions": "Call the backup",
            "owner": manager,
        },
    )
    complaint = complaint_services.complaint_create(
        organization=organization,
        actor=manager,
        data={
            "party": party,
            "subject": "Scratched housings",
            "description": "Ten arrived scratched.",
            "severity": "high",
        },
        uploads=[ContentFile(certificate_pdf("Photo report"), name="photos.pdf")],
    )
    with org_scope(organization):
        complaint_attachment = complaint.attachments.get()
    survey = survey_objects(organization, manager, party)
    corrective = corrective_action_objects(organization, manager, delivery, complaint)
    supplier_spend = spend_services.spend_create(
        organization=organization,
        actor=manager,
        data={
            "supplier": supplier,
            "category": "tooling",
            "year": organization_today(organization).year - 1,
            "amount": Decimal(1000),
        },
    )
    revenue = revenue_services.revenue_create(
        organization=organization,
        actor=manager,
        data={"party": party, "period_start": date(2026, 1, 1), "amount": Decimal(100)},
    )
    side.objects = {
        **survey,
        **qms_objects(organization, manager),
        **corrective,
        **portal_objects(organization, side.members[Role.SUPPLIER], manager),
        "membership": target,
        "invitation": invitation,
        "token": token,
        "audit_event": audit_event,
        "notification": notification,
        "import_job": import_job,
        "party": party,
        "need": need,
        "contact": contact,
        "interaction": interaction,
        "follow_up": follow_up,
        "review": review,
        "risk": risk,
        "plan": plan,
        "plan_version": plan_version,
        "plan_section": plan_section,
        "supplier": supplier,
        "supplier_transition": supplier_transition,
        "certificate": certificate,
        "delivery": delivery,
        "revenue": revenue,
        "questionnaire_template": questionnaire_template,
        "questionnaire_section": questionnaire_section,
        "questionnaire_question": questionnaire_question,
        "questionnaire": questionnaire,
        "questionnaire_answer": questionnaire_answer,
        "suspension_proposal": suspension_proposal,
        "recompute_job": recompute_job,
        "scorecard_definition": definition,
        "scorecard_result": scorecard_result,
        "manual_rating": manual_rating,
        "reevaluation": reevaluation,
        "performance_review": performance_review,
        "review_action": review_action,
        "agreement": agreement,
        "contingency_plan": contingency_plan,
        "supplier_spend": supplier_spend,
        "complaint": complaint,
        "complaint_attachment": complaint_attachment,
        "organization": organization,
    }
    return side


def corrective_action_objects(organization, manager, delivery, complaint) -> dict:
    """A nonconformity of the delivery and the complaint with an evidence file, and its
    corrective action with an action, a why, a fishbone cause and an evidence file."""
    today = organization_today(organization)
    nonconformity = nc_services.nonconformity_create(
        organization=organization,
        actor=manager,
        data={
            "title": "Burrs on brackets",
            "occurred_on": today,
            "delivery": delivery,
            "complaint": complaint,
        },
        uploads=[ContentFile(certificate_pdf("Inspection report"), name="report.pdf")],
    )
    action = ca_services.ca_from_nonconformity(
        organization=organization, actor=manager, nonconformity=nonconformity
    )
    step = ca_services.step_add(
        organization=organization,
        actor=manager,
        corrective_action=action,
        data={"description": "Replace the die", "owner": manager, "due_on": today},
    )
    why = root_cause_services.why_add(
        organization=organization, actor=manager, analysis=action.analysis, why="Why burrs?"
    )
    cause = root_cause_services.cause_add(
        organization=organization,
        actor=manager,
        analysis=action.analysis,
        category="machine",
        cause="Worn die",
    )
    ca_services.attachment_add(
        organization=organization,
        actor=manager,
        corrective_action=action,
        uploads=[ContentFile(certificate_pdf("Work order"), name="work-order.pdf")],
    )
    with org_scope(organization):
        return {
            "nonconformity": nonconformity,
            "nonconformity_attachment": nonconformity.attachments.get(),
            "corrective_action": action,
            "corrective_action_attachment": action.attachments.get(),
            "action_step": step,
            "why_step": why,
            "fishbone_cause": cause,
        }


def portal_objects(organization, portal_member, manager) -> dict:
    """One of each portal record of the portal member's supplier: a contact, a certificate
    it uploaded (pending), a request it answered with a file, a pending proposal, a
    questionnaire answered with a file, and a notification of its portal user."""
    supplier = portal_member.supplier
    user = portal_member.user
    contact = contact_services.contact_create(
        organization=organization,
        actor=manager,
        party=supplier.party,
        data={"name": f"Buyer contact at {supplier.code}", "email": "sales@example.test"},
    )
    today = organization_today(organization)
    certificate = certificate_services.certificate_upload_by_supplier(
        organization=organization,
        actor=user,
        supplier=supplier,
        data={
            "type": "iso_14001",
            "issuer": "TÜV",
            "number": f"EM {supplier.code}",
            "valid_from": today - timedelta(days=10),
            "valid_to": today + timedelta(days=700),
        },
        upload=ContentFile(certificate_pdf("ISO 14001"), name="iso14001.pdf"),
    )
    # A corrective action request raised before the 8D: still listed and read.
    request = earlier_corrective_action_request(
        organization=organization,
        actor=manager,
        supplier=supplier,
        data={
            "subject": f"Burrs on brackets ({organization.slug})",
            "description": "Find the root cause.",
            "internal_note": "Second time this year.",
            "due_date": today + timedelta(days=14),
        },
    )
    request = request_services.request_respond(
        organization=organization,
        actor=user,
        request=request,
        response="Deburring step added.",
        upload=ContentFile(certificate_pdf("8D report"), name="8d.pdf"),
    )
    change = profile_change_services.profile_change_propose(
        organization=organization,
        actor=user,
        supplier=supplier,
        kind="address",
        data={"address": f"1 New Street, {organization.slug}"},
    )
    template = build_template(organization, manager, name=f"Self-assessment of {supplier.code}")
    with org_scope(organization):
        file_question = template.questions.get(kind="file")
    questionnaire = send(organization, manager, template, supplier)
    questionnaire_services.answers_save(
        organization=organization,
        actor=user,
        request=questionnaire,
        files={file_question.pk: ContentFile(certificate_pdf("Quality manual"), name="qm.pdf")},
    )
    # An 8D asked of the supplier: D1 answered with a file, a why and a cause in D4's analysis.
    scar = scar_services.scar_issue(
        organization=organization,
        actor=manager,
        supplier=supplier,
        data={"title": "Burrs on brackets", "description": "Lot 4411", "internal_note": "Watch"},
    )
    scar_services.step_submit(
        organization=organization,
        actor=user,
        scar=scar,
        discipline=1,
        answer="Quality lead and press operator.",
        uploads=[ContentFile(certificate_pdf("Team"), name="team.pdf")],
    )
    scar_why = root_cause_services.why_add(
        organization=organization, actor=manager, analysis=scar.analysis, why="Why burrs?"
    )
    scar_cause = root_cause_services.cause_add(
        organization=organization,
        actor=manager,
        analysis=scar.analysis,
        category="machine",
        cause="Worn die",
    )
    with org_scope(organization):
        scar_attachment = scar.attachments.get()
        questionnaire_answer = questionnaire.answers.get()
        notification = Notification.objects.create(
            organization=organization,
            user=user,
            kind="test",
            title=f"For the portal user of {supplier.code}",
            url=f"/portal/{organization.slug}/requests/{request.pk}/",
            # Read already: the suite's "read all" by this user then changes nothing.
            read_at=timezone.now(),
        )
    return {
        "portal_contact": contact,
        "portal_certificate": certificate,
        "portal_request": request,
        "profile_change": change,
        "questionnaire": questionnaire,
        "questionnaire_answer": questionnaire_answer,
        "portal_notification": notification,
        "scar": scar,
        "scar_attachment": scar_attachment,
        "scar_why": scar_why,
        "scar_cause": scar_cause,
    }


def snapshot() -> dict:
    """Row counts of every table, and the audit trail's length: equal means nothing changed.
    The auditors' access log is left out: an auditor's reading is logged by design."""
    with scopes_disabled():
        counts = {
            model._meta.label: model._base_manager.count()
            for model in apps.get_models()
            # The security log records the refusals themselves; the access log records
            # every read of an auditor.
            if model._meta.label
            not in {"sessions.Session", "audit.SecurityEvent", "tenancy.AuditorAccess"}
        }
        counts["audit events"] = AuditEvent.objects.count()
        counts["memberships by role"] = sorted(
            apps.get_model("tenancy", "Membership")
            ._base_manager.values_list("id", "role", "expires_at")
            .order_by("id")
        )
        counts["organisations suspended"] = sorted(
            apps.get_model("tenancy", "Organization")
            ._base_manager.filter(suspended_at__isnull=False)
            .values_list("id", flat=True)
        )
        counts["notifications read"] = Notification.objects.filter(read_at__isnull=False).count()
        counts["tokens revoked"] = (
            apps.get_model("api", "ApiToken")._base_manager.filter(revoked_at__isnull=False).count()
        )
    return counts
