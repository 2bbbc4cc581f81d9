"""Collecting a trace while a run goes on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mailsim.trace.collection import Trace
from mailsim.trace.records import MessageEvent, StateEvent, TraceEvent, TraceHeader


class TraceRecorder:
    """Collects events during a run, numbering them in the order they happen.

    The network is the only writer; nodes report state through it. An optional
    sink receives each record as it is made (``serve`` streams JSONL that way).
    """

    def __init__(self, sink: Callable[[TraceEvent], None] | None = None) -> None:
        self._events: list[TraceEvent] = []
        self._sink = sink

    def _add(self, event: TraceEvent) -> None:
        self._events.append(event)
        if self._sink is not None:
            self._sink(event)

    def message(self, **fields: Any) -> MessageEvent:
        event = MessageEvent(seq=len(self._events), **fields)
        self._add(event)
        return event

    def state(self, t: float, node: str, action: str, **data: Any) -> StateEvent:
        event = StateEvent(seq=len(self._events), t=t, node=node, action=action, data=data)
        self._add(event)
        return event

    def __len__(self) -> int:
        return len(self._events)

    def freeze(self, header: TraceHeader) -> Trace:
        return Trace(header, self._events)
