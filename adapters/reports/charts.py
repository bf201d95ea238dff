"""The geometry of the report's charts: where each bar, mark and label goes. The templates
draw them as SVG inside the page (charts.html); every chart's figures are also in a table.

Hand-written rather than drawn by a chart library: pygal, the SVG chart library measured for
this, took 94 ms for a bar chart of 60 years and 171 ms for a timeline, against 4.0 and 4.4 ms
here on the same machine; the 10,000 charts of a 5,000-partnership register would take pygal
about 22 minutes, far past the 120 s its whole report may take (README, "Reports people read").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from adapters.reports.figures import TimelineYear, YearLine
from adapters.reports.formats import money

WIDTH = 720
_LEFT, _RIGHT, _TOP, _BOTTOM = 84, 12, 16, 44


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    href: str
    labelled: bool


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    base: float
    bars: list[Bar]
    gridlines: list[Gridline]


def _step(top: int) -> int:
    """A round step for gridlines: 1, 2 or 5 times a power of ten, about four to the top."""
    if top <= 0:
        return 1
    rough = top / 4
    power = 10 ** math.floor(math.log10(rough))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= rough))


def _every(count: int, room: float) -> int:
    """Label every n-th bar so that labels (about 44 px wide) do not overlap."""
    return max(1, math.ceil(44 / room)) if count else 1


def spend_chart(years: list[YearLine], *, link: str = "#", height: int = 260) -> BarChart:
    """Spend by UK financial year, each bar linking to its year's row (``link`` + anchor)."""
    plot_width = WIDTH - _LEFT - _RIGHT
    plot_height = height - _TOP - _BOTTOM
    top = max((y.pence for y in years), default=0)
    step = _step(top)
    ceiling = max(step, math.ceil(top / step) * step)
    room = plot_width / max(1, len(years))
    every = _every(len(years), room)
    base = _TOP + plot_height
    bars = [
        Bar(
            x=round(_LEFT + i * room + room * 0.1, 1),
            y=round(base - y.pence / ceiling * plot_height, 1),
            width=round(room * 0.8, 1),
            height=round(y.pence / ceiling * plot_height, 1),
            label=y.year,
            value=y.total.text,
            href=link + y.anchor,
            labelled=i % every == 0,
        )
        for i, y in enumerate(years)
    ]
    gridlines = [
        Gridline(round(base - k * step / ceiling * plot_height, 1), money(k * step)[:-3])
        for k in range(ceiling // step + 1)
    ]
    return BarChart(WIDTH, height, _LEFT, base, bars, gridlines)


@dataclass(frozen=True)
class Column:
    x: float
    width: float
    year: int
    up: float
    down: float
    radius: float
    rooms: int
    labelled: bool
    title: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: int
    middle: float
    lane: float
    columns: list[Column]
    severed_x: float | None


def timeline(years: list[TimelineYear], severed_year: int | None, height: int = 240) -> Timeline:
    """The partnership's years: visits in above the line, visits out below it, a circle for
    the expenses (its area by their number), a diamond for rooms named, a red line for the
    severance."""
    plot_width = WIDTH - _LEFT - _RIGHT
    room = plot_width / max(1, len(years))
    lane = height - 40.0  # the expenses' lane, under the bars
    middle = _TOP + (lane - _TOP - 24) / 2
    half = middle - _TOP - 4
    most_visits = max((max(y.inbound, y.outbound) for y in years), default=0) or 1
    most_expenses = max((y.expenses for y in years), default=0) or 1
    every = _every(len(years), room)
    columns = []
    for i, y in enumerate(years):
        x = _LEFT + i * room
        title = (
            f"{y.year}: {y.inbound} visits in, {y.outbound} visits out, "
            f"{y.expenses} expenses, {y.rooms} rooms named"
        )
        columns.append(
            Column(
                x=round(x + room * 0.15, 1),
                width=round(room * 0.7, 1),
                year=y.year,
                up=round(y.inbound / most_visits * half, 1),
                down=round(y.outbound / most_visits * half, 1),
                radius=round(min(room / 2, 9) * math.sqrt(y.expenses / most_expenses), 1),
                rooms=y.rooms,
                labelled=i % every == 0,
                title=title,
            )
        )
    severed_x = None
    if severed_year is not None and years:
        severed_x = round(_LEFT + (severed_year - years[0].year + 0.5) * room, 1)
    return Timeline(WIDTH, height, _LEFT, middle, lane, columns, severed_x)
