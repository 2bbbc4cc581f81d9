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
from mailsim.trace.reader import ReadLimits, TraceStream, read_records
from mailsim.trace.records import MessageEvent, StateEvent, TraceEvent, TraceHeader

__all__ = ["DISPLAY_HOOKS", "Trace", "TraceWriter", "event_line", "header_line"]

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
        yield header_line(self.header)
        for event in self._events:
            yield event_line(event)

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

    @staticmethod
    def stream_jsonl(path: str | Path, limits: ReadLimits | None = None) -> TraceStream:
        """The file's records one at a time, none held: ``with Trace.stream_jsonl(p) as t``
        gives ``t.header`` and iterates the events, each checked as :meth:`read_jsonl` does
        (for folds over a long trace: ``promises.Conservation``, ``views.table.RunSummary``)."""
        return TraceStream(path, limits)


def header_line(header: TraceHeader) -> str:
    """The header's line of the JSONL file, with its newline."""
    return dumps({"type": "header", **header_dict(header)}) + "\n"


def event_line(event: TraceEvent) -> str:
    """One record's line of the JSONL file, with its newline."""
    return dumps(event_to_dict(event)) + "\n"


class TraceWriter:
    """A JSONL file written while the run goes on: the header line, then each record as it comes.

    The bytes are those of :meth:`Trace.write_jsonl` of the whole run. The header is
    known once the world is built; should the run have changed it (a port opened
    during the run), :meth:`close` puts the final one on the first line.
    """

    def __init__(self, path: str | Path, header: TraceHeader) -> None:
        self.path = Path(path)
        self.header = header
        self.events = 0
        self._file = self.path.open("w", encoding="utf-8")
        self._file.write(header_line(header))

    def write(self, event: TraceEvent) -> None:
        self._file.write(event_line(event))
        self.events += 1

    def close(self, header: TraceHeader | None = None) -> None:
        """Finish the file; with ``header``, the run's final header heads it."""
        self._file.close()
        if header is not None and header != self.header:
            _replace_first_line(self.path, header_line(header).encode("utf-8"))
            self.header = header


def _replace_first_line(path: Path, line: bytes) -> None:
    """Copy the file with a new first line, a block at a time, then move it into place."""
    import os
    import shutil

    part = path.with_name(path.name + ".part")
    with path.open("rb") as old, part.open("wb") as new:
        old.readline()
        new.write(line)
        shutil.copyfileobj(old, new)
    os.replace(part, path)
