"""Template helpers of surveys: the trend chart's geometry (drawn in SVG with classes from
the stylesheet, no inline style) and figures shown as text."""

from django import template

register = template.Library()

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 220, 40, 12, 12, 28


def _y(value: float, low: float, high: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return round(TOP + span * (high - value) / (high - low), 1)


def trend_chart(points) -> dict:
    """NPS (-100 to 100) per period as a line with gaps where a period has no answer, and
    CSAT (0 to 100 %) as a second line on the same scale."""
    count = len(points)
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)
    xs = [round(LEFT + step * index, 1) for index in range(count)]
    grid = [{"value": value, "y": _y(value, -100, 100)} for value in (-100, -50, 0, 50, 100)]

    def lines(values):
        segments, current, dots = [], [], []
        for x, value, point in zip(xs, values, points, strict=True):
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            y = _y(value, -100, 100)
            current.append(f"{x},{y}")
            dots.append({"x": x, "y": y, "label": point.label, "value": value})
        if current:
            segments.append(" ".join(current))
        return segments, dots

    nps_segments, nps_dots = lines([point.nps.score for point in points])
    csat_segments, csat_dots = lines([point.csat for point in points])
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "grid": grid,
        "nps_segments": nps_segments,
        "nps_dots": nps_dots,
        "csat_segments": csat_segments,
        "csat_dots": csat_dots,
        "labels": [{"x": x, "text": point.label} for x, point in zip(xs, points, strict=True)],
        "label_y": HEIGHT - 8,
    }


@register.filter
def signed(value):
    """An NPS as +12.5 or -3; a dash without answers."""
    if value is None:
        return "–"
    return f"{value:+g}"


@register.filter
def percent(value):
    return "–" if value is None else f"{value:g} %"
