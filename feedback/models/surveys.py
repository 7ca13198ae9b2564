"""Satisfaction surveys (ISO 9001 9.1.2): templates of sections and questions, campaigns
sent to the contacts of parties chosen by a filter over the register, each recipient's
personal link, their answers, and the follow-up an unhappy answer opens.

A template is frozen once a campaign using it is sent (``frozen_at``); changing it means
starting its next version. A campaign is frozen when sent: its audience is then the list of
its recipients, each with a link made of a random token of which only the SHA-256 is kept.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from feedback.models.complaints import Category
from relmgmt.core.models import OperationalTenantModel, TenantModel


class SurveyTemplate(TenantModel):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Shown to the respondent above the form.")
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
                fields=["organization", "name", "version"], name="stemplate_org_name_version_uniq"
            ),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class SurveySection(TenantModel):
    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["template_id", "position", "id"]
        indexes = [
            models.Index(
                fields=["organization", "template", "position"], name="ssection_org_tpl_idx"
            )
        ]

    def __str__(self):
        return self.title


class SurveyQuestionKind(models.TextChoices):
    NPS = "nps", "Net Promoter Score (0-10)"
    CSAT = "csat", "Satisfaction, CSAT (1-5)"
    EFFORT = "effort", "Customer effort (1-7)"
    SCALE = "scale", "Scale"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    YES_NO = "yes_no", "Yes or no"
    TEXT = "text", "Free text"


# The fixed range of each rated kind; a scale question gives its own.
FIXED_RANGES = {
    SurveyQuestionKind.NPS: (0, 10),
    SurveyQuestionKind.CSAT: (1, 5),
    SurveyQuestionKind.EFFORT: (1, 7),
}
NUMERIC_KINDS = (*FIXED_RANGES, SurveyQuestionKind.SCALE)
CHOICE_KINDS = (SurveyQuestionKind.SINGLE, SurveyQuestionKind.MULTIPLE)
MAX_TEXT_ANSWER = 5000


class SurveyQuestion(TenantModel):
    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(SurveySection, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0, editable=False)
    text = models.CharField("question", max_length=500)
    help_text = models.CharField("guidance", max_length=500, blank=True)
    kind = models.CharField(max_length=10, choices=SurveyQuestionKind.choices)
    required = models.BooleanField(default=True)
    scale_min = models.IntegerField(null=True, blank=True)
    scale_max = models.IntegerField(null=True, blank=True)
    # A choice question's option labels, in order.
    options = models.JSONField(default=list, blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["section__position", "section_id", "position", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True)
                | Q(scale_max__isnull=True)
                | Q(scale_max__gt=models.F("scale_min")),
                name="squestion_scale_max_above_min",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "section", "position"], name="squestion_org_section_idx"
            ),
            models.Index(fields=["organization", "template"], name="squestion_org_tpl_idx"),
        ]

    def __str__(self):
        return self.text

    @property
    def range(self) -> tuple[int, int] | None:
        if self.kind in FIXED_RANGES:
            return FIXED_RANGES[SurveyQuestionKind(self.kind)]
        if self.kind == SurveyQuestionKind.SCALE and self.scale_min is not None:
            return (self.scale_min, self.scale_max or self.scale_min)
        return None


class Recurrence(models.TextChoices):
    NONE = "", "Once"
    QUARTERLY = "quarterly", "Every quarter"
    YEARLY = "yearly", "Every year"


class SurveyCampaign(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="campaigns")
    # The audience filter over the register: {"types": [...], "tiers": [...], "tag": "",
    # "owner": <user id> | None}; only contacts who consented and have an email are asked.
    audience = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True, help_text="Shown in the email above the link.")
    days_open = models.PositiveSmallIntegerField(
        default=30, help_text="Days the personal links stay valid after sending."
    )
    remind_after_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days before a reminder goes to those who have not answered."
    )
    max_reminders = models.PositiveSmallIntegerField(
        default=2, help_text="At most this many reminders to each recipient (0 for none)."
    )
    recurrence = models.CharField(max_length=10, choices=Recurrence.choices, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    closes_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # A recurring campaign's earlier run it was repeated from.
    repeated_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta(TenantModel.Meta):
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "sent_at"], name="scampaign_org_idx")
        ]

    def __str__(self):
        return self.name


class SurveyRecipient(TenantModel):
    class State(models.TextChoices):
        SENT = "sent", "Sent"
        BOUNCED = "bounced", "Bounced"
        ANSWERED = "answered", "Answered"
        OPTED_OUT = "opted_out", "Opted out"

    campaign = models.ForeignKey(
        SurveyCampaign, on_delete=models.CASCADE, related_name="recipients"
    )
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("parties.Contact", on_delete=models.PROTECT, related_name="+")
    # SHA-256 of the random token in the personal link; the token itself is never stored.
    token_hash = models.CharField(max_length=64, editable=False)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.SENT, editable=False
    )
    expires_at = models.DateTimeField(editable=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    opted_out_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["campaign_id", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "token_hash"], name="srecipient_org_token_uniq"
            ),
            models.UniqueConstraint(
                fields=["organization", "campaign", "contact"], name="srecipient_org_contact_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "campaign", "state"], name="srecipient_org_idx")
        ]

    def __str__(self):
        return f"Recipient {self.pk} of campaign {self.campaign_id}"


class SurveyEmail(OperationalTenantModel):
    """The outbox of a campaign's emails: one row per invitation or reminder, written in the
    transaction that decides it and sent by the dispatcher, which claims a row before sending
    it (so none is lost if the worker dies and none goes out twice)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    recipient = models.ForeignKey(SurveyRecipient, on_delete=models.CASCADE, related_name="emails")
    # 0 is the invitation, 1..M the reminders.
    sequence = models.PositiveSmallIntegerField()
    send_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta(OperationalTenantModel.Meta):
        constraints = [
            *OperationalTenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "recipient", "sequence"], name="semail_org_seq_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "send_at"], name="semail_due_idx")
        ]


class SurveyResponse(TenantModel):
    """One recipient's submitted answers (at most one per recipient)."""

    recipient = models.ForeignKey(
        SurveyRecipient, on_delete=models.PROTECT, related_name="responses"
    )
    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.PROTECT, related_name="responses")
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="responses")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    interaction = models.ForeignKey(
        "parties.Interaction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    follow_up = models.ForeignKey(
        "parties.FollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why a follow-up was opened (the answer at or below the threshold), for the loop count.
    follow_up_reason = models.CharField(max_length=200, blank=True)
    # Closing the loop on an unhappy answer: the contact made, the cause, the outcome, and
    # the complaint raised from the answer if any.
    loop_contact = models.TextField("contact made", blank=True)
    loop_cause = models.CharField("cause", max_length=20, choices=Category.choices, blank=True)
    loop_outcome = models.TextField("outcome", blank=True)
    loop_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    loop_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    complaint = models.ForeignKey(
        "feedback.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta(TenantModel.Meta):
        ordering = ["-submitted_at", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "recipient"], name="sresponse_org_recipient_uniq"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "campaign", "submitted_at"], name="sresponse_org_idx"
            ),
            models.Index(fields=["organization", "submitted_at"], name="sresponse_org_time_idx"),
        ]

    def __str__(self):
        return f"Survey response {self.pk}"


class SurveyAnswer(TenantModel):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    # Copied from the question and response so results group without joins.
    kind = models.CharField(max_length=10, choices=SurveyQuestionKind.choices)
    submitted_at = models.DateTimeField()
    # A rated kind or yes/no (1 yes, 0 no): the number; choices: the labels; text: the text.
    number = models.IntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["response_id", "question__section__position", "question__position"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "response", "question"], name="sanswer_org_resp_q_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "kind", "submitted_at"], name="sanswer_kind_idx"),
            models.Index(fields=["organization", "question"], name="sanswer_org_q_idx"),
        ]

    def __str__(self):
        return f"Answer to {self.question_id}"
