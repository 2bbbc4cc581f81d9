"""Layout shared by the sequence diagrams: lifeline order and the time axis.

Lifelines follow the route of a mail — the sending client, its mail server's
authentication server, the mail server, the relay, DNS, the recipient's side,
and the devices that only read mail last — so arrows mostly run left to right.

Simulated time spans milliseconds (a DNS answer) to days (a retry schedule).
A proportional axis therefore compresses idle gaps: any gap longer than
``max_gap`` is drawn ``gap_height`` tall and marked, so the busy parts stay
readable. A compact axis gives every event one row instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mailsim.trace import MessageEvent, Trace

SUBMISSION_PORTS = frozenset({587, 465})


def lifeline_order(trace: Trace) -> list[str]:
    """Hosts that take part in ``trace``, ordered along the mail's route."""
    roles = dict(trace.header.hosts)
    seen: dict[str, None] = {}
    first_caller: dict[str, str] = {}
    senders: set[str] = set()
    for event in trace.messages():
        for host in (event.src, event.dst):
            seen.setdefault(host, None)
        first_caller.setdefault(event.dst, event.src)
        if event.port in SUBMISSION_PORTS:
            senders.add(event.src)
    for event in trace.states():
        seen.setdefault(event.node, None)
    order = list(seen)
    # Authentication servers stand just left of the mail server that asks them.
    for host in [h for h in order if roles.get(h) == "auth"]:
        caller = first_caller.get(host)
        if caller in order and caller != host:
            order.remove(host)
            order.insert(order.index(caller), host)
    # Devices that only read mail come last, after the recipient's server.
    readers = [h for h in order if roles.get(h) == "client" and h not in senders]
    return [h for h in order if h not in readers] + readers


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
    steps = [b - a for a, b in zip(points, points[1:], strict=False)]
    if max_gap is None:
        busy = sorted(steps)[: max(1, int(len(steps) * 0.9))]
        max_gap = max(1.0, sum(busy) / 4, max(busy) * 3)
    long_steps = [(a, b) for a, b in zip(points, points[1:], strict=False) if b - a > max_gap]
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
