"""Collecting a trace while a run goes on."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from mailsim.trace.collection import Trace
from mailsim.trace.records import (
    MessageEvent,
    StateEvent,
    TraceEvent,
    TraceHeader,
    _MessageDraft,
    make_state,
)

_new = object.__new__


class TraceRecorder:
    """Collects events during a run, numbering them in the order they happen.

    The network is the only writer; nodes report state through it. An optional
    sink receives each record as it is made (``serve`` streams JSONL that way).
    With ``keep``, only the last ``keep`` events stay in memory (a long
    ``serve``): the sink has them all, :meth:`freeze` gives the latest.

    :meth:`unit` and :meth:`state_data` are the network's positional fast
    paths; :meth:`message` and :meth:`state` take keywords. A subclass that
    refines ``message`` (or ``state``) still sees every record: the fast path
    then goes through it (see ``__init_subclass__``).
    """

    def __init__(self, sink: Callable[[TraceEvent], None] | None = None, *,
                 keep: int | None = None) -> None:
        if keep is not None and keep < 1:
            raise ValueError("keep must be at least 1")
        self._events: deque[TraceEvent] = deque(maxlen=keep)
        self._append = self._events.append
        self._sink = sink
        self._count = 0  # events recorded, kept or not: the next seq

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "message" in cls.__dict__ and "unit" not in cls.__dict__:
            cls.unit = TraceRecorder._unit_through_message  # type: ignore[method-assign]
        if "state" in cls.__dict__ and "state_data" not in cls.__dict__:
            cls.state_data = TraceRecorder._state_through_state  # type: ignore[method-assign]

    def _add(self, event: TraceEvent) -> None:
        self._append(event)
        self._count += 1
        if self._sink is not None:
            self._sink(event)

    def unit(self, t_sent: float, t_arrived: float | None, src: str, dst: str, protocol: str,
             port: int, conn: str | None, text: str, size: int, encrypted: bool) -> None:
        """Record one unit on the wire (the fields of :class:`MessageEvent`, in order)."""
        # make_message, inlined: this runs once per unit on the wire.
        event: Any = _new(_MessageDraft)  # a MessageEvent once its class is set below
        event.seq = self._count
        event.t_sent = t_sent
        event.t_arrived = t_arrived
        event.src = src
        event.dst = dst
        event.protocol = protocol
        event.port = port
        event.conn = conn
        event.text = text
        event.size = size
        event.encrypted = encrypted
        event.live = False
        event.kind = "message"
        event.__class__ = MessageEvent
        self._append(event)
        self._count += 1
        if self._sink is not None:
            self._sink(event)

    def state_data(self, t: float, node: str, action: str, data: dict[str, Any]) -> None:
        """Record a change of ``node``; ``data`` becomes the record's own (not copied)."""
        event = make_state(self._count, t, node, action, data)
        self._append(event)
        self._count += 1
        if self._sink is not None:
            self._sink(event)

    def _unit_through_message(self, t_sent: float, t_arrived: float | None, src: str, dst: str,
                              protocol: str, port: int, conn: str | None, text: str, size: int,
                              encrypted: bool) -> None:
        self.message(t_sent=t_sent, t_arrived=t_arrived, src=src, dst=dst, protocol=protocol,
                     port=port, conn=conn, text=text, size=size, encrypted=encrypted)

    def _state_through_state(self, t: float, node: str, action: str,
                             data: dict[str, Any]) -> None:
        self.state(t, node, action, **data)

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
