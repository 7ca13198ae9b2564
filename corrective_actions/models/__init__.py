"""The corrective actions app's models."""

from corrective_actions.models.corrective_actions import (
    ActionStep,
    CorrectiveAction,
    CorrectiveActionAttachment,
    CorrectiveActionEvent,
)
from corrective_actions.models.nonconformities import (
    Nonconformity,
    NonconformityAttachment,
    NonconformityEvent,
)
from corrective_actions.models.root_cause import FishboneCause, RootCauseAnalysis, WhyStep
from corrective_actions.models.scars import (
    ScarAttachment,
    ScarEvent,
    ScarStep,
    SupplierCorrectiveAction,
)

__all__ = [
    "ActionStep",
    "CorrectiveAction",
    "CorrectiveActionAttachment",
    "CorrectiveActionEvent",
    "FishboneCause",
    "Nonconformity",
    "NonconformityAttachment",
    "NonconformityEvent",
    "RootCauseAnalysis",
    "ScarAttachment",
    "ScarEvent",
    "ScarStep",
    "SupplierCorrectiveAction",
    "WhyStep",
]
