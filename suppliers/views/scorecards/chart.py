"""The trend chart of a supplier's scores: server-rendered SVG, no script. Periods without
data leave a gap in the line (they are neither 0 nor 100)."""

from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, TOP, BOTTOM, RIGHT = 640, 220, 36, 12, 28, 12


@dataclass
class Chart:
    width: int
    height: int
    segments: list[str]  # "x,y x,y ..." polylines, one per unbroken run of data
    dots: list[dict]
    grid: list[dict]
    bands: list[dict]
    labels: list[dict]


def trend_chart(rows, definition) -> Chart:
    """``rows`` oldest first, each with ``score`` (or None) and ``short_label``."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(rows) - 1)

    def y(score):
        return round(TOP + plot_h * (1 - float(score) / 100), 1)

    segments, current, dots, labels = [], [], [], []
    for index, row in enumerate(rows):
        x = round(LEFT + index * step, 1)
        if row.score is None:
            if current:
                segments.append(" ".join(current))
            current = []
        else:
            current.append(f"{x},{y(row.score)}")
            dots.append({"x": x, "y": y(row.score), "label": row.label, "score": row.score})
        if index % max(1, len(rows) // 8) == 0 or index == len(rows) - 1:
            labels.append({"x": x, "text": row.short_label})
    if current:
        segments.append(" ".join(current))
    grid = [{"y": y(value), "value": value} for value in (0, 25, 50, 75, 100)]
    thresholds = [
        ("excellent", 100, float(definition.excellent_from)),
        ("good", float(definition.excellent_from), float(definition.good_from)),
        (
            "needs_improvement",
            float(definition.good_from),
            float(definition.needs_improvement_from),
        ),
        ("poor", float(definition.needs_improvement_from), 0),
    ]
    bands = [
        {"standing": s, "y": y(top), "height": round(y(bottom) - y(top), 1)}
        for s, top, bottom in thresholds
    ]
    return Chart(WIDTH, HEIGHT, segments, dots, grid, bands, labels)
