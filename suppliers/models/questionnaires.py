"""Supplier questionnaires (ISO 9001 8.4.1, 8.4.2): templates of sections and questions,
sent to suppliers with a due date, answered in the portal, reviewed and scored.

A template is frozen once it has been sent (``frozen_at``): what a supplier answers never
changes under it. Editing a frozen template means starting its next version, a copy that
is free to change until it is sent in turn.

The scoring rule: every scored question earns 0 to 100 points (yes 100, no 0; a scale
answer by where it lies between its ends; a choice by its option's points over the best
option's; text and file questions as the reviewer judges), and the questionnaire's score
is the weighted mean of those points over every scored question, unanswered ones earning
0. The score is set when the reviewer accepts the answers; until then it is NULL.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from relmgmt.core.models import TenantModel

SCORE = {"max_digits": 5, "decimal_places": 1}


class QuestionnaireTemplate(TenantModel):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Shown to the supplier above the form.")
    version = models.PositiveIntegerField(default=1, editable=False)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The version this one was made from.",
    )
    frozen_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it was first sent; from then on it never changes.",
    )

    class Meta(TenantModel.Meta):
        ordering = ["name", "-version"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "name", "version"], name="qtemplate_org_name_version_uniq"
            ),
        ]
        indexes = [models.Index(fields=["organization", "name"], name="qtemplate_org_name_idx")]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class QuestionnaireSection(TenantModel):
    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["template_id", "position", "id"]
        indexes = [
            models.Index(
                fields=["organization", "template", "position"], name="qsection_org_tpl_idx"
            )
        ]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", "Yes or no"
    SCALE = "scale", "Scale"
    CHOICE = "choice", "Single choice"
    TEXT = "text", "Text"
    FILE = "file", "File"


# Kinds whose points the reviewer gives; the others are scored from the answer.
MANUALLY_SCORED_KINDS = (QuestionKind.TEXT, QuestionKind.FILE)


class Question(TenantModel):
    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        QuestionnaireSection, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(default=0, editable=False)
    text = models.CharField("question", max_length=500)
    help_text = models.CharField("guidance", max_length=500, blank=True)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(default=True)
    scored = models.BooleanField(default=True)
    weight = models.PositiveIntegerField(default=1, help_text="Its share of the score.")
    scale_min = models.IntegerField(null=True, blank=True)
    scale_max = models.IntegerField(null=True, blank=True)
    # A single choice's options, in order: [{"label": "...", "points": 0..100}, ...]
    options = models.JSONField(default=list, blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["section__position", "section_id", "position", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True)
                | Q(scale_max__isnull=True)
                | Q(scale_max__gt=models.F("scale_min")),
                name="question_scale_max_above_min",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "section", "position"], name="question_org_section_idx"
            ),
            models.Index(fields=["organization", "template"], name="question_org_tpl_idx"),
        ]

    def __str__(self):
        return self.text

    @property
    def is_manually_scored(self) -> bool:
        return self.scored and self.kind in MANUALLY_SCORED_KINDS

    @property
    def option_labels(self) -> list[str]:
        return [option["label"] for option in self.options]


class RequestStatus(models.TextChoices):
    SENT = "sent", "Sent"
    DRAFT = "draft", "Draft saved by the supplier"
    SUBMITTED = "submitted", "Submitted for review"
    RETURNED = "returned", "Returned with comments"
    ACCEPTED = "accepted", "Accepted"
    CANCELLED = "cancelled", "Cancelled"


# The supplier may answer while the questionnaire is in one of these.
OPEN_STATUSES = (RequestStatus.SENT, RequestStatus.DRAFT, RequestStatus.RETURNED)


class QuestionnaireRequest(TenantModel):
    """A template (one frozen version) sent to one supplier, its answers and its review.

    For the scorecard: an accepted request's ``(organization, supplier, score, reviewed_at)``
    is the supplier's questionnaire result (``suppliers.selectors.questionnaires.reviewed_scores``).
    """

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="questionnaires"
    )
    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.PROTECT, related_name="requests"
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.SENT, editable=False
    )
    message = models.TextField(blank=True, help_text="Shown to the supplier with the questions.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    sent_at = models.DateTimeField(editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # What the reviewer tells the supplier when returning the answers (the supplier sees it).
    review_comments = models.TextField(blank=True, editable=False)
    # The buyer's own notes on the review: never shown in the portal.
    internal_notes = models.TextField(blank=True, editable=False)
    score = models.DecimalField(null=True, blank=True, editable=False, **SCORE)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["-sent_at", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="qrequest_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(status="accepted", score__isnull=False, reviewed_at__isnull=False)
                | (~Q(status="accepted") & Q(score__isnull=True)),
                name="qrequest_score_iff_accepted",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "supplier", "status"], name="qrequest_org_sup_status_idx"
            ),
            models.Index(
                fields=["organization", "status", "due_date"], name="qrequest_org_due_idx"
            ),
            # The scorecard's read: a supplier's reviewed scores over a period.
            models.Index(
                fields=["organization", "supplier", "reviewed_at"], name="qrequest_org_reviewed_idx"
            ),
            models.Index(fields=["organization", "sent_at"], name="qrequest_org_sent_idx"),
        ]

    def __str__(self):
        return f"{self.template.name} for {self.supplier.code}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def answer_upload_to(answer, filename: str) -> str:
    """``<organisation>/suppliers/<supplier>/questionnaires/<request>/<random name>``."""
    return (
        f"{int(answer.organization_id)}/suppliers/{int(answer.request.supplier_id)}"
        f"/questionnaires/{int(answer.request_id)}/{filename}"
    )


class QuestionnaireAnswer(TenantModel):
    request = models.ForeignKey(
        QuestionnaireRequest, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # yes/no: true or false; scale: an integer; choice: the option's label; text: a string.
    value = models.JSONField(null=True, blank=True)
    file = models.FileField(upload_to=answer_upload_to, max_length=255, blank=True, editable=False)
    original_name = models.CharField(max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The reviewer's points for a text or file question (0-100).
    reviewer_points = models.DecimalField(null=True, blank=True, editable=False, **SCORE)

    class Meta(TenantModel.Meta):
        ordering = ["question__section__position", "question__position", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "request", "question"], name="qanswer_org_req_q_uniq"
            ),
        ]

    def __str__(self):
        return f"Answer to {self.question_id}"

    @property
    def is_answered(self) -> bool:
        if self.question.kind == QuestionKind.FILE:
            return bool(self.file)
        return self.value not in (None, "")


class QuestionnaireEvent(TenantModel):
    """One step of a sent questionnaire: sent, submitted, returned (with the comments the
    supplier saw), accepted (with the score), cancelled. The rounds of return and resubmit
    stay readable here; every answer's earlier values are in the audit trail."""

    class Action(models.TextChoices):
        SENT = "sent", "Sent"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned with comments"
        ACCEPTED = "accepted", "Accepted"
        CANCELLED = "cancelled", "Cancelled"

    request = models.ForeignKey(
        QuestionnaireRequest, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    comment = models.TextField(blank=True)
    score = models.DecimalField(null=True, blank=True, **SCORE)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField()

    class Meta(TenantModel.Meta):
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(
                fields=["organization", "request", "occurred_at"], name="qevent_org_req_idx"
            )
        ]

    def __str__(self):
        return self.get_action_display()
