"""Corrective actions (ISO 9001 10.2): the problem, its containment, the decision whether
action is needed, the root cause analysis, the actions taken (owner, due date, status,
evidence), the verification that they were done, the check some days later that they
worked (by someone other than the owner), and the signed closure.

A check that finds the actions did not work ends the cycle as not effective and opens the
next cycle, a new corrective action linked to this one (``previous``). The allowed moves
are in ``corrective_actions.services.corrective_actions``; each is a
``CorrectiveActionEvent``.
"""

from django.conf import settings
from django.db import models

from corrective_actions.models.common import Category, Severity
from corrective_actions.models.nonconformities import Nonconformity
from corrective_actions.models.root_cause import RootCauseAnalysis
from relmgmt.core.models import TenantModel


class CaSource(models.TextChoices):
    NONCONFORMITY = "nonconformity", "Nonconformity"
    COMPLAINT = "complaint", "Customer complaint"
    AUDIT_FINDING = "audit_finding", "Audit finding"
    RISK = "risk", "Risk"
    SURVEY_ANSWER = "survey_answer", "Survey answer"
    PREVIOUS_CYCLE = "previous_cycle", "Not effective before"
    OTHER = "other", "Other"


class CaState(models.TextChoices):
    OPEN = "open", "Open"
    ANALYSIS = "analysis", "Root cause analysis"
    IMPLEMENTATION = "implementation", "Actions under way"
    EFFECTIVENESS_CHECK = "effectiveness_check", "Awaiting effectiveness check"
    EFFECTIVE = "effective", "Effective, awaiting closure"
    CLOSED = "closed", "Closed"
    NOT_EFFECTIVE = "not_effective", "Not effective (next cycle opened)"
    NO_ACTION = "no_action", "No action needed"
    CANCELLED = "cancelled", "Cancelled"


CA_OPEN_STATES = (
    CaState.OPEN,
    CaState.ANALYSIS,
    CaState.IMPLEMENTATION,
    CaState.EFFECTIVENESS_CHECK,
    CaState.EFFECTIVE,
)
CA_FINAL_STATES = (CaState.CLOSED, CaState.NOT_EFFECTIVE, CaState.NO_ACTION, CaState.CANCELLED)


class CorrectiveAction(TenantModel):
    reference = models.CharField(max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    source = models.CharField(max_length=20, choices=CaSource.choices, default=CaSource.OTHER)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.PRODUCT)
    severity = models.CharField(max_length=20, choices=Severity.choices, default=Severity.MEDIUM)
    title = models.CharField(max_length=200)
    problem_statement = models.TextField(max_length=20000)
    containment = models.TextField("containment actions", blank=True, max_length=20000)
    source_reference = models.CharField(
        "audit finding or risk",
        max_length=200,
        blank=True,
        help_text="For an audit finding: its reference (the audit and the finding's number).",
    )
    # Opened from a risk or opportunity of the register (6.1), or from a survey answer whose
    # loop was closed; kept (emptied) if that record goes, the reference above staying.
    risk = models.ForeignKey(
        "parties.Risk",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="risk or opportunity",
    )
    survey_response = models.ForeignKey(
        "feedback.SurveyResponse",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="survey answer",
    )
    nonconformity = models.ForeignKey(
        Nonconformity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrective_actions",
    )
    complaint = models.ForeignKey(
        "feedback.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    party = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_cycles",
        editable=False,
    )
    cycle = models.PositiveSmallIntegerField(default=1, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    analysis = models.ForeignKey(
        RootCauseAnalysis, on_delete=models.PROTECT, related_name="+", editable=False
    )
    state = models.CharField(
        max_length=30, choices=CaState.choices, default=CaState.OPEN, editable=False
    )
    # 10.2.1 b: is action needed to stop it recurring, and why (not).
    action_needed = models.BooleanField(null=True, editable=False)
    decision_note = models.TextField(blank=True, max_length=20000, editable=False)
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    verification_note = models.TextField(blank=True, max_length=20000, editable=False)
    effectiveness_due_on = models.DateField(null=True, blank=True, editable=False)
    effectiveness_criterion = models.TextField(
        blank=True, max_length=20000, help_text="What will show the actions worked."
    )
    effectiveness_result = models.TextField(blank=True, max_length=20000, editable=False)
    effectiveness_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    effectiveness_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # 10.2.1 e, f: what changed in the risks and opportunities, and in the QMS.
    risks_updated = models.TextField(
        "risks and opportunities updated", blank=True, max_length=20000
    )
    qms_changes = models.TextField("changes to the QMS", blank=True, max_length=20000)
    opened_at = models.DateTimeField(editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    closure_signature = models.ForeignKey(
        "audit.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(TenantModel.Meta):
        ordering = ["-opened_at", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="ca_org_number_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "opened_at", "id"], name="ca_org_opened_idx"),
            models.Index(fields=["organization", "state", "opened_at"], name="ca_org_state_idx"),
            models.Index(fields=["organization", "risk"], name="ca_org_risk_idx"),
            models.Index(fields=["organization", "survey_response"], name="ca_org_survey_idx"),
            # Recurrence: the same category with the same party or supplier, in the twelve
            # months before. With the time last, the look-up seeks those months; without it
            # a database walks every corrective action of the year, for each row flagged.
            models.Index(
                fields=["organization", "category", "party", "opened_at"],
                name="ca_org_cat_party_opened_idx",
            ),
            models.Index(
                fields=["organization", "category", "supplier", "opened_at"],
                name="ca_org_cat_supp_opened_idx",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in CA_OPEN_STATES


class StepStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ActionStep(TenantModel):
    """One action of a corrective action: what, who, by when, how far, and the evidence
    that it was done."""

    corrective_action = models.ForeignKey(
        CorrectiveAction, on_delete=models.CASCADE, related_name="steps"
    )
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED)
    done_on = models.DateField(null=True, blank=True, editable=False)
    evidence = models.TextField(blank=True, max_length=20000, help_text="What shows it was done.")

    class Meta(TenantModel.Meta):
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["organization", "corrective_action", "due_on"], name="ca_step_org_idx"
            ),
            models.Index(fields=["organization", "status", "due_on"], name="ca_step_due_idx"),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in (StepStatus.PLANNED, StepStatus.IN_PROGRESS)


def ca_attachment_upload_to(attachment, filename: str) -> str:
    return (
        f"{int(attachment.organization_id)}/corrective_actions/actions/"
        f"{int(attachment.corrective_action_id)}/{filename}"
    )


class CorrectiveActionAttachment(TenantModel):
    """Evidence files of a corrective action, checked by their content."""

    corrective_action = models.ForeignKey(
        CorrectiveAction, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=ca_attachment_upload_to, max_length=255, editable=False)
    original_name = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["id"]
        indexes = [
            models.Index(fields=["organization", "corrective_action"], name="ca_att_org_idx"),
        ]

    def __str__(self):
        return self.original_name


class CorrectiveActionEvent(TenantModel):
    corrective_action = models.ForeignKey(
        CorrectiveAction, on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(max_length=30, choices=CaState.choices, blank=True)
    to_state = models.CharField(max_length=30, choices=CaState.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, max_length=20000)

    class Meta(TenantModel.Meta):
        ordering = ["at", "id"]
        indexes = [
            models.Index(
                fields=["organization", "corrective_action", "at"], name="ca_event_org_idx"
            ),
        ]

    def __str__(self):
        return f"{self.from_state or 'new'} → {self.to_state}"
