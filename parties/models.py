"""The register of interested parties (ISO 9001 4.2, 6.1; ISO 44001 relationship plans).

Every model is a tenant record: audited, scoped, constrained by organisation. People named
as owners, reviewers or participants are users; the services check that they are members
of the organisation when they are named.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from relmgmt.core.models import TenantModel

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


def one_to_five_check(field: str, model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
        name=f"{model}_{field}_1_to_5",
    )


class PartyType(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    SUPPLIER = "supplier", "Supplier"
    PARTNER = "partner", "Partner"
    INVESTOR = "investor", "Investor"
    EMPLOYEE_GROUP = "employee_group", "Employee group"
    REGULATOR = "regulator", "Regulator"
    COMMUNITY = "community", "Community"
    OTHER = "other", "Other"


PARTY_TYPE_LABELS = dict(PartyType.choices)


class Tier(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    MANAGED = "managed", "Managed"
    TRANSACTIONAL = "transactional", "Transactional"


class Party(TenantModel):
    class Status(models.TextChoices):
        PROSPECTIVE = "prospective", "Prospective"
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"

    name = models.CharField(max_length=200)
    # A list of PartyType values (at least one). JSON keeps the party's history in one record.
    types = models.JSONField(default=list)
    description = models.TextField(blank=True)
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.MANAGED)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member who owns the relationship.",
    )
    influence = models.PositiveSmallIntegerField(default=3, validators=ONE_TO_FIVE)
    interest = models.PositiveSmallIntegerField(default=3, validators=ONE_TO_FIVE)
    tags = models.JSONField(default=list, blank=True)
    website = models.URLField(blank=True)
    address = models.TextField(blank=True)
    # Months between reviews; empty means the tier's default (see parties.services.cadence).
    review_cadence_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    last_reviewed_on = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    class Meta(TenantModel.Meta):
        verbose_name_plural = "parties"
        ordering = ["name"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["organization", "name"], name="party_org_name_uniq"),
            one_to_five_check("influence", "party"),
            one_to_five_check("interest", "party"),
        ]
        indexes = [
            # With the name: the list's sort by review date breaks its ties by name.
            models.Index(
                fields=["organization", "next_review_due", "name"], name="party_org_review_name_idx"
            ),
            models.Index(fields=["organization", "tier", "name"], name="party_org_tier_idx"),
            models.Index(fields=["organization", "status", "name"], name="party_org_status_idx"),
            models.Index(fields=["organization", "owner"], name="party_org_owner_idx"),
        ]

    def __str__(self):
        return self.name

    def get_types_display(self) -> list[str]:
        return [PARTY_TYPE_LABELS.get(value, value) for value in self.types]

    @property
    def types_label(self) -> str:
        return ", ".join(self.get_types_display())

    @property
    def review_overdue(self) -> bool:
        """Due before today in the active (the organisation's) time zone."""
        return (
            self.status != self.Status.INACTIVE
            and self.next_review_due is not None
            and self.next_review_due < timezone.localdate()
        )


class Need(TenantModel):
    """A need or expectation of a party, and whether the QMS must answer it (4.2 b)."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        ADDRESSED = "addressed", "Being addressed"
        MET = "met", "Met"
        NOT_RELEVANT = "not_relevant", "No longer relevant"

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="needs")
    description = models.TextField()
    qms_relevant = models.BooleanField("relevant to the QMS", default=True)
    monitoring = models.TextField("how it is monitored", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IDENTIFIED)

    class Meta(TenantModel.Meta):
        ordering = ["party", "id"]
        indexes = [models.Index(fields=["organization", "party"], name="need_org_party_idx")]

    def __str__(self):
        return self.description[:80]


class Contact(TenantModel):
    """A person at a party. Personal data: exportable and erasable on request (GDPR)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        MEETING = "meeting", "In person"
        VIDEO = "video", "Video call"
        POST = "post", "Post"

    PERSONAL_FIELDS = ("name", "job_title", "email", "phone", "consent_method")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    preferred_channel = models.CharField(
        max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_method = models.CharField(
        max_length=200, blank=True, help_text="How consent was given: a form, an email, a call."
    )
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["party", "name"]
        indexes = [models.Index(fields=["organization", "party"], name="contact_org_party_idx")]

    def __str__(self):
        return self.name if not self.erased_at else "(erased contact)"

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None


class Interaction(TenantModel):
    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        CALL = "call", "Call"
        EMAIL = "email", "Email"
        VISIT = "visit", "Visit"
        BUSINESS_REVIEW = "business_review", "Business review"

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEETING)
    occurred_on = models.DateField()
    summary = models.TextField()
    decisions = models.TextField(blank=True)
    contacts = models.ManyToManyField(
        Contact, through="InteractionContact", related_name="interactions", blank=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="InteractionMember", related_name="+", blank=True
    )

    class Meta(TenantModel.Meta):
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "party", "occurred_on"], name="interaction_org_party_idx"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on:%Y-%m-%d}"


class InteractionContact(TenantModel):
    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE)

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "interaction", "contact"], name="interaction_contact_uniq"
            ),
        ]


class InteractionMember(TenantModel):
    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "interaction", "user"], name="interaction_member_uniq"
            ),
        ]


class FollowUp(TenantModel):
    """An action agreed in an interaction, with an owner and a due date (reminded)."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="follow_ups"
    )
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organization", "due_on"], name="followup_org_due_idx")]

    def __str__(self):
        return self.description[:80]


class Review(TenantModel):
    """A periodic review of the relationship with a party (4.2: monitor and review)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField()
    needs_changes = models.TextField("changes to needs", blank=True)
    our_satisfaction = models.PositiveSmallIntegerField(
        "our satisfaction with the relationship", validators=ONE_TO_FIVE
    )
    their_satisfaction = models.PositiveSmallIntegerField(
        "their satisfaction with the relationship", validators=ONE_TO_FIVE
    )
    next_review_due = models.DateField()

    class Meta(TenantModel.Meta):
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            one_to_five_check("our_satisfaction", "review"),
            one_to_five_check("their_satisfaction", "review"),
        ]
        indexes = [
            models.Index(
                fields=["organization", "party", "reviewed_on"], name="review_org_party_idx"
            )
        ]

    def __str__(self):
        return f"Review of {self.reviewed_on:%Y-%m-%d}"


class RelationshipPlan(TenantModel):
    """The ISO 44001 relationship management plan of a (strategic) party; it has versions."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200)

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["organization", "party"], name="plan_org_party_uniq"),
        ]

    def __str__(self):
        return self.title


class PlanVersion(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"

    plan = models.ForeignKey(RelationshipPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    signature = models.ForeignKey(
        "audit.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(TenantModel.Meta):
        ordering = ["plan", "-number"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "plan", "number"], name="planversion_number_uniq"
            ),
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class PlanSection(TenantModel):
    class Key(models.TextChoices):
        ORGANISATION = "organisation", "Organisation (who is who)"
        BUSINESS_CASE = "business_case", "Business case and objectives"
        RESOURCES = "resources", "Resources and capabilities"
        RISK = "risk", "Risk assessment"
        COMMERCIAL = "commercial", "Commercial agreement"
        JOINT_MANAGEMENT = "joint_management", "Joint management activities"
        IMPROVEMENT = "improvement", "Continuous improvement and innovation"
        KNOWLEDGE = "knowledge", "Knowledge sharing"
        COMMUNICATIONS = "communications", "Communications"
        EXIT = "exit", "Exit arrangements"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=30, choices=Key.choices)
    content = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta(TenantModel.Meta):
        ordering = ["version", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "version", "key"], name="plansection_key_uniq"
            ),
        ]

    def __str__(self):
        return self.get_key_display()


class Risk(TenantModel):
    """A risk or an opportunity of a relationship (6.1). Rating = likelihood x impact."""

    class Kind(models.TextChoices):
        RISK = "risk", "Risk"
        OPPORTUNITY = "opportunity", "Opportunity"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RISK)
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    treatment = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    class Meta(TenantModel.Meta):
        ordering = ["party", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            one_to_five_check("likelihood", "risk"),
            one_to_five_check("impact", "risk"),
        ]
        indexes = [models.Index(fields=["organization", "party"], name="risk_org_party_idx")]

    def __str__(self):
        return self.description[:80]

    @property
    def rating(self) -> int:
        return self.likelihood * self.impact
