"""The sequence diagram's data (views/html/sections/sequence.py), without a browser: the
rows are the figures' row_layout on both axes, each connection's listening side is the
figures' and its lanes never overlap, and every array has one entry per event."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.study.sample import sample_scenario
from mailsim.trace import MessageEvent, Trace
from mailsim.views.html.sections import sequence
from mailsim.views.phases import connection_key
from mailsim.views.sequence_connections import listeners
from mailsim.views.text import is_message_content
from mailsim.views.timeline import row_layout

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"


@pytest.fixture(scope="module", params=["golden", "relay-outage", "pop3-vs-imap", "dns-cache"])
def trace(request: pytest.FixtureRequest) -> Trace:
    """The golden trace; lost lines and long gaps; many connections; DNS over UDP and TCP."""
    if request.param == "golden":
        return Trace.read_jsonl(GOLDEN)
    return run_scenario(sample_scenario(load_scenario(request.param)))


def test_rows_and_arrivals_are_row_layouts_on_both_axes(trace: Trace) -> None:
    data = sequence.build(trace)
    for axis in ("proportional", "compact"):
        layout = row_layout(trace, axis)
        drawn = data["axes"][axis]
        assert len(drawn["rows"]) == len(drawn["arrive"]) == len(trace)
        for event in trace:
            row = layout.rows[event.seq]
            assert drawn["rows"][event.seq] == pytest.approx(row, abs=0.006)
            if isinstance(event, MessageEvent):
                arrow = layout.arrival(event) - row
                assert drawn["arrive"][event.seq] == pytest.approx(arrow, abs=0.006)
            else:
                assert drawn["arrive"][event.seq] == 0
        assert [b[2:] for b in drawn["breaks"]] == [[b.start, b.end] for b in layout.breaks]
        assert drawn["height"] >= layout.height - 0.006


def test_connections_listen_where_the_figures_say_and_lanes_never_overlap(trace: Trace) -> None:
    data = sequence.build(trace)
    servers = listeners(trace)
    layout = row_layout(trace, "proportional")
    latest: dict[tuple[frozenset[str], int], int] = {}
    keys: dict[object, int] = {}
    spans: dict[int, list[float]] = {}
    for event in trace:
        if not isinstance(event, MessageEvent):
            assert data["group"][event.seq] == -1
            continue
        group = data["group"][event.seq]
        assert keys.setdefault(connection_key(event, latest), group) == group  # one id a connection
        span = spans.setdefault(group, [layout.rows[event.seq], layout.arrival(event)])
        span[1] = max(span[1], layout.arrival(event))
    assert sorted(keys.values()) == list(range(len(data["groups"])))
    bars: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for group, (first, side, lane) in enumerate(data["groups"]):
        event = trace[first]
        assert isinstance(event, MessageEvent) and data["group"][first] == group
        host = event.src if side else event.dst
        if event.conn is not None:
            assert host == servers[event.conn]
        elif event.text.startswith("QUERY"):
            assert host == event.dst
        bars.setdefault((host, lane), []).append((spans[group][0], spans[group][1]))
    for same_lane in bars.values():
        same_lane.sort()
        for (_, end), (start, _) in itertools.pairwise(same_lane):
            assert start >= end


def test_message_bodies_are_marked(trace: Trace) -> None:
    data = sequence.build(trace)
    bodies = [e.seq for e in trace.messages() if is_message_content(e)]
    assert data["content"] == bodies
    assert bodies or not any(e.text.startswith("DATA") for e in trace.messages())
