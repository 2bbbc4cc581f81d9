"""Layout shared by the sequence diagrams: the time axis (and, re-exported from
:mod:`mailsim.views.lifelines`, the lifeline order).

Simulated time spans milliseconds (a DNS answer) to days (a retry schedule).
A proportional axis therefore compresses idle gaps: any gap longer than
``max_gap`` is drawn ``gap_height`` tall and marked, so the busy parts stay
readable. A compact axis gives every event one row instead.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from mailsim.trace import MessageEvent, Trace, TraceEvent
from mailsim.views.lifelines import lifeline_order as lifeline_order


@dataclass(frozen=True, slots=True)
class Gap:
    """An idle stretch drawn shorter than it was."""

    start: float  # simulated seconds
    end: float
    at: float  # where it starts on the drawn axis

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(slots=True)
class TimeAxis:
    """Maps simulated time to a drawn coordinate (0 at the first event)."""

    origin: float = 0.0
    breaks: list[tuple[float, float]] = field(default_factory=list)  # idle (start, end)
    max_gap: float = float("inf")
    gap_height: float = 0.0

    def __call__(self, t: float) -> float:
        """Drawn position of time ``t``: real time minus the compressed part of gaps before it."""
        removed = 0.0
        for t0, t1 in self.breaks:
            if t >= t1:
                removed += (t1 - t0) - self.gap_height
            elif t > t0:
                span = t1 - t0
                removed += (t - t0) * (1 - self.gap_height / span)
                break
            else:
                break
        return t - self.origin - removed

    @property
    def gaps(self) -> list[Gap]:
        return [Gap(t0, t1, self(t0)) for t0, t1 in self.breaks]


def proportional_axis(times: Sequence[float], *, max_gap: float | None = None,
                      gap_height: float | None = None) -> TimeAxis:
    """A time axis whose gaps longer than ``max_gap`` are squeezed to ``gap_height``.

    By default a gap counts as idle when it is longer than a quarter of the busy
    time and at least a second; it is then drawn as tall as the longest busy
    stretch between two events (but at least 5 % of the drawing).
    """
    points = sorted(set(times))
    if len(points) < 2:
        return TimeAxis(points[0] if points else 0.0)
    steps = [b - a for a, b in itertools.pairwise(points)]
    if max_gap is None:
        busy = sorted(steps)[: max(1, int(len(steps) * 0.9))]
        max_gap = max(1.0, sum(busy) / 4, max(busy) * 3)
    long_steps = [(a, b) for a, b in itertools.pairwise(points) if b - a > max_gap]
    if gap_height is None:
        short = [s for s in steps if s <= max_gap]
        total_short = sum(short)
        gap_height = max(max(short, default=0.0), 0.05 * (total_short or 1.0))
    axis = TimeAxis(points[0], [], max_gap, min(gap_height, max_gap))
    axis.breaks = long_steps
    return axis


def compact_rows(trace: Trace) -> dict[int, int]:
    """Compact axis: one row per event, in sequence order (seq -> row)."""
    return {event.seq: row for row, event in enumerate(trace)}


def message_span(event: MessageEvent) -> tuple[float, float]:
    """Send and arrival time; a lost unit is drawn to its send time."""
    return event.t_sent, event.t_arrived if event.t_arrived is not None else event.t_sent


# --- rows for drawn diagrams -------------------------------------------------------

AxisKind = Literal["proportional", "compact"]


@dataclass(frozen=True, slots=True)
class Break:
    """An idle stretch from ``start`` to ``end`` (simulated), drawn from row ``y0`` to ``y1``."""

    start: float
    end: float
    y0: float
    y1: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(slots=True)
class RowLayout:
    """Where each event sits on a drawn time axis, in rows (one row fits one label).

    Every event gets its own row, so labels never overlap. On the proportional
    axis the distance between two events also grows with the time between them
    (``rows_per_second``), up to ``max_rows``; idle gaps become :class:`Break`\\ s.
    ``y(t)`` places any other instant, such as an arrival, between the rows.
    """

    rows: dict[int, float]  # seq -> drawn row
    times: list[float]  # the anchors, sorted by time
    ys: list[float]
    breaks: list[Break]
    rows_per_second: float
    max_rows: float

    @property
    def height(self) -> float:
        return self.ys[-1] if self.ys else 0.0

    def y(self, t: float) -> float:
        """Drawn row of time ``t``: the first event row at that instant, or interpolated."""
        if not self.times:
            return 0.0
        k = bisect_left(self.times, t)
        if k < len(self.times) and self.times[k] == t:
            return self.ys[k]
        if k == 0:
            return self.ys[0]
        if k == len(self.times):
            extra = (t - self.times[-1]) * self.rows_per_second
            return self.ys[-1] + min(max(extra, 0.6), self.max_rows)
        t0, t1, y0, y1 = self.times[k - 1], self.times[k], self.ys[k - 1], self.ys[k]
        return y0 + (y1 - y0) * (t - t0) / (t1 - t0)

    def arrival(self, event: MessageEvent) -> float:
        """Row where the arrow of ``event`` ends (its send row when it was lost)."""
        start = self.rows[event.seq]
        if event.t_arrived is None:
            return start
        return max(self.y(event.t_arrived), start + 0.3)

    def time_at(self, y: float) -> float | None:
        """The simulated time drawn at row ``y`` (``None`` outside the anchors)."""
        if not self.ys or y < self.ys[0] or y > self.ys[-1]:
            return None
        k = bisect_left(self.ys, y)
        if self.ys[k] == y or k == 0:
            return self.times[k]
        y0, y1, t0, t1 = self.ys[k - 1], self.ys[k], self.times[k - 1], self.times[k]
        return t0 + (t1 - t0) * (y - y0) / (y1 - y0) if y1 > y0 else t0


def idle_threshold(steps: Sequence[float]) -> float:
    """How long a pause must be to count as idle: 12 busy steps, and at least 0.2 s."""
    busy = sorted(s for s in steps if s > 0)
    median = busy[len(busy) // 2] if busy else 0.0
    return max(0.2, 12 * median)


def row_layout(trace: Trace, axis: AxisKind = "proportional", *, stretch: float = 1.4,
               max_rows: float = 6.0, gap_rows: float = 3.0,
               max_gap: float | None = None,
               extra: Mapping[int, float] | None = None) -> RowLayout:
    """Rows for the events of ``trace`` (in time order, ties by sequence number).

    ``compact``: one row per event, and a break row before each idle gap.
    ``proportional``: as compact, but a step of ``d`` seconds is drawn
    ``max(1, d * rows_per_second)`` rows tall (at most ``max_rows``), with
    ``rows_per_second`` the largest rate that keeps the whole drawing within
    ``stretch`` times the compact height. Gaps longer than ``max_gap``
    (default: :func:`idle_threshold`) are drawn ``gap_rows`` tall in both modes.
    ``extra`` (seq -> rows) leaves that much more room after an event, for the
    text drawn over the next one's label; no time passes in it, so an arrival
    due by the next event lands above the room, not inside it.
    """
    events = sorted(trace, key=lambda e: (e.time, e.seq))
    times = [e.time for e in events]
    busy_until = _busy_until(events)
    waits = [t - before for t, before in zip(times[1:], busy_until, strict=False)]
    steps = [b - a for a, b in itertools.pairwise(times)]
    threshold = idle_threshold(steps) if max_gap is None else max_gap
    rate = 0.0
    if axis == "proportional":
        rate = _rate_within(steps, [w > threshold for w in waits], budget=stretch * len(events),
                            max_rows=max_rows, gap_rows=gap_rows)
    knots: list[tuple[float, float]] = []
    breaks: list[Break] = []
    rows: dict[int, float] = {}
    y = 0.0
    for index, event in enumerate(events):
        t = times[index]
        room = extra.get(events[index - 1].seq, 0.0) if index and extra else 0.0
        if index:
            if waits[index - 1] > threshold:
                # The last arrivals land before the break, which starts when all is quiet.
                quiet = busy_until[index - 1]
                if quiet > times[index - 1]:
                    y += min(max(0.8, (quiet - times[index - 1]) * rate), max_rows)
                    knots.append((quiet, y))
                breaks.append(Break(quiet, t, y + 0.3, y + gap_rows - 1.1))
                y += gap_rows
            else:
                y += min(max(1.0, steps[index - 1] * rate), max_rows)
        if room:  # the room stops the clock: what arrives by now lands above it
            knots.append((t, y))
            y += room
        knots.append((t, y))
        rows[event.seq] = y
    return RowLayout(rows, [k[0] for k in knots], [k[1] for k in knots], breaks,
                     rate or 1.0 / max(threshold, 1e-9), max_rows)


def _busy_until(events: Sequence[TraceEvent]) -> list[float]:
    """For each event, the latest instant anything up to it was still under way."""
    out: list[float] = []
    latest = float("-inf")
    for event in events:
        end = event.time
        if isinstance(event, MessageEvent) and event.t_arrived is not None:
            end = max(end, event.t_arrived)
        latest = max(latest, end)
        out.append(latest)
    return out


def _rate_within(steps: Sequence[float], idle: Sequence[bool], *, budget: float,
                 max_rows: float, gap_rows: float) -> float:
    """The largest rows-per-second whose drawing stays within ``budget`` rows."""

    def height(rate: float) -> float:
        return 1.0 + sum(gap_rows if gap else min(max(1.0, s * rate), max_rows)
                         for s, gap in zip(steps, idle, strict=True))

    busy = [s for s, gap in zip(steps, idle, strict=True) if s > 0 and not gap]
    if not busy or height(0.0) >= budget:
        return 0.0
    low, high = 0.0, max_rows / min(busy)
    if height(high) <= budget:
        return high
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (middle, high) if height(middle) <= budget else (low, middle)
    return low
