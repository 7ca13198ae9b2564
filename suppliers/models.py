"""The supplier register and approval (ISO 9001 8.4).

A supplier is the supplier side of one interested party (``parties.Party`` of type
supplier): the party holds the name, contacts, reviews and risks; the supplier holds what
8.4 asks for on top: its code, what it supplies, how critical it is, its approval status
and when it is next re-evaluated. Every change of approval status is a transition, logged
with its reason and person (``SupplierTransition``) and, for approvals, suspensions and
disqualifications, signed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
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


class SupplierTransition(TenantModel):
    """One change of a supplier's approval status: from, to, why, who, when; signed when it
    approves, suspends or disqualifies. Written once by the transition service, never changed
    (except to link its signature right after signing)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=30, choices=ApprovalStatus.choices)
    to_status = models.CharField(max_length=30, choices=ApprovalStatus.choices)
    reason = models.TextField()
    conditions = models.TextField(blank=True)
    conditions_until = models.DateField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    signature = models.ForeignKey(
        "audit.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(TenantModel.Meta):
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "supplier", "occurred_at"],
                name="suppliertrans_org_sup_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


# --- Certificates and documents ----------------------------------------------------------


class CertificateType(models.TextChoices):
    ISO_9001 = "iso_9001", "ISO 9001"
    ISO_14001 = "iso_14001", "ISO 14001"
    IATF_16949 = "iatf_16949", "IATF 16949"
    INSURANCE = "insurance", "Insurance"
    NDA = "nda", "NDA"
    OTHER = "other", "Other"


class CertificateStatus(models.TextChoices):
    """Whether the buyer accepts the document. Members' uploads are accepted at once; an
    upload by the supplier through the portal waits for a member to accept it, and only
    accepted certificates count (for the flag, for what replaces what)."""

    ACCEPTED = "accepted", "Accepted"
    PENDING = "pending", "Waiting for the buyer's acceptance"
    REJECTED = "rejected", "Rejected by the buyer"


def certificate_upload_to(certificate, filename: str) -> str:
    """``<organisation id>/suppliers/<supplier id>/certificates/<random name>``: the user's
    file name is kept in ``original_name``, never in the path. The service gives ``filename``
    as a random token with the extension of the checked content."""
    return (
        f"{int(certificate.organization_id)}/suppliers/{int(certificate.supplier_id)}"
        f"/certificates/{filename}"
    )


class Certificate(TenantModel):
    """A supplier's certificate or document (ISO 9001 8.4.2): what it is, who issued it,
    when it is valid, and the file. Files are served only through a permission-checked view."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="certificates")
    type = models.CharField(max_length=20, choices=CertificateType.choices)
    issuer = models.CharField(
        max_length=200, help_text="Who issued it, e.g. the certification body."
    )
    number = models.CharField("certificate number", max_length=100, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField("valid until")
    file = models.FileField(upload_to=certificate_upload_to, max_length=255, editable=False)
    original_name = models.CharField(
        max_length=255, editable=False, help_text="The uploaded file's name, for the download."
    )
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    status = models.CharField(
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ACCEPTED,
        editable=False,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    rejection_reason = models.TextField(
        blank=True, editable=False, help_text="Why the buyer rejected a portal upload."
    )

    class Meta(TenantModel.Meta):
        ordering = ["supplier_id", "type", "-valid_to", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="certificate_valid_to_after_from",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "supplier", "type", "valid_to"],
                name="certificate_org_sup_type_idx",
            ),
            models.Index(fields=["organization", "valid_to"], name="certificate_org_valid_to_idx"),
        ]

    def __str__(self):
        return f"{self.get_type_display()} {self.number}".strip()

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The end of validity must not be before its start."})


# The rest of the suppliers app's models live in their own modules, one per concern;
# importing them here registers them.
from suppliers.models_agreements import Agreement, Dispute, ServiceLevel  # noqa: E402, F401
from suppliers.models_deliveries import Delivery  # noqa: E402, F401
from suppliers.models_evaluations import ReEvaluation  # noqa: E402, F401
from suppliers.models_portal import ProfileChange, SupplierRequest  # noqa: E402, F401
from suppliers.models_questionnaires import (  # noqa: E402, F401
    Question,
    QuestionnaireAnswer,
    QuestionnaireEvent,
    QuestionnaireRequest,
    QuestionnaireSection,
    QuestionnaireTemplate,
)
from suppliers.models_reviews import (  # noqa: E402, F401
    PerformanceReview,
    PerformanceReviewContact,
    PerformanceReviewMember,
    ReviewAction,
)
from suppliers.models_scorecards import (  # noqa: E402, F401
    ManualRating,
    RecomputeJob,
    ScorecardCriterion,
    ScorecardDefinition,
    ScorecardResult,
    ScoreChange,
    SuspensionProposal,
)
