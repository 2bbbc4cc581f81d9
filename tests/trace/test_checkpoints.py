"""The state fold keeps a bounded number of snapshots, and a jump equals a full fold.

Structure only: how many snapshots are kept, what a jump returns, what a copy
shares. Nothing here times or weighs anything (benchmarks/trace_memory.py does).
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.scenario import bundled_names, load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import Trace
from mailsim.trace.replay import (
    MAX_CHECKPOINTS,
    MIN_INTERVAL,
    Checkpoints,
    WorldState,
    checkpoint_interval,
    replay,
    walk,
)

# Scenarios whose states use every part of the world: queues, mailboxes with
# flags and deletions, DNS caches, outboxes, POP3 and IMAP devices, offline.
RICH = ("article-route", "imap-two-devices", "pop3-two-devices", "dns-cache", "relay-outage",
        "sent-mail")


@cache
def trace_of(name: str) -> Trace:
    return run_scenario(load_scenario(name))


def test_the_rich_scenarios_are_bundled() -> None:
    assert set(RICH) <= set(bundled_names())


def longest() -> Trace:
    return max((trace_of(name) for name in RICH), key=len)


@given(events=st.integers(min_value=0, max_value=10**7))
def test_the_interval_caps_the_number_of_snapshots(events: int) -> None:
    every = checkpoint_interval(events)
    assert every >= MIN_INTERVAL
    assert math.ceil(events / every) <= MAX_CHECKPOINTS
    # ...and is no larger than it needs to be, so a jump folds as few events as it can.
    assert every == MIN_INTERVAL or math.ceil(events / (every - 1)) > MAX_CHECKPOINTS


def test_two_hundred_thousand_events_keep_at_most_65_snapshots() -> None:
    every = checkpoint_interval(200_000)
    assert every == 3125 and 200_000 // every + 1 == MAX_CHECKPOINTS + 1


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(RICH), every=st.integers(min_value=1, max_value=80),
       recent=st.integers(min_value=0, max_value=5), data=st.data())
def test_a_jump_equals_a_full_fold_and_snapshots_stay_bounded(
        name: str, every: int, recent: int, data: st.DataObject) -> None:
    trace = trace_of(name)
    states = Checkpoints(trace, every=every, recent=recent)
    jumps = data.draw(st.lists(st.integers(min_value=-3, max_value=len(trace) + 3),
                               min_size=1, max_size=12))
    for k in jumps:
        assert states.after(k) == replay(trace, upto=max(0, k)), k
        assert states.snapshots <= math.ceil(len(trace) / every) + 1
    # The cache hands out shared states: asking again must not have changed them.
    assert states.after(jumps[-1]) == replay(trace, upto=max(0, jumps[-1]))


def test_stepping_on_one_event_at_a_time_equals_the_walk() -> None:
    trace = longest()
    states = Checkpoints(trace, every=16, recent=2)
    for count, (_, state) in enumerate(walk(trace), start=1):
        assert states.after(count) == state, count
    assert states.snapshots == len(trace) // 16 + 1


def test_jumping_to_the_end_then_back_keeps_one_snapshot_per_interval() -> None:
    trace = longest()
    states = Checkpoints(trace)
    assert states.every == checkpoint_interval(len(trace))
    states.after(len(trace))
    kept = states.snapshots
    assert kept == len(trace) // states.every + 1
    states.after(0)
    states.after(len(trace) // 2)
    assert states.snapshots == kept, "going back takes no new snapshot"


def test_an_interval_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="every must be at least 1"):
        Checkpoints(trace_of("article-route"), every=0)


def _mutable_parts(value: Any) -> Iterator[Any]:
    """Every list, dict, set and dataclass inside ``value`` (``value`` included)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for f in dataclasses.fields(value):
            yield from _mutable_parts(getattr(value, f.name))
    elif isinstance(value, dict):
        yield value
        for key, item in value.items():
            yield from _mutable_parts(key)
            yield from _mutable_parts(item)
    elif isinstance(value, (list, set)):
        yield value
        for item in value:
            yield from _mutable_parts(item)


@pytest.mark.parametrize("name", RICH)
def test_a_copy_equals_a_deep_copy_and_shares_nothing_mutable(name: str) -> None:
    for _, state in walk(trace_of(name)):
        copied = state.copy()
        assert copied == copy.deepcopy(state)
        originals = {id(part) for part in _mutable_parts(state)}
        assert not [p for p in _mutable_parts(copied) if id(p) in originals]


def test_the_rich_scenarios_fill_every_part_of_the_world() -> None:
    """Else the copy test above would not see a field that a copy forgets."""
    filled = {f.name: False for f in dataclasses.fields(WorldState)
              if f.name not in ("step", "time")}
    flags = local = view = offline = False
    for name in RICH:
        for _, state in walk(trace_of(name)):
            for part in filled:
                filled[part] = filled[part] or bool(getattr(state, part))
            flags |= any(m.flags for boxes in state.mailboxes.values()
                         for box in boxes.values() for m in box)
            local |= any(d.local for d in state.devices.values())
            view |= any(d.view for d in state.devices.values())
            offline |= any(not d.online for d in state.devices.values())
    assert all(filled.values()), filled
    assert flags and local and view and offline
