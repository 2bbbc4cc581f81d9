"""The trace: the one output of a run, and the only input of every view.

A trace is an ordered list of frozen records:

* :class:`MessageEvent` — something that crossed the network: a protocol line
  (or a group of lines sent in one write), a DNS datagram, a TCP segment that
  opens or closes a connection.
* :class:`StateEvent` — something that changed inside a node: a message queued,
  stored in a mailbox, a DNS cache hit, a credential check.

Records carry a sequence number (their position), so a slice of a trace still
knows where it came from. JSONL is the file format: one header line, then one
record per line, with sorted keys, so the same run always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, overload

from mailsim.trace.codec import dumps, event_to_dict, header_dict
from mailsim.trace.reader import ReadLimits, read_records
from mailsim.trace.records import MessageEvent, StateEvent, TraceEvent, TraceHeader

__all__ = ["DISPLAY_HOOKS", "Trace"]

# How a trace shows itself in a notebook or a rich console. The views register
# these (mailsim.views.notebook): they sit above this module and may not be
# imported from here.
DISPLAY_HOOKS: dict[str, Callable[[Trace], Any]] = {}


class Trace(Sequence[TraceEvent]):
    """An ordered, immutable collection of trace events with a header."""

    __slots__ = ("_events", "header")

    def __init__(self, header: TraceHeader, events: Iterable[TraceEvent] = ()) -> None:
        self.header = header
        self._events: tuple[TraceEvent, ...] = tuple(events)

    @overload
    def __getitem__(self, index: int) -> TraceEvent: ...
    @overload
    def __getitem__(self, index: slice) -> Trace: ...
    def __getitem__(self, index: int | slice) -> TraceEvent | Trace:
        if isinstance(index, slice):
            return Trace(self.header, self._events[index])
        return self._events[index]

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[TraceEvent]:
        return iter(self._events)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Trace):
            return NotImplemented
        return self.header == other.header and self._events == other._events

    def __hash__(self) -> int:
        return hash((self.header, len(self._events)))

    def __repr__(self) -> str:
        return f"<Trace {self.header.scenario!r}: {len(self)} events>"

    def _repr_html_(self) -> str | None:
        """Jupyter shows a table (once :mod:`mailsim.notebook` is imported)."""
        show = DISPLAY_HOOKS.get("html")
        return show(self) if show else None

    def __rich__(self) -> Any:
        """rich prints a table (once :mod:`mailsim.views.notebook` is imported)."""
        show = DISPLAY_HOOKS.get("rich")
        return show(self) if show else repr(self)

    # --- selection -------------------------------------------------------

    def filter(self, predicate: Callable[[TraceEvent], bool]) -> Trace:
        return Trace(self.header, (e for e in self._events if predicate(e)))

    def messages(self) -> list[MessageEvent]:
        return [e for e in self._events if isinstance(e, MessageEvent)]

    def states(self, action: str | None = None) -> list[StateEvent]:
        return [
            e for e in self._events
            if isinstance(e, StateEvent) and (action is None or e.action == action)
        ]

    def between(self, start: float, end: float) -> Trace:
        """Events whose time lies in ``[start, end]``."""
        return self.filter(lambda e: start <= e.time <= end)

    def protocols(self) -> list[str]:
        seen: dict[str, None] = {}
        for event in self.messages():
            seen.setdefault(event.protocol, None)
        return list(seen)

    @property
    def duration(self) -> float:
        """Simulated time from the first to the last thing that happened."""
        ends = [
            (e.t_arrived if isinstance(e, MessageEvent) and e.t_arrived is not None else e.time)
            for e in self._events
        ]
        return max(ends, default=0.0)

    # --- JSONL -----------------------------------------------------------

    def jsonl_lines(self) -> Iterator[str]:
        """The JSONL file one line at a time (each ending with a newline): header first."""
        yield dumps({"type": "header", **header_dict(self.header)}) + "\n"
        for event in self._events:
            yield dumps(event_to_dict(event)) + "\n"

    def to_jsonl(self) -> str:
        return "".join(self.jsonl_lines())

    def write_jsonl(self, path: str | Path) -> None:
        """Write the file line by line: a long trace is never held as one string."""
        with Path(path).open("w", encoding="utf-8") as out:
            out.writelines(self.jsonl_lines())

    @classmethod
    def read_jsonl(cls, source: str | Path | IO[str] | IO[bytes],
                   limits: ReadLimits | None = None) -> Trace:
        """Read a trace written by :meth:`write_jsonl` (or streamed by ``serve``).

        Every record is checked (:mod:`mailsim.trace.reader`) within ``limits``;
        anything malformed or inconsistent raises :class:`TraceFormatError`.
        """
        if isinstance(source, (str, Path)):
            with open(source, "rb") as handle:
                return cls(*read_records(handle, limits))
        return cls(*read_records(source, limits))
