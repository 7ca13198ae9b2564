"""The register: interested parties and their needs and expectations (ISO 9001 4.2), and
what the other areas share: party types, tiers, the 1-to-5 scale."""

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
