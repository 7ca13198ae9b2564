"""Periods of the customer figures: months or quarters, numbered by an integer index
(a month's index is year x 12 + month - 1; a quarter's is the month index of its first
month divided by 3), so that the database buckets rows with integer arithmetic alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTH = "month"
QUARTER = "quarter"
GRAINS = (MONTH, QUARTER)


def months_per(grain: str) -> int:
    return 3 if grain == QUARTER else 1


def index_of(day: date, grain: str) -> int:
    return (day.year * 12 + day.month - 1) // months_per(grain)


@dataclass(frozen=True)
class Period:
    grain: str
    index: int

    @property
    def start(self) -> date:
        month = self.index * months_per(self.grain)
        return date(month // 12, month % 12 + 1, 1)

    @property
    def end(self) -> date:
        after = Period(self.grain, self.index + 1).start
        return date.fromordinal(after.toordinal() - 1)

    @property
    def label(self) -> str:
        start = self.start
        if self.grain == QUARTER:
            return f"{start.year} Q{(start.month - 1) // 3 + 1}"
        return f"{start.year}-{start.month:02d}"


def periods_between(start: date, end: date, grain: str) -> list[Period]:
    """The periods from the one holding ``start`` to the one holding ``end``."""
    first, last = index_of(start, grain), index_of(end, grain)
    return [Period(grain, index) for index in range(first, last + 1)]
