"""The supplier register and approval (ISO 9001 8.4).

A supplier is the supplier side of one interested party (``parties.Party`` of type
supplier): the party holds the name, contacts, reviews and risks; the supplier holds what
8.4 asks for on top: its code, what it supplies, how critical it is, its approval status
and when it is next re-evaluated. Every change of approval status is a transition, logged
with its reason and person (``SupplierTransition``) and, for approvals, suspensions and
disqualifications, signed.
"""

from django.conf import settings
from django.db import models

from relmgmt.core.models import TenantModel


class Category(models.TextChoices):
    """What a supplier supplies; a supplier has one or more."""

    RAW_MATERIAL = "raw_material", "Raw material"
    COMPONENTS = "components", "Components and parts"
    SPECIAL_PROCESS = "special_process", "Special process (heat treatment, coating, welding)"
    TOOLING = "tooling", "Tooling and equipment"
    CALIBRATION = "calibration", "Calibration and testing"
    LOGISTICS = "logistics", "Logistics and transport"
    PACKAGING = "packaging", "Packaging"
    SERVICES = "services", "Services"
    SOFTWARE = "software", "IT and software"
    OTHER = "other", "Other"


class Criticality(models.TextChoices):
    CRITICAL = "critical", "Critical"
    MAJOR = "major", "Major"
    MINOR = "minor", "Minor"


class ApprovalStatus(models.TextChoices):
    PROSPECTIVE = "prospective", "Prospective"
    UNDER_EVALUATION = "under_evaluation", "Under evaluation"
    APPROVED = "approved", "Approved"
    CONDITIONALLY_APPROVED = "conditionally_approved", "Conditionally approved"
    SUSPENDED = "suspended", "Suspended"
    DISQUALIFIED = "disqualified", "Disqualified"


# The statuses that put a supplier on the approved supplier list.
ASL_STATUSES = (ApprovalStatus.APPROVED, ApprovalStatus.CONDITIONALLY_APPROVED)


class Supplier(TenantModel):
    """An external provider (ISO 9001 8.4). Portal users act for exactly one supplier."""

    party = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="supplier_records",
        help_text="The interested party this supplier is (one supplier per party).",
    )
    code = models.CharField(max_length=32, help_text="Unique within the organisation.")
    # A list of Category values (at least one), like a party's types.
    categories = models.JSONField(default=list)
    criticality = models.CharField(
        max_length=20, choices=Criticality.choices, default=Criticality.MINOR
    )
    status = models.CharField(
        "approval status",
        max_length=30,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PROSPECTIVE,
        editable=False,
        help_text="Changed only by a transition, which records the reason and the person.",
    )
    conditions = models.TextField(
        blank=True, editable=False, help_text="The conditions of a conditional approval."
    )
    conditions_until = models.DateField(
        null=True, blank=True, editable=False, help_text="When a conditional approval ends."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member who owns the relationship with the supplier.",
    )
    next_evaluation_due = models.DateField("next re-evaluation", null=True, blank=True)
    certificate_override = models.TextField(
        "approved without a required certificate",
        blank=True,
        editable=False,
        help_text="Set by the approval that went ahead without a valid certificate the "
        "organisation requires: what was lacking and why it was approved anyway. Cleared by "
        "the next change of status.",
    )

    class Meta(TenantModel.Meta):
        ordering = ["code"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["organization", "code"], name="supplier_org_code_uniq"),
            models.UniqueConstraint(
                fields=["organization", "party"], name="supplier_org_party_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "code"], name="supplier_org_status_idx"),
            models.Index(
                fields=["organization", "criticality", "code"], name="supplier_org_crit_idx"
            ),
            models.Index(
                fields=["organization", "next_evaluation_due"], name="supplier_org_reeval_idx"
            ),
            models.Index(fields=["organization", "owner"], name="supplier_org_owner_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        """The party's name: a supplier is named once, in the register of parties."""
        return self.party.name

    def get_categories_display(self) -> list[str]:
        labels = dict(Category.choices)
        return [labels.get(value, value) for value in self.categories]

    @property
    def categories_label(self) -> str:
        return ", ".join(self.get_categories_display())

    @property
    def on_asl(self) -> bool:
        return self.status in ASL_STATUSES
