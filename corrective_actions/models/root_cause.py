"""Root cause analysis as data (ISO 9001 10.2.1 b): a chain of five whys and a fishbone
diagram's causes by the six categories, some marked as root causes, beside a free text.

An analysis belongs to no record of its own: a corrective action points at one, and a
supplier's 8D (its D4) can point at another, with the same services to edit it
(``corrective_actions.services.root_cause``). ``frozen`` is set when the record it serves is
past its analysis, so the analysis that was acted on stays as it was.
"""

from django.db import models

from relmgmt.core.models import TenantModel


class FishboneCategory(models.TextChoices):
    PEOPLE = "people", "People"
    MACHINE = "machine", "Machine"
    METHOD = "method", "Method"
    MATERIAL = "material", "Material"
    MEASUREMENT = "measurement", "Measurement"
    ENVIRONMENT = "environment", "Environment"


class RootCauseAnalysis(TenantModel):
    summary = models.TextField("root cause in words", blank=True, max_length=20000)
    frozen = models.BooleanField(default=False, editable=False)

    class Meta(TenantModel.Meta):
        verbose_name_plural = "root cause analyses"

    def __str__(self):
        return f"Root cause analysis {self.pk}"


class WhyStep(TenantModel):
    """One link of the chain: why did it happen, and the answer (because ...). The first
    step asks why about the problem; each next one asks why about the answer before it."""

    analysis = models.ForeignKey(RootCauseAnalysis, on_delete=models.CASCADE, related_name="whys")
    position = models.PositiveSmallIntegerField()
    why = models.CharField(max_length=500)
    because = models.CharField(max_length=500, blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["organization", "analysis", "position"], name="ca_why_org_idx"),
        ]

    def __str__(self):
        return f"Why {self.position}"


class FishboneCause(TenantModel):
    analysis = models.ForeignKey(RootCauseAnalysis, on_delete=models.CASCADE, related_name="causes")
    category = models.CharField(max_length=20, choices=FishboneCategory.choices)
    cause = models.CharField(max_length=500)
    is_root = models.BooleanField("root cause", default=False)

    class Meta(TenantModel.Meta):
        ordering = ["category", "id"]
        indexes = [
            models.Index(fields=["organization", "analysis"], name="ca_cause_org_idx"),
        ]

    def __str__(self):
        return self.cause[:80]
