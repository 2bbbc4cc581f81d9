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

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias, overload

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class MessageEvent:
    """One unit on the wire, from ``src`` to ``dst``.

    ``port`` is the server port of the connection (or the UDP destination
    port for a request, the source port for its answer), so every line of an
    SMTP submission reads ``SMTP:587`` whichever way it travels.
    ``t_arrived`` is ``None`` when the unit was lost (host down, link cut).
    """

    seq: int
    t_sent: float
    t_arrived: float | None
    src: str
    dst: str
    protocol: str
    port: int
    conn: str | None
    text: str
    size: int
    encrypted: bool = False
    live: bool = False
    kind: Literal["message"] = "message"

    @property
    def time(self) -> float:
        """The time the event happened, as far as ordering is concerned."""
        return self.t_sent

    @property
    def nodes(self) -> tuple[str, str]:
        return (self.src, self.dst)


@dataclass(frozen=True, slots=True)
class StateEvent:
    """A change inside ``node``; ``action`` names it, ``data`` says what changed.

    The vocabulary of actions and their data keys is documented in
    :mod:`mailsim.replay`, which folds them into node state.
    """

    seq: int
    t: float
    node: str
    action: str
    data: Mapping[str, Any] = field(default_factory=dict)
    kind: Literal["state"] = "state"

    @property
    def time(self) -> float:
        return self.t

    @property
    def nodes(self) -> tuple[str]:
        return (self.node,)


TraceEvent: TypeAlias = MessageEvent | StateEvent


@dataclass(frozen=True, slots=True)
class TraceHeader:
    """What run produced the trace, and the network it ran on.

    ``hosts`` are (name, role); ``links`` (a, b, latency in seconds, bandwidth in
    bit/s); ``ports`` (host, port, protocol) for every service listening.
    """

    scenario: str
    seed: int
    start: str
    hosts: tuple[tuple[str, str], ...] = ()
    links: tuple[tuple[str, str, float, float], ...] = ()
    ports: tuple[tuple[str, int, str], ...] = ()
    version: int = FORMAT_VERSION


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

    def to_jsonl(self) -> str:
        lines = [_dumps({"type": "header", **_header_dict(self.header)})]
        lines.extend(_dumps(event_to_dict(e)) for e in self._events)
        return "\n".join(lines) + "\n"

    def write_jsonl(self, path: str | Path) -> None:
        Path(path).write_text(self.to_jsonl(), encoding="utf-8")

    @classmethod
    def read_jsonl(cls, source: str | Path | IO[str]) -> Trace:
        """Read a trace written by :meth:`write_jsonl` (or streamed by ``serve``)."""
        if isinstance(source, (str, Path)):
            with open(source, encoding="utf-8") as handle:
                return cls._from_lines(handle)
        return cls._from_lines(source)

    @classmethod
    def _from_lines(cls, lines: Iterable[str]) -> Trace:
        header: TraceHeader | None = None
        events: list[TraceEvent] = []
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise TraceFormatError(f"line {number}: not JSON ({exc.msg})") from None
            if obj.get("type") == "header":
                header = _header_from_dict(obj)
            else:
                events.append(event_from_dict(obj, number))
        if header is None:
            raise TraceFormatError("no header line: is this a mailsim trace?")
        return cls(header, events)


class TraceFormatError(ValueError):
    """A JSONL file is not a mailsim trace."""


def event_to_dict(event: TraceEvent) -> dict[str, Any]:
    if isinstance(event, MessageEvent):
        return {
            "type": "message",
            "seq": event.seq,
            "t_sent": event.t_sent,
            "t_arrived": event.t_arrived,
            "src": event.src,
            "dst": event.dst,
            "protocol": event.protocol,
            "port": event.port,
            "conn": event.conn,
            "text": event.text,
            "size": event.size,
            "encrypted": event.encrypted,
            "live": event.live,
        }
    return {
        "type": "state",
        "seq": event.seq,
        "t": event.t,
        "node": event.node,
        "action": event.action,
        "data": dict(event.data),
    }


def event_from_dict(obj: Mapping[str, Any], line: int = 0) -> TraceEvent:
    try:
        if obj["type"] == "message":
            return MessageEvent(
                seq=int(obj["seq"]),
                t_sent=float(obj["t_sent"]),
                t_arrived=None if obj["t_arrived"] is None else float(obj["t_arrived"]),
                src=str(obj["src"]),
                dst=str(obj["dst"]),
                protocol=str(obj["protocol"]),
                port=int(obj["port"]),
                conn=obj["conn"],
                text=str(obj["text"]),
                size=int(obj["size"]),
                encrypted=bool(obj["encrypted"]),
                live=bool(obj.get("live", False)),
            )
        if obj["type"] == "state":
            return StateEvent(
                seq=int(obj["seq"]),
                t=float(obj["t"]),
                node=str(obj["node"]),
                action=str(obj["action"]),
                data=dict(obj["data"]),
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise TraceFormatError(f"line {line}: bad record ({exc})") from None
    raise TraceFormatError(f"line {line}: unknown record type {obj.get('type')!r}")


def _header_dict(header: TraceHeader) -> dict[str, Any]:
    return {
        "version": header.version,
        "scenario": header.scenario,
        "seed": header.seed,
        "start": header.start,
        "hosts": [list(pair) for pair in header.hosts],
        "links": [list(link) for link in header.links],
        "ports": [list(port) for port in header.ports],
    }


def _header_from_dict(obj: Mapping[str, Any]) -> TraceHeader:
    return TraceHeader(
        scenario=str(obj.get("scenario", "")),
        seed=int(obj.get("seed", 0)),
        start=str(obj.get("start", "")),
        hosts=tuple((str(a), str(b)) for a, b in obj.get("hosts", [])),
        links=tuple((str(a), str(b), float(lat), float(bw)) for a, b, lat, bw in obj.get("links", [])),
        ports=tuple((str(h), int(p), str(proto)) for h, p, proto in obj.get("ports", [])),
        version=int(obj.get("version", FORMAT_VERSION)),
    )


def _dumps(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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
