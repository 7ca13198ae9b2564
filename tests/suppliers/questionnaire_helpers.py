"""A questionnaire of every kind of question, built through the services, for the tests."""

from datetime import timedelta

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.services.questionnaires import sent as services
from suppliers.services.questionnaires import templates

# Weights 1 + 2 + 1 + 1(text, scored) + 1(file, not scored) + choice 3 -> scored weight 8.
SECTIONS = [
    {
        "title": "Quality system",
        "questions": [
            {"text": "Do you hold ISO 9001 certification?", "kind": "yes_no", "weight": 1},
            {
                "text": "How mature is your control of nonconforming product?",
                "kind": "scale",
                "scale_min": 1,
                "scale_max": 5,
                "weight": 2,
            },
        ],
    },
    {
        "title": "Delivery",
        "questions": [
            {
                "text": "How do you plan capacity?",
                "kind": "choice",
                "options": [
                    {"label": "ERP with MRP", "points": 10},
                    {"label": "Spreadsheets", "points": 5},
                    {"label": "Not planned", "points": 0},
                ],
                "weight": 3,
            },
            {"text": "Describe your contingency plan.", "kind": "text", "weight": 1},
            {
                "text": "Upload your quality manual.",
                "kind": "file",
                "scored": False,
                "required": False,
            },
        ],
    },
]


def build_template(organization, actor, name="Supplier self-assessment"):
    return templates.template_create(
        organization=organization,
        actor=actor,
        data={"name": name, "description": "Once a year", "sections": SECTIONS},
    )


def questions_by_kind(template) -> dict:
    with org_scope(template.organization_id):
        return {question.kind: question for question in template.questions.all()}


def send(organization, actor, template, supplier, days=14):
    (request,) = services.questionnaire_send(
        organization=organization,
        actor=actor,
        template=template,
        suppliers=[supplier],
        due_date=organization_today(organization) + timedelta(days=days),
    )
    return request


def full_answers(template) -> dict:
    q = questions_by_kind(template)
    return {
        q["yes_no"].pk: "yes",
        q["scale"].pk: "4",
        q["choice"].pk: "Spreadsheets",
        q["text"].pk: "Second source qualified for every critical part.",
    }
