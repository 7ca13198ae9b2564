"""Re-evaluations of suppliers (ISO 9001 8.4.1: "evaluation, selection, monitoring of
performance and re-evaluation of external providers").

A re-evaluation is evidence: what was looked at (certificates, the scorecard and the
questionnaire as they stood that day, an audit, other notes) and what was decided. Each is
written once by ``suppliers.services.reevaluations``; the snapshots are copies, so the record
still says what the evaluator saw after the certificates or scores change. A decision that
changes the approval status goes through the transition service and links its transition
(signed where the transition is signed).
"""

from django.conf import settings
from django.db import models

from relmgmt.core.models import TenantModel


class Decision(models.TextChoices):
    CONTINUE = "continue", "Continue the approval"
    CONDITIONS = "conditions", "Continue with conditions"
    SUSPEND = "suspend", "Suspend"
    DISQUALIFY = "disqualify", "Disqualify"


class AuditResult(models.TextChoices):
    PASSED = "passed", "Passed"
    FINDINGS = "findings", "Passed with findings"
    FAILED = "failed", "Failed"


class ReEvaluation(TenantModel):
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="reevaluations"
    )
    evaluated_on = models.DateField("re-evaluated on")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # [{"id", "type", "number", "valid_to"}] of the certificates looked at, as they were.
    certificates_reviewed = models.JSONField(default=list, blank=True)
    scorecard_snapshot = models.JSONField(default=dict, blank=True)
    questionnaire_snapshot = models.JSONField(default=dict, blank=True)
    audit_on = models.DateField("audit date", null=True, blank=True)
    audit_result = models.CharField(max_length=20, choices=AuditResult.choices, blank=True)
    audit_reference = models.CharField(max_length=100, blank=True)
    audit_notes = models.TextField(blank=True)
    other_evidence = models.TextField("other evidence", blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField()
    conditions = models.TextField(blank=True)
    conditions_until = models.DateField(null=True, blank=True)
    next_evaluation_due = models.DateField("next re-evaluation")
    # From the history import: who re-evaluated, as the history names them, and when it was
    # imported (``evaluator`` is then the member named, or the member who imported it).
    evaluator_name = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    transition = models.ForeignKey(
        "suppliers.SupplierTransition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The change of approval status the decision made, if any.",
    )

    class Meta(TenantModel.Meta):
        verbose_name = "re-evaluation"
        verbose_name_plural = "re-evaluations"
        ordering = ["-evaluated_on", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(next_evaluation_due__gt=models.F("evaluated_on")),
                name="reevaluation_next_after_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "supplier", "evaluated_on"], name="reeval_org_sup_idx"
            ),
            models.Index(fields=["organization", "evaluated_on"], name="reeval_org_date_idx"),
        ]

    def __str__(self):
        return f"Re-evaluation on {self.evaluated_on:%Y-%m-%d}: {self.get_decision_display()}"
