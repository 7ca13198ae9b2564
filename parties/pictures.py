"""Geometry of the register overview's pictures, drawn as inline SVG by the templates.

Everything here is arithmetic on what the selectors counted: where each cell, point and
bar goes in the SVG's coordinates, and where it links. Colours come from CSS classes (the
Content Security Policy allows no inline styles); tiers also differ by shape, so the grid
does not depend on colour alone.
"""

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from parties.models import Tier
from parties.risk_rating import IMPACT_LABELS, LIKELIHOOD_LABELS, SCALE, band_of
from parties.selectors.overview import DueMonth

HIGH_FROM = 4  # influence or interest of 4 or 5 counts as high on the power-interest grid
QUADRANTS = {
    (True, True): "Manage closely",
    (True, False): "Keep satisfied",
    (False, True): "Keep informed",
    (False, False): "Monitor",
}
TIER_SHAPES = {Tier.STRATEGIC: "circle", Tier.MANAGED: "square", Tier.TRANSACTIONAL: "diamond"}
MAX_POINTS_IN_CELL = 36


def quadrant(influence: int, interest: int) -> str:
    return QUADRANTS[(influence >= HIGH_FROM, interest >= HIGH_FROM)]


@dataclass
class Axis:
    """A 5 x 5 plot: cell size and margins, in SVG units."""

    cell: int
    left: int
    top: int
    right: int = 12
    bottom: int = 56

    @property
    def size(self) -> int:
        return 5 * self.cell

    @property
    def width(self) -> int:
        return self.left + self.size + self.right

    @property
    def height(self) -> int:
        return self.top + self.size + self.bottom

    def x(self, column: int) -> int:
        """Left edge of the column of value 1 to 5."""
        return self.left + (column - 1) * self.cell

    def y(self, row: int) -> int:
        """Top edge of the row of value 1 to 5 (5 at the top)."""
        return self.top + (5 - row) * self.cell

    def ticks(self) -> dict:
        half = self.cell / 2
        return {
            "x": [{"value": v, "at": self.x(v) + half} for v in SCALE],
            "y": [{"value": v, "at": self.y(v) + half + 4} for v in SCALE],
            "x_label_y": self.top + self.size + 20,
            "x_title_y": self.top + self.size + 44,
            "y_label_x": self.left - 10,
            "centre_x": self.left + self.size / 2,
            "centre_y": self.top + self.size / 2,
        }


# --- Power-interest grid ----------------------------------------------------------------


@dataclass
class Point:
    pk: int
    name: str
    tier: str
    tier_label: str
    influence: int
    interest: int
    quadrant: str
    url: str
    cx: float = 0
    cy: float = 0
    r: float = 0
    shape: str = "circle"

    @property
    def diamond(self) -> str:
        r = self.r * 1.2
        return " ".join(
            f"{x:.1f},{y:.1f}"
            for x, y in (
                (self.cx, self.cy - r),
                (self.cx + r, self.cy),
                (self.cx, self.cy + r),
                (self.cx - r, self.cy),
            )
        )

    @property
    def square(self) -> dict:
        side = self.r * 1.7
        return {"x": self.cx - side / 2, "y": self.cy - side / 2, "side": side}


@dataclass
class Grid:
    axis: Axis
    cells: list = field(default_factory=list)
    points: list = field(default_factory=list)  # drawn
    rows: list = field(default_factory=list)  # every party, for the table
    overflow: list = field(default_factory=list)  # "+N" labels of crowded cells
    quadrant_labels: list = field(default_factory=list)
    divider: dict = field(default_factory=dict)


def power_interest_grid(rows: list[dict], party_url: Callable[[int], str]) -> Grid:
    axis = Axis(cell=96, left=60, top=12)
    grid = Grid(axis=axis)
    tier_labels = dict(Tier.choices)
    by_cell = defaultdict(list)
    for row in rows:
        point = Point(
            pk=row["id"],
            name=row["name"],
            tier=row["tier"],
            tier_label=tier_labels.get(row["tier"], row["tier"]),
            influence=row["influence"],
            interest=row["interest"],
            quadrant=quadrant(row["influence"], row["interest"]),
            url=party_url(row["id"]),
            shape=TIER_SHAPES.get(row["tier"], "circle"),
        )
        grid.rows.append(point)
        by_cell[(point.influence, point.interest)].append(point)
    for influence in SCALE:
        for interest in SCALE:
            x, y = axis.x(interest), axis.y(influence)
            closely = influence >= HIGH_FROM and interest >= HIGH_FROM
            grid.cells.append(
                {"x": x, "y": y, "size": axis.cell, "css": "manage-closely" if closely else ""}
            )
            _place(grid, by_cell[(influence, interest)], x, y, axis.cell)
    split = axis.x(HIGH_FROM)
    grid.divider = {"x": split, "y": axis.y(HIGH_FROM) + axis.cell, **_bounds(axis)}
    pad = 6
    left, right = axis.left + pad, axis.left + axis.size - pad
    upper, lower = axis.top + 14, axis.top + axis.size - pad
    grid.quadrant_labels = [
        {"text": QUADRANTS[(True, False)], "x": left, "y": upper, "anchor": "start"},
        {"text": QUADRANTS[(True, True)], "x": right, "y": upper, "anchor": "end"},
        {"text": QUADRANTS[(False, False)], "x": left, "y": lower, "anchor": "start"},
        {"text": QUADRANTS[(False, True)], "x": right, "y": lower, "anchor": "end"},
    ]
    return grid


def _bounds(axis: Axis) -> dict:
    return {
        "left": axis.left,
        "right": axis.left + axis.size,
        "top": axis.top,
        "bottom": axis.top + axis.size,
    }


def _place(grid: Grid, points: list[Point], x0: int, y0: int, cell: int) -> None:
    """Spread a cell's points over a small lattice inside it, leaving room at the edges."""
    if not points:
        return
    shown = points if len(points) <= MAX_POINTS_IN_CELL else points[: MAX_POINTS_IN_CELL - 1]
    slots = len(shown) + (len(points) > len(shown))
    columns = math.ceil(math.sqrt(slots))
    lines = math.ceil(slots / columns)
    inner, margin = cell - 16, 8
    step_x, step_y = inner / columns, inner / lines
    radius = min(9.0, 0.34 * min(step_x, step_y))
    for index, point in enumerate(shown):
        point.cx = x0 + margin + (index % columns + 0.5) * step_x
        point.cy = y0 + margin + (index // columns + 0.5) * step_y
        point.r = radius
        grid.points.append(point)
    if len(points) > len(shown):
        index = len(shown)
        grid.overflow.append(
            {
                "text": f"+{len(points) - len(shown)}",
                "x": x0 + margin + (index % columns + 0.5) * step_x,
                "y": y0 + margin + (index // columns + 0.5) * step_y + 4,
            }
        )


# --- Risk heat map ----------------------------------------------------------------------


KIND_PLURALS = {"risk": "risks", "opportunity": "opportunities"}


@dataclass
class HeatMap:
    axis: Axis
    kind: str
    cells: list = field(default_factory=list)
    table: list = field(default_factory=list)  # rows of likelihood 5..1, columns impact 1..5
    total: int = 0

    @property
    def kind_plural(self) -> str:
        return KIND_PLURALS.get(self.kind, f"{self.kind}s")


def heat_map(counts: dict, kind: str, cell_url: Callable[[int, int], str]) -> HeatMap:
    axis = Axis(cell=72, left=60, top=12)
    picture = HeatMap(axis=axis, kind=kind, total=sum(counts.values()))
    for likelihood in reversed(SCALE):
        row = {"likelihood": likelihood, "label": LIKELIHOOD_LABELS[likelihood], "cells": []}
        for impact in SCALE:
            count = counts.get((likelihood, impact), 0)
            cell = {
                "likelihood": likelihood,
                "impact": impact,
                "rating": likelihood * impact,
                "band": band_of(likelihood * impact),
                "count": count,
                "url": cell_url(likelihood, impact) if count else "",
                "x": axis.x(impact),
                "y": axis.y(likelihood),
                "size": axis.cell,
                "text_x": axis.x(impact) + axis.cell / 2,
                "text_y": axis.y(likelihood) + axis.cell / 2 + 7,
            }
            picture.cells.append(cell)
            row["cells"].append(cell)
        picture.table.append(row)
    return picture


IMPACT_HEADINGS = [{"value": v, "label": IMPACT_LABELS[v]} for v in SCALE]


# --- Reviews due per month --------------------------------------------------------------


@dataclass
class Bars:
    width: int
    height: int
    baseline: int
    left: int
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    total: int = 0


def due_bars(months: list[DueMonth], month_url: Callable[[DueMonth], str]) -> Bars:
    bar_width, gap, left, top, plot_height, bottom = 40, 12, 40, 18, 180, 48
    width = left + len(months) * (bar_width + gap) + 4
    baseline = top + plot_height
    peak = max([month.count for month in months] + [1])
    step = max(1, math.ceil(peak / 4))
    top_tick = step * math.ceil(peak / step)
    scale = plot_height / top_tick
    pictures = Bars(width, baseline + bottom, baseline, left, total=sum(m.count for m in months))
    pictures.ticks = [
        {"value": value, "y": baseline - value * scale} for value in range(0, top_tick + 1, step)
    ]
    for index, month in enumerate(months):
        x = left + gap / 2 + index * (bar_width + gap)
        height = month.count * scale
        if month.is_overdue:
            label, year = "Overdue", ""
        else:
            label = f"{month.first_day:%b}"
            year = f"{month.first_day:%Y}" if index == 1 or month.first_day.month == 1 else ""
        pictures.bars.append(
            {
                "month": month,
                "label": label,
                "year": year,
                "title": "Overdue" if month.is_overdue else f"{month.first_day:%B %Y}",
                "count": month.count,
                "url": month_url(month),
                "x": x,
                "y": baseline - height,
                "width": bar_width,
                "height": height,
                "centre": x + bar_width / 2,
            }
        )
    return pictures
