"""The organisation's evaluation criteria as a reader sees them (ISO 9001 8.4.1: criteria
for the evaluation, selection, monitoring and re-evaluation of external providers): the
suppliers' sections of the settings, described read-only, and the scorecard in force. For
every member who reads the records, auditors included, who may not open the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from relmgmt.core import extensions
from suppliers.models.metrics import METRICS
from suppliers.models.scorecards import RANKED_STANDINGS, Consequence, Standing
from suppliers.schedule_settings import SECTION as SCHEDULE_SECTION
from suppliers.selectors.certificates import APPROVAL_SETTING, SETTING

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization
    from suppliers.models import ScorecardDefinition

# The keys of the suppliers' settings sections (``suppliers.organization_settings``, read
# through the registry) that are evaluation criteria, in the order shown.
SECTIONS = (SCHEDULE_SECTION, SETTING, APPROVAL_SETTING)


def evaluation_criteria(*, organization: Organization) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each criteria section as (title, [(label, value)]), as the settings describe it."""
    found = (extensions.settings_sections.get(key) for key in SECTIONS)
    return [
        (section.title, section.describe(organization)) for section in found if section is not None
    ]


@dataclass(frozen=True)
class CriterionLine:
    label: str
    weight: int
    zero_points_at: str
    full_points_at: str
    unit: str


def definition_summary(definition: ScorecardDefinition) -> dict:
    """The scorecard in force in words: its criteria, the standings' thresholds, and what
    each standing sets off."""
    labels = dict(Consequence.choices)
    return {
        "criteria": [
            CriterionLine(
                label=METRICS[criterion.metric].label if criterion.metric in METRICS else "",
                weight=criterion.weight,
                zero_points_at=f"{criterion.zero_points_at.normalize():f}",
                full_points_at=f"{criterion.full_points_at.normalize():f}",
                unit=METRICS[criterion.metric].unit if criterion.metric in METRICS else "",
            )
            for criterion in definition.criteria.all()
        ],
        "consequences": [
            (
                Standing(standing).label,
                [labels.get(item, item) for item in definition.consequences_of(standing)],
            )
            for standing in RANKED_STANDINGS
        ],
    }
