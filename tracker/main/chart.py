"""A bar chart of actions opened and closed per quarter, drawn as SVG on the server: no
chart library, nothing for the browser to run. The geometry is worked out here and the
template only draws it."""
from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 28, 48
# GOV.UK blue and green: each at least 4.5:1 against white, and the closed bars are also
# hatched, so the two series differ by more than colour.
OPENED_COLOUR = "#1d70b8"
CLOSED_COLOUR = "#00703c"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: str  # "opened" or "closed"


@dataclass
class Group:
    label_top: str
    label_bottom: str
    centre: float
    bars: list[Bar]


@dataclass
class Chart:
    width: int
    height: int
    groups: list[Group]
    ticks: list[tuple[float, int]]  # (y, value) of each horizontal grid line
    baseline: float
    left: int
    right: int


def _step(maximum: int) -> int:
    """A round step that gives at most five grid lines above zero."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if maximum <= step * 5:
            return step
    return 10 ** len(str(maximum))


def quarter_chart(quarters) -> Chart:
    """`quarters`: objects with months, start, opened and closed (see dashboard.Quarter)."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    highest = max([q.opened for q in quarters] + [q.closed for q in quarters] + [1])
    step = _step(highest)
    top_value = step * -(-highest // step)
    scale = plot_height / top_value
    baseline = TOP + plot_height
    slot = plot_width / max(len(quarters), 1)
    bar_width = min(26.0, slot * 0.34)
    groups = []
    for index, quarter in enumerate(quarters):
        centre = LEFT + slot * index + slot / 2
        bars = []
        for offset, series, value in ((-bar_width - 1, "opened", quarter.opened), (1, "closed", quarter.closed)):
            height = value * scale
            bars.append(Bar(round(centre + offset, 1), round(baseline - height, 1), round(bar_width, 1),
                            round(height, 1), value, series))
        groups.append(Group(quarter.months, str(quarter.start.year), round(centre, 1), bars))
    ticks = [(round(baseline - v * scale, 1), v) for v in range(0, top_value + 1, step)]
    return Chart(WIDTH, HEIGHT, groups, ticks, baseline, LEFT, WIDTH - RIGHT)
