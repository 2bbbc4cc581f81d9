"""Node state at any step, by folding a trace's state events.

Step-back, the state panels and the storage plots read this; nothing re-runs
the simulation. Each state event is read back as its typed class
(:mod:`mailsim.trace.states`, where the vocabulary of actions lives) and
applied by that class's fold (:mod:`mailsim.trace.folds`) to a
:class:`WorldState` (:mod:`mailsim.trace.world`). Actions that mailsim does not
define (a hand-made note) change nothing.

:class:`Checkpoints` answers "the state after ``k`` events" for any ``k`` in any
order (the player, the notebook step player) while keeping only a bounded
number of snapshots: one every ``every`` events, with ``every`` chosen so that
there are at most :data:`MAX_CHECKPOINTS` of them. A jump copies the nearest
snapshot before ``k`` and folds at most ``every - 1`` events on.
"""

from __future__ import annotations

from collections import OrderedDict
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
    "CachedRRset", "Checkpoints", "DeviceState", "LocalCopy", "MailboxMessage", "QueuedMessage",
    "SentMessage", "ViewEntry", "WorldState", "checkpoint_interval", "describe_state", "replay",
    "walk",
]

# A snapshot's size grows with the mail a run has stored, so their number is
# capped: at most this many snapshots, whatever the trace's length...
MAX_CHECKPOINTS = 64
# ...and no closer together than this, where a fold is cheaper than a copy.
MIN_INTERVAL = 32
# States recently asked for, kept whole: stepping back and forth near one place.
RECENT = 8


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


def checkpoint_interval(events: int) -> int:
    """Events between two snapshots of a trace of ``events`` events.

    At least :data:`MIN_INTERVAL`, and large enough that ``ceil(events / every)``
    stays within :data:`MAX_CHECKPOINTS` (200,000 events: one snapshot every 3,125).
    """
    return max(MIN_INTERVAL, -(-events // MAX_CHECKPOINTS))


class Checkpoints:
    """The state after any number of events, folded from the nearest snapshot.

    Snapshots are taken lazily, every ``every`` events (the state after 0,
    ``every``, ``2 * every``... events), so at most ``ceil(len(trace) / every) + 1``
    are ever kept; the last ``recent`` states asked for are kept too. Returned
    states are shared with the cache: read them, never change them.
    """

    def __init__(self, trace: Trace, every: int | None = None, recent: int = RECENT) -> None:
        if every is not None and every < 1:
            raise ValueError(f"every must be at least 1, got {every}")
        self._trace = trace
        self.every = every if every is not None else checkpoint_interval(len(trace))
        self._snapshots: list[WorldState] = [WorldState()]
        self._recent: OrderedDict[int, WorldState] = OrderedDict()
        self._recent_size = recent

    @property
    def snapshots(self) -> int:
        """How many snapshots are kept now."""
        return len(self._snapshots)

    def after(self, count: int) -> WorldState:
        """The state after the first ``count`` events (equal to ``replay(trace, count)``)."""
        count = max(0, min(count, len(self._trace)))
        state = self._recent.get(count)
        if state is not None:
            self._recent.move_to_end(count)
            return state
        base = count // self.every
        self._extend(base)
        start = base * self.every
        previous = self._recent.get(count - 1)
        if previous is not None and count - 1 > start:
            # One step on from the last state shown (playing, Enter): fold one event.
            state, start = previous.copy(), count - 1
        else:
            state = self._snapshots[base].copy()
        for _ in walk(self._trace[start:count], state):
            pass
        self._recent[count] = state
        if len(self._recent) > self._recent_size:
            self._recent.popitem(last=False)
        return state

    def _extend(self, index: int) -> None:
        """Take the snapshots up to number ``index``, each folded on from the one before."""
        while len(self._snapshots) <= index:
            last = len(self._snapshots) - 1
            state = self._snapshots[last].copy()
            start = last * self.every
            for _ in walk(self._trace[start : start + self.every], state):
                pass
            self._snapshots.append(state)


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
