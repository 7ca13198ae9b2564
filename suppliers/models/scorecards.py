"""Supplier scorecards (ISO 9001 8.4, 9.1.3): how an organisation scores its suppliers, and
the scores.

What people decide is audited like every record: the definition (a new version for every
change, so the scores of any period name the rules they were computed by), its criteria,
the manual ratings, and suspension proposals with their signed decisions.

What the recalculation derives is not: ``ScorecardResult`` is written by set-based SQL
(aggregate in the database, upsert), which the audited queryset refuses on purpose. Its
inputs are audited, and every change of a score is itself recorded, with its cause, in the
append-only ``ScoreChange``; a result can be recomputed from its inputs at any time.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from relmgmt.core.models import OperationalTenantModel, TenantModel
from suppliers.models.metrics import METRICS


class Period(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class Standing(models.TextChoices):
    EXCELLENT = "excellent", "Excellent"
    GOOD = "good", "Good"
    NEEDS_IMPROVEMENT = "needs_improvement", "Needs improvement"
    POOR = "poor", "Poor"
    # No criterion had data in the period: neither 0 nor 100.
    NO_DATA = "", "No data"


class Consequence(models.TextChoices):
    NOTIFY_OWNER = "notify_owner", "Notify the relationship owner"
    REQUIRE_REVIEW = "require_review", "Require a re-evaluation (bring the date forward)"
    PROPOSE_SUSPENSION = "propose_suspension", "Propose suspension (a manager decides, signed)"


# The standings that can have consequences, best first.
RANKED_STANDINGS = (
    Standing.EXCELLENT,
    Standing.GOOD,
    Standing.NEEDS_IMPROVEMENT,
    Standing.POOR,
)


class ScorecardDefinition(TenantModel):
    """One version of the organisation's scorecard rules. A change makes a new version (the
    old one is kept as it was); the highest version is the one in force."""

    version = models.PositiveIntegerField(editable=False)
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.MONTHLY)
    excellent_from = models.DecimalField(max_digits=5, decimal_places=2, default=85)
    good_from = models.DecimalField(max_digits=5, decimal_places=2, default=70)
    needs_improvement_from = models.DecimalField(max_digits=5, decimal_places=2, default=50)
    # {standing: [consequence, ...]} for the standings that have any.
    consequences = models.JSONField(default=dict, blank=True)
    change_note = models.TextField(blank=True, help_text="Why this version was made.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta(TenantModel.Meta):
        ordering = ["-version"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "version"], name="scorecarddef_org_version_uniq"
            ),
            models.CheckConstraint(
                condition=Q(excellent_from__gt=models.F("good_from"))
                & Q(good_from__gt=models.F("needs_improvement_from"))
                & Q(needs_improvement_from__gte=0)
                & Q(excellent_from__lte=100),
                name="scorecarddef_thresholds_ordered",
            ),
        ]

    def __str__(self):
        return f"Scorecard definition v{self.version} ({self.get_period_display().lower()})"

    def consequences_of(self, standing: str) -> list[str]:
        return list((self.consequences or {}).get(standing, []))

    def standing_of(self, score) -> str:
        if score is None:
            return Standing.NO_DATA
        if score >= self.excellent_from:
            return Standing.EXCELLENT
        if score >= self.good_from:
            return Standing.GOOD
        if score >= self.needs_improvement_from:
            return Standing.NEEDS_IMPROVEMENT
        return Standing.POOR


class ScorecardCriterion(TenantModel):
    """One criterion of a definition: a built-in metric (never a typed formula), its weight,
    and how its value maps to 0-100 points: linearly from ``zero_points_at`` to
    ``full_points_at``, clamped. Lower-is-better metrics simply have zero above full."""

    definition = models.ForeignKey(
        ScorecardDefinition, on_delete=models.PROTECT, related_name="criteria"
    )
    metric = models.CharField(max_length=40)
    weight = models.PositiveSmallIntegerField()
    zero_points_at = models.DecimalField(max_digits=14, decimal_places=3)
    full_points_at = models.DecimalField(max_digits=14, decimal_places=3)
    # OTIF only: days after the promised date that still count as on time.
    tolerance_days = models.PositiveSmallIntegerField(default=0)

    class Meta(TenantModel.Meta):
        ordering = ["definition_id", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "definition", "metric"], name="scorecardcrit_metric_uniq"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100), name="scorecardcrit_weight_range"
            ),
        ]

    def __str__(self):
        metric = METRICS.get(self.metric)
        return f"{metric.label if metric else self.metric} ({self.weight}%)"

    def clean(self):
        if self.zero_points_at == self.full_points_at:
            raise ValidationError(
                {"full_points_at": "The values for 0 and 100 points must differ."}
            )


class ManualRating(TenantModel):
    """A member's rating of a supplier for a period (1 to 5), with a note for the buyer's
    eyes only. ``period_start`` is the first day of the month rated; quarterly scorecards
    average the months of the quarter."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="manual_ratings"
    )
    period_start = models.DateField()
    rating = models.DecimalField(max_digits=3, decimal_places=1)
    note = models.TextField(blank=True, help_text="Internal: never shown to the supplier.")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta(TenantModel.Meta):
        ordering = ["-period_start", "supplier_id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "supplier", "period_start"],
                name="manualrating_sup_period_uniq",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="manualrating_range"
            ),
        ]

    def __str__(self):
        return f"{self.rating} for {self.period_start:%B %Y}"


class _RecalculatedRow(OperationalTenantModel):
    """A row the recalculation writes in bulk, from ids it reads off rows that already
    reference them: so the database does not check its foreign keys row by row (on
    PostgreSQL those checks doubled a first computation). Deleting a supplier still removes
    its rows, and a definition in use still cannot be deleted (both enforced by the ORM).
    Nor do the organisation, the definition, the supplier or the actor get an index of
    their own: every write of these tables pays for each of its indexes, and every read
    goes through one that leads with the organisation. Only deleting a supplier or a user
    would look rows up by that key alone, and neither is something the product does."""

    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,
        db_constraint=False,
    )
    period_start = models.DateField()
    definition = models.ForeignKey(
        ScorecardDefinition,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta(OperationalTenantModel.Meta):
        abstract = True


class ScorecardResult(_RecalculatedRow):
    """A supplier's score for one period, with every input it was computed from.

    Written only by the recalculation (set-based upserts). The input columns are grouped
    by source (deliveries, manual ratings); each criterion's raw value and points are
    derived from them in the same pass, so the page can show how the score came about.
    """

    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.CASCADE,
        related_name="scorecard_results",
        db_index=False,
        db_constraint=False,
    )
    score = models.FloatField(null=True, blank=True)
    standing = models.CharField(max_length=20, choices=Standing.choices, blank=True)
    previous_score = models.FloatField(null=True, blank=True)
    previous_standing = models.CharField(max_length=20, blank=True)
    run = models.CharField(max_length=32, help_text="The recalculation that last wrote it.")
    computed_at = models.DateTimeField()
    # Deliveries received in the period.
    delivery_count = models.IntegerField(default=0)
    on_time_in_full_count = models.IntegerField(default=0)
    late_count = models.IntegerField(default=0)
    quantity_received = models.FloatField(default=0)
    quantity_rejected = models.FloatField(default=0)
    days_late_sum = models.FloatField(default=0)
    days_diff_sum = models.FloatField(default=0)
    days_diff_sum_squares = models.FloatField(default=0)
    first_received = models.DateField(null=True, blank=True)
    last_received = models.DateField(null=True, blank=True)
    # Manual ratings of the period.
    rating_count = models.IntegerField(default=0)
    rating_sum = models.FloatField(default=0)
    # Questionnaires accepted in the period, and corrective action requests due in it.
    questionnaire_count = models.IntegerField(default=0)
    questionnaire_score_sum = models.FloatField(default=0)
    car_count = models.IntegerField(default=0)
    car_on_time_count = models.IntegerField(default=0)
    # Each built-in metric's raw value and points (NULL: no data for it).
    otif_value = models.FloatField(null=True, blank=True)
    otif_points = models.FloatField(null=True, blank=True)
    defect_ppm_value = models.FloatField(null=True, blank=True)
    defect_ppm_points = models.FloatField(null=True, blank=True)
    days_late_value = models.FloatField(null=True, blank=True)
    days_late_points = models.FloatField(null=True, blank=True)
    days_late_sd_value = models.FloatField(null=True, blank=True)
    days_late_sd_points = models.FloatField(null=True, blank=True)
    manual_rating_value = models.FloatField(null=True, blank=True)
    manual_rating_points = models.FloatField(null=True, blank=True)
    questionnaire_value = models.FloatField(null=True, blank=True)
    questionnaire_points = models.FloatField(null=True, blank=True)
    car_responsiveness_value = models.FloatField(null=True, blank=True)
    car_responsiveness_points = models.FloatField(null=True, blank=True)

    class Meta(OperationalTenantModel.Meta):
        ordering = ["supplier_id", "-period_start"]
        constraints = [
            *OperationalTenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "supplier", "period_start"],
                name="scorecardresult_sup_period_uniq",
            ),
        ]
        indexes = [
            # Not on the standing: a rewrite that only changes the columns no index holds can
            # stay on its page without touching an index (a heap-only update), and the
            # PostgreSQL table leaves room on each page for that (fillfactor 50, migration
            # 0018). A new definition version rewrites every row.
            models.Index(
                fields=["organization", "period_start"], name="scorecardresult_org_period_idx"
            ),
        ]

    def __str__(self):
        return f"{self.supplier_id} {self.period_start}: {self.score}"


class ChangeCause(models.TextChoices):
    DELIVERIES_ENTERED = "deliveries_entered", "Deliveries entered"
    DELIVERY_CHANGED = "delivery_changed", "A delivery changed"
    DELIVERY_DELETED = "delivery_deleted", "A delivery deleted"
    DEFINITION_CHANGED = "definition_changed", "Definition changed"
    MANUAL_RATING = "manual_rating", "Manual rating changed"
    QUESTIONNAIRE_ACCEPTED = "questionnaire_accepted", "Questionnaire accepted"
    REQUEST_ANSWERED = "request_answered", "Corrective action request answered"
    RECALCULATED = "recalculated", "Recalculated"


class ScoreChange(_RecalculatedRow):
    """One change of a supplier's score for a period, and why: append-only."""

    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.CASCADE,
        related_name="score_changes",
        db_index=False,
        db_constraint=False,
    )
    old_score = models.FloatField(null=True, blank=True)
    new_score = models.FloatField(null=True, blank=True)
    old_standing = models.CharField(max_length=20, blank=True)
    new_standing = models.CharField(max_length=20, blank=True)
    cause = models.CharField(max_length=30, choices=ChangeCause.choices)
    note = models.CharField(max_length=300, blank=True)
    # Deliveries of the period entered by the change that caused it (entries only).
    entered_count = models.IntegerField(default=0)
    run = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta(OperationalTenantModel.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "supplier", "period_start"],
                name="scorechange_org_sup_idx",
            ),
        ]

    def __str__(self):
        return f"{self.period_start}: {self.old_score} → {self.new_score}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", "Waiting for a decision"
    CONFIRMED = "confirmed", "Confirmed: supplier suspended"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn: the standing recovered"


class SuspensionProposal(TenantModel):
    """The scorecard proposes to suspend a supplier; a manager confirms (which runs the
    signed suspension) or rejects it with a reason, signed either way. A proposal still open
    when the supplier's standing recovers is withdrawn by the recalculation, with the reason
    (the score it recovered to)."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="suspension_proposals"
    )
    period_start = models.DateField()
    score = models.FloatField(null=True, blank=True)
    standing = models.CharField(max_length=20, choices=Standing.choices)
    definition = models.ForeignKey(ScorecardDefinition, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN, editable=False
    )
    decision_reason = models.TextField(blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    signature = models.ForeignKey(
        "audit.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    transition = models.ForeignKey(
        "suppliers.SupplierTransition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(TenantModel.Meta):
        ordering = ["-created_at", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            # At most one open proposal per supplier.
            models.UniqueConstraint(
                fields=["organization", "supplier"],
                condition=Q(status="open"),
                name="suspensionproposal_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="suspensionprop_org_status_idx")
        ]

    def __str__(self):
        return f"Proposal to suspend supplier {self.supplier_id} ({self.period_start:%b %Y})"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class RecomputeJob(OperationalTenantModel):
    """A recalculation asked for from the page: the worker runs it, the page polls it."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta(OperationalTenantModel.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Recalculation {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
