"""Node state at any step, by folding a trace's state events.

Step-back, the state panels and the storage plots read this; nothing re-runs
the simulation. Each state event is read back as its typed class
(:mod:`mailsim.trace.states`, where the vocabulary of actions lives) and
applied by that class's fold (:mod:`mailsim.trace.folds`) to a
:class:`WorldState` (:mod:`mailsim.trace.world`). Actions that mailsim does not
define (a hand-made note) change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mailsim.trace.collection import Trace
from mailsim.trace.folds import FOLDS, Fold
from mailsim.trace.records import StateEvent, TraceEvent
from mailsim.trace.states import STATES, from_event
from mailsim.trace.world import (
    CachedRRset,
    DeviceState,
    LocalCopy,
    MailboxMessage,
    QueuedMessage,
    SentMessage,
    ViewEntry,
    WorldState,
)

__all__ = [
    "CachedRRset", "DeviceState", "LocalCopy", "MailboxMessage", "QueuedMessage", "SentMessage",
    "ViewEntry", "WorldState", "describe_state", "replay", "walk",
]


def replay(trace: Trace, upto: int | None = None) -> WorldState:
    """The state after the first ``upto`` events (all of them when ``None``)."""
    state = WorldState()
    for _ in walk(trace if upto is None else trace[:upto], state):
        pass
    return state


def walk(trace: Trace, state: WorldState | None = None) -> Iterator[tuple[TraceEvent, WorldState]]:
    """Fold event by event, yielding the (same, updated) state after each one.

    For plots over time: one pass instead of a replay per step. Copy what you
    keep, the state object is reused.
    """
    state = state if state is not None else WorldState()
    for event in trace:
        state.step += 1
        state.time = event.time
        if isinstance(event, StateEvent):
            fold = _fold_of(event.action)
            if fold is not None:  # only the events that change the state need reading back
                fold(state, event.node, from_event(event))
        yield event, state


def _fold_of(action: str) -> Fold | None:
    cls = STATES.get(action)
    return FOLDS.get(cls) if cls is not None else None


def describe_state(state: WorldState) -> dict[str, Any]:
    """A plain-data summary, handy for comparisons in tests and notebooks."""
    return {
        "queues": {n: sorted(q) for n, q in state.queues.items() if q},
        "mailboxes": {
            n: {a: [m.message_id for m in msgs] for a, msgs in boxes.items()}
            for n, boxes in state.mailboxes.items()
        },
        "devices": {
            n: sorted(d.local) for n, d in state.devices.items() if d.local
        },
    }
