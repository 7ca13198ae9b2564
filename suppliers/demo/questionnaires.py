"""Demo questionnaires: a supplier self-assessment (quality system, delivery, environment;
every kind of question), sent to four suppliers: Fabrikam Steel answered it through the
portal (``supplier3@<slug>.example``) and it was accepted with a score well over a year
ago, before its 2025 re-evaluation; Tailspin Logistics (``supplier4@<slug>.example``)
submitted and waits for review; Northwind Castings (the supplier of
``supplier@<slug>.example``) has it open, and Adatum Calibration is overdue. Seeded once:
an organisation that has the template is left as it is."""

from datetime import timedelta

from django.core.files.base import ContentFile

from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import register
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import (
    QuestionnaireEvent,
    QuestionnaireRequest,
    QuestionnaireTemplate,
    Supplier,
)
from suppliers.services.questionnaires import sent as services
from suppliers.services.questionnaires import templates

NAME = "Supplier self-assessment"

SECTIONS = [
    {
        "title": "Quality management system",
        "description": "How you assure the quality of what you deliver (ISO 9001 8.4.2).",
        "questions": [
            {
                "text": "Is your quality management system certified to ISO 9001?",
                "kind": "yes_no",
                "weight": 3,
            },
            {
                "text": "How mature is your control of nonconforming product?",
                "help_text": "1 = ad hoc, 5 = documented, measured and improved.",
                "kind": "scale",
                "scale_min": 1,
                "scale_max": 5,
                "weight": 2,
            },
            {
                "text": "How do you answer a corrective action request?",
                "kind": "choice",
                "options": [
                    {"label": "8D report within 10 working days", "points": 10},
                    {"label": "Own format, root cause and actions", "points": 6},
                    {"label": "Case by case", "points": 0},
                ],
                "weight": 2,
            },
            {
                "text": "Upload your current quality manual or process map.",
                "kind": "file",
                "required": False,
                "scored": False,
            },
        ],
    },
    {
        "title": "Delivery and capacity",
        "questions": [
            {
                "text": "How do you plan production capacity?",
                "kind": "choice",
                "options": [
                    {"label": "ERP with capacity planning", "points": 10},
                    {"label": "Spreadsheets reviewed weekly", "points": 5},
                    {"label": "Not formally planned", "points": 0},
                ],
                "weight": 2,
            },
            {
                "text": "Describe your contingency plan if your main site stops.",
                "kind": "text",
                "weight": 2,
            },
        ],
    },
    {
        "title": "Environment",
        "questions": [
            {
                "text": "Is your environmental management certified to ISO 14001?",
                "kind": "yes_no",
                "weight": 1,
            },
            {
                "text": "How would you rate your control of hazardous substances (REACH, RoHS)?",
                "kind": "scale",
                "scale_min": 1,
                "scale_max": 5,
                "weight": 1,
            },
        ],
    },
]

ANSWERS = {
    "SUP-003": {
        "Is your quality management system certified to ISO 9001?": True,
        "How mature is your control of nonconforming product?": 4,
        "How do you answer a corrective action request?": "8D report within 10 working days",
        "How do you plan production capacity?": "ERP with capacity planning",
        "Describe your contingency plan if your main site stops.": (
            "Second melt shop in Rotherham qualified for all grades; four weeks of stock."
        ),
        "Is your environmental management certified to ISO 14001?": True,
        "How would you rate your control of hazardous substances (REACH, RoHS)?": 4,
    },
    "SUP-005": {
        "Is your quality management system certified to ISO 9001?": True,
        "How mature is your control of nonconforming product?": 3,
        "How do you answer a corrective action request?": "Own format, root cause and actions",
        "How do you plan production capacity?": "Spreadsheets reviewed weekly",
        "Describe your contingency plan if your main site stops.": (
            "Subcontracted hauliers on call; no second depot yet."
        ),
        "Is your environmental management certified to ISO 14001?": False,
        "How would you rate your control of hazardous substances (REACH, RoHS)?": 3,
    },
}


# Fabrikam's answers were accepted this many days ago (its re-evaluation of 2025 cites them).
ACCEPTED_DAYS_AGO = 420


def _portal_user(organization, supplier):
    membership = (
        Membership.objects.filter(organization=organization, role=Role.SUPPLIER, supplier=supplier)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _move_back(request, days: int) -> None:
    """Fabrikam answered the questionnaire of a past year: its dates move back ``days``."""
    shift = timedelta(days=days)
    request.refresh_from_db()
    QuestionnaireRequest.objects.filter(pk=request.pk).update(
        sent_at=request.sent_at - shift - timedelta(days=21),
        due_date=request.due_date - shift,
        submitted_at=request.submitted_at - shift - timedelta(days=5),
        reviewed_at=request.reviewed_at - shift,
    )
    for event in QuestionnaireEvent.objects.filter(request=request):
        back = shift + timedelta(days={"sent": 21, "submitted": 5}.get(event.action, 0))
        QuestionnaireEvent.objects.filter(pk=event.pk).update(occurred_at=event.occurred_at - back)


@register
def seed(organization):
    if QuestionnaireTemplate.objects.filter(name=NAME).exists():
        return
    manager = (
        Membership.objects.filter(organization=organization, role=Role.MANAGER)
        .select_related("user")
        .first()
    )
    actor = manager.user if manager else None
    suppliers = {
        s.code: s for s in Supplier.objects.filter(code__in=[*ANSWERS, "SUP-001", "SUP-006"])
    }
    if len(suppliers) < 4 or actor is None:
        return
    template = templates.template_create(
        organization=organization,
        actor=actor,
        data={
            "name": NAME,
            "description": "Once a year, and before approval. Answer for the site that "
            "supplies us; attach evidence where you have it.",
            "sections": SECTIONS,
        },
    )
    today = organization_today(organization)
    codes = ["SUP-003", "SUP-005", "SUP-001", "SUP-006"]
    sent = services.questionnaire_send(
        organization=organization,
        actor=actor,
        template=template,
        suppliers=[suppliers[code] for code in codes],
        due_date=today + timedelta(days=21),
        message="Our yearly supplier self-assessment: please answer by the due date.",
    )
    requests = {request.supplier.code: request for request in sent}
    questions = {question.text: question for question in template.questions.all()}
    for code, answers in ANSWERS.items():
        manual = questions["Upload your current quality manual or process map."]
        portal_user = _portal_user(organization, suppliers[code])
        services.answers_save(
            organization=organization,
            # The supplier's own portal user answers (a member types them in only when the
            # supplier has no portal login).
            actor=portal_user or actor,
            request=requests[code],
            values={questions[text].pk: value for text, value in answers.items()},
            files={
                manual.pk: ContentFile(
                    certificate_pdf("Quality manual", [f"{suppliers[code].name}"]),
                    name="Quality manual.pdf",
                )
            },
            submit=True,
            on_behalf=portal_user is None,
        )
    contingency = questions["Describe your contingency plan if your main site stops."]
    services.questionnaire_review(
        organization=organization,
        actor=actor,
        request=requests["SUP-003"],
        decision="accept",
        points={contingency.pk: 90},
        comments="Thank you: a thorough self-assessment.",
        internal_notes="Matches what we saw at the 2025 audit.",
    )
    _move_back(requests["SUP-003"], ACCEPTED_DAYS_AGO)
    # Adatum has let it run over: sent five weeks ago, due ten days ago.
    overdue = requests["SUP-006"]
    QuestionnaireRequest.objects.filter(pk=overdue.pk).update(
        due_date=today - timedelta(days=10), sent_at=overdue.sent_at - timedelta(days=35)
    )
    overdue.refresh_from_db()
    services.schedule_due_reminder(organization=organization, request=overdue, today=today)
