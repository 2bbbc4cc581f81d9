"""The sequence diagram's data: each event's row on both time axes, the idle gaps, and
the connections with their listening side, worked out with the figures' own functions
(:func:`~mailsim.views.timeline.row_layout`,
:func:`~mailsim.views.sequence_connections.listeners`), so the page and the figures
place every arrow and bar alike.

Everything is an array by event position (compact for a 20,000-event trace); rows are
in row units (one label line) and rounded to a hundredth of a row.
"""

from __future__ import annotations

from typing import Any

from mailsim.trace import MessageEvent, Trace
from mailsim.views.phases import connection_key
from mailsim.views.sequence_connections import Lanes, listeners
from mailsim.views.text import is_message_content
from mailsim.views.timeline import AxisKind, RowLayout, row_layout

NAME = "sequence"
AXES: tuple[AxisKind, ...] = ("proportional", "compact")


def _r(value: float) -> float:
    """A row to a hundredth, written as an integer when it is one (the compact axis's are)."""
    rounded = round(value, 2)
    return int(rounded) if rounded.is_integer() else rounded


def axis_data(trace: Trace, layout: RowLayout) -> dict[str, Any]:
    """``rows`` (send row of each event), ``arrive`` (rows from send to arrival, 0 for a
    state change or a lost unit), ``breaks`` (``[y0, y1, start, end]`` of each idle gap:
    drawn rows and simulated seconds) and ``height`` (rows)."""
    rows = [_r(layout.rows[event.seq]) for event in trace]
    arrive = [_r(layout.arrival(event) - layout.rows[event.seq])
              if isinstance(event, MessageEvent) else 0 for event in trace]
    ends = [r + a for r, a in zip(rows, arrive, strict=True)]
    return {
        "rows": rows,
        "arrive": arrive,
        "breaks": [[_r(b.y0), _r(b.y1), b.start, b.end] for b in layout.breaks],
        "height": _r(max([layout.height, *ends])),
    }


def connection_groups(trace: Trace, layout: RowLayout) -> tuple[list[int], list[list[int]]]:
    """Each event's connection (-1: none) and each connection's ``[first position,
    side, lane]``: side 0 when the first line's receiver listens, 1 when its sender does;
    lanes as the figures take them (:class:`~mailsim.views.sequence_connections.Lanes`).

    A DNS query and its answer make a connection of their own
    (:func:`~mailsim.views.phases.connection_key`).
    """
    servers = listeners(trace)
    ports = {(host, port) for host, port, _ in trace.header.ports}
    keys: dict[object, int] = {}
    members: list[list[MessageEvent]] = []
    group = [-1] * len(trace)
    latest: dict[tuple[frozenset[str], int], int] = {}
    for position, event in enumerate(trace):
        if not isinstance(event, MessageEvent):
            continue
        key = connection_key(event, latest)
        if key not in keys:
            keys[key] = len(members)
            members.append([])
        group[position] = keys[key]
        members[keys[key]].append(event)
    position_of = {event.seq: n for n, event in enumerate(trace)}
    lanes: dict[str, Lanes] = {}
    groups: list[list[int]] = []
    for events in members:
        first = events[0]
        server = servers.get(first.conn) if first.conn is not None else None
        if server is None:  # no connection id (DNS over UDP): the side that owns the port
            server = first.src if (first.src, first.port) in ports and (
                first.dst, first.port) not in ports else first.dst
        y0 = layout.rows[first.seq]
        y1 = max(layout.arrival(e) for e in events)
        lane = lanes.setdefault(server, Lanes()).take(y0, y1)
        groups.append([position_of[first.seq], int(server == first.src and server != first.dst),
                       lane])
    return group, groups


def build(trace: Trace) -> dict[str, Any]:
    """The diagram's rows on both axes, the connections, and which lines are a mail's body."""
    layouts = {axis: row_layout(trace, axis) for axis in AXES}
    group, groups = connection_groups(trace, layouts["proportional"])
    return {
        "axes": {axis: axis_data(trace, layout) for axis, layout in layouts.items()},
        "group": group,
        "groups": groups,
        "content": [n for n, event in enumerate(trace)
                    if isinstance(event, MessageEvent) and is_message_content(event)],
    }
