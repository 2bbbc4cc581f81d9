"""Collecting a trace while a run goes on."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from mailsim.trace.collection import Trace
from mailsim.trace.records import MessageEvent, StateEvent, TraceEvent, TraceHeader


class TraceRecorder:
    """Collects events during a run, numbering them in the order they happen.

    The network is the only writer; nodes report state through it. An optional
    sink receives each record as it is made (``serve`` streams JSONL that way).
    With ``keep``, only the last ``keep`` events stay in memory (a long
    ``serve``): the sink has them all, :meth:`freeze` gives the latest.
    """

    def __init__(self, sink: Callable[[TraceEvent], None] | None = None, *,
                 keep: int | None = None) -> None:
        if keep is not None and keep < 1:
            raise ValueError("keep must be at least 1")
        self._events: deque[TraceEvent] = deque(maxlen=keep)
        self._sink = sink
        self._count = 0  # events recorded, kept or not: the next seq

    def _add(self, event: TraceEvent) -> None:
        self._events.append(event)
        self._count += 1
        if self._sink is not None:
            self._sink(event)

    def message(self, **fields: Any) -> MessageEvent:
        event = MessageEvent(seq=self._count, **fields)
        self._add(event)
        return event

    def state(self, t: float, node: str, action: str, **data: Any) -> StateEvent:
        event = StateEvent(seq=self._count, t=t, node=node, action=action, data=data)
        self._add(event)
        return event

    def __len__(self) -> int:
        """Events recorded so far (more than :meth:`freeze` holds once ``keep`` is passed)."""
        return self._count

    @property
    def dropped(self) -> int:
        """Events no longer in memory (only in the sink)."""
        return self._count - len(self._events)

    def freeze(self, header: TraceHeader) -> Trace:
        return Trace(header, tuple(self._events))
