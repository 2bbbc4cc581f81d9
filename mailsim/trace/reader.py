"""Reading a JSONL trace that may come from anyone: line by line, every record checked.

The codec checks each record on its own (types, ranges, keys); this module reads
the lines within caps (line length, file size, nesting), parses JSON without
NaN, Infinity or overflowing numbers, and checks what only the whole file can
show: one header and first, numbers in order, time that never runs backwards,
hosts the header lists, connections that stay between the same two hosts, and
state data that fits its typed class. Anything wrong is a
:class:`~mailsim.trace.codec.TraceFormatError` with the line number.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from mailsim.trace import fields
from mailsim.trace.codec import TraceFormatError, event_from_dict, header_from_dict
from mailsim.trace.records import MessageEvent, TraceEvent, TraceHeader
from mailsim.trace.states import STATES, StateDataError, from_data

MIB = 2**20


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """How much one trace file may ask of the reader.

    A line holds one record: the longest a run writes is a whole message in DATA
    (at most the SMTP size limit, 10 MB, plus its JSON escapes).
    """

    max_line_chars: int = 32 * MIB
    max_file_bytes: int = 512 * MIB
    max_depth: int = 32


class TraceCapError(TraceFormatError):
    """The file or one line is larger than its cap; ``cap`` names the :class:`ReadLimits` field."""

    def __init__(self, reason: str, line: int | None, cap: str) -> None:
        super().__init__(reason, line)
        self.cap = cap


class _BadNumber(ValueError):
    """A number JSON allows but a trace may not hold."""


def _no_constant(name: str) -> Any:
    raise _BadNumber(f"{name} is not a number a trace may hold")


class _Constant(str):
    """Where a NaN or Infinity stood, in the second reading that names its field."""


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_FINDER = json.JSONDecoder(parse_constant=_Constant)


def _constant_key(text: str) -> str:
    """The key path of a NaN or Infinity in the line (``t_sent``, ``data.size``), or ""."""
    stack: list[tuple[Any, str]] = [(_FINDER.decode(text), "")]
    while stack:
        value, path = stack.pop(0)
        if isinstance(value, _Constant):
            return path
        if isinstance(value, dict):
            stack.extend((child, f"{path}.{key}" if path else str(key)) for key, child in value.items())
        elif isinstance(value, list):
            stack.extend((child, f"{path}[{index}]") for index, child in enumerate(value))
    return ""


def _parse(text: str, number: int, limits: ReadLimits) -> dict[str, Any]:
    try:
        obj = _DECODER.decode(text)
    except _BadNumber as exc:  # read again, only now, to name the field it is in
        key = _constant_key(text)
        raise TraceFormatError(f"{key}: {exc}" if key else str(exc), number) from None
    except json.JSONDecodeError as exc:
        raise TraceFormatError(f"not JSON ({exc.msg} at column {exc.colno})", number) from None
    except RecursionError:
        raise TraceFormatError(f"nested deeper than {limits.max_depth} levels", number) from None
    except ValueError:  # Python's cap on the digits of an int (4,300)
        raise TraceFormatError("a number too large (thousands of digits)", number) from None
    if not isinstance(obj, dict):
        raise TraceFormatError(f"expected a JSON object {{...}}, got {fields.describe(obj)}",
                               number)
    # The codec checks every field of a message and of the header by type and
    # range; free-form values live only in a state event's data, walked here. A
    # lone surrogate can only come from an escape: a line without one skips that.
    if obj.get("type") == "state" or "\\u" in text:
        _check_values(obj, number, limits.max_depth)
    return obj


def _check_values(obj: Any, number: int, max_depth: int) -> None:
    """Nesting within ``max_depth``, finite numbers that fit 64 bits, text that UTF-8 can hold."""
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if fields.lone_surrogate(value):
                raise TraceFormatError(f"the text {value[:40]!r} is not valid Unicode "
                                       "(a lone surrogate)", number)
            continue
        if (isinstance(value, float) and not math.isfinite(value)) or (
                isinstance(value, int) and abs(value) > fields.MAX_INT):
            shown = "infinity" if isinstance(value, float) else _short(value)
            raise TraceFormatError(f"a number too large (it reads as {shown})", number)
        children = (value.values() if isinstance(value, dict) else value
                    if isinstance(value, list) else ())
        if children and depth >= max_depth:
            raise TraceFormatError(f"nested deeper than {max_depth} levels", number)
        stack.extend((child, depth + 1) for child in children)
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)


def _short(value: int) -> str:
    shown = str(value)
    return shown if len(shown) <= 40 else shown[:40] + "..."


def _lines(source: IO[str] | IO[bytes], limits: ReadLimits) -> Iterator[tuple[int, str]]:
    """(number, text) of every line, never reading more than a line's cap at once."""
    total = 0
    number = 0
    while True:
        number += 1
        raw = source.readline(limits.max_line_chars + 1)
        if not raw:
            return
        total += len(raw)
        if total > limits.max_file_bytes:
            raise TraceCapError(f"the trace goes on past {limits.max_file_bytes} bytes, "
                                "the size cap", number, "max_file_bytes")
        newline = "\n" if isinstance(raw, str) else b"\n"
        if len(raw) > limits.max_line_chars and not raw.endswith(newline):  # type: ignore[arg-type]
            raise TraceCapError(f"longer than {limits.max_line_chars} characters, "
                                "the line cap", number, "max_line_chars")
        if isinstance(raw, bytes):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TraceFormatError(f"not UTF-8 text (byte {exc.start + 1})", number) from None
        else:
            text = raw
        # Without its newline: a JSON error's column stays on this line.
        yield number, text.removesuffix("\n")


def read_records(source: IO[str] | IO[bytes],
                 limits: ReadLimits | None = None) -> tuple[TraceHeader, list[TraceEvent]]:
    """The header and events of a JSONL trace, read from a text or binary stream."""
    header, events = stream_records(source, limits)
    return header, list(events)


def stream_records(source: IO[str] | IO[bytes], limits: ReadLimits | None = None
                   ) -> tuple[TraceHeader, Iterator[TraceEvent]]:
    """The header, read now, and the events, each read and checked as it is iterated.

    Nothing is kept but the checks' own state (the connections seen), so a long
    trace can be folded in constant memory; a bad line raises when it is reached.
    """
    records = _records(source, limits or ReadLimits())
    header = next(records)
    assert isinstance(header, TraceHeader)
    return header, records  # type: ignore[return-value]  # only events follow the header


def _records(source: IO[str] | IO[bytes], limits: ReadLimits
             ) -> Iterator[TraceHeader | TraceEvent]:
    """The header first, then every event, in file order."""
    _check_size(source, limits)
    check: _Consistency | None = None
    for number, text in _lines(source, limits):
        if not text.strip():
            continue
        obj = _parse(text, number, limits)
        kind = obj.get("type")
        if kind == "header":
            if check is not None:
                raise TraceFormatError(f"a second header (the first is on line {check.line})",
                                       number)
            header = header_from_dict(obj, number)
            check = _Consistency(header, number)
            yield header
            continue
        event = event_from_dict(obj, number)
        if check is None:
            raise TraceFormatError(f"expected the header record first, got a {kind} record",
                                   number)
        check.event(event, number)
        yield event
    if check is None:
        raise TraceFormatError("no header line: is this a mailsim trace? (no records)", 1)


class TraceStream:
    """A trace file read one record at a time: :attr:`header` at once, the events as iterated.

    ``with TraceStream("run.jsonl") as trace: for event in trace: ...`` holds one
    record at a time; the events can be iterated once.
    """

    def __init__(self, path: str | os.PathLike[str], limits: ReadLimits | None = None) -> None:
        self._file = open(path, "rb")  # noqa: SIM115  # closed by close() or the with block
        try:
            self.header, self._events = stream_records(self._file, limits)
        except BaseException:
            self._file.close()
            raise

    def __iter__(self) -> Iterator[TraceEvent]:
        return self._events

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> TraceStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_size(source: IO[str] | IO[bytes], limits: ReadLimits) -> None:
    """A regular file's size is known before reading: refuse a huge one at once."""
    try:
        size = os.fstat(source.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return  # not a file (a string buffer): counted while reading
    if size > limits.max_file_bytes:
        raise TraceCapError(f"the file has {size} bytes, more than the size cap of "
                            f"{limits.max_file_bytes}", None, "max_file_bytes")


class _Consistency:
    """What each record must agree with: the header and the records before it."""

    def __init__(self, header: TraceHeader, line: int) -> None:
        self.line = line
        self.hosts = [name for name, _ in header.hosts]
        self.known = frozenset(self.hosts)
        self.seq = -1
        self.time = 0.0
        self.connections: dict[str, tuple[frozenset[str], int, int]] = {}

    def event(self, event: TraceEvent, number: int) -> None:
        if event.seq <= self.seq:
            raise TraceFormatError(f"seq: expected a number above {self.seq} (records are "
                                   f"numbered in order), got {event.seq}", number)
        self.seq = event.seq
        key = "t_sent" if isinstance(event, MessageEvent) else "t"
        if event.time < self.time:
            raise TraceFormatError(f"{key}: time runs backwards, {event.time!r} after "
                                   f"{self.time!r}", number)
        self.time = event.time
        if isinstance(event, MessageEvent):
            self._host(event.src, "src", number)
            self._host(event.dst, "dst", number)
            if event.conn is not None:
                self._connection(event, number)
        else:
            self._host(event.node, "node", number)
            if event.action in STATES:
                self._data(event.action, event.data, number)

    def _host(self, host: str, key: str, number: int) -> None:
        if host not in self.known:
            listed = ", ".join(self.hosts[:8]) + (", ..." if len(self.hosts) > 8 else "")
            raise TraceFormatError(f"{key}: unknown host {host!r} (the header lists "
                                   f"{listed or 'no hosts'})", number)

    def _connection(self, event: MessageEvent, number: int) -> None:
        assert event.conn is not None
        ends = frozenset(event.nodes)
        first = self.connections.setdefault(event.conn, (ends, event.port, number))
        if first[:2] != (ends, event.port):
            between = " and ".join(sorted(first[0]))
            raise TraceFormatError(f"conn: the connection {event.conn!r} is between {between} "
                                   f"on port {first[1]} (line {first[2]}), not between "
                                   f"{event.src} and {event.dst} on port {event.port}", number)

    @staticmethod
    def _data(action: str, data: Mapping[str, Any], number: int) -> None:
        try:
            from_data(action, data)
        except StateDataError as exc:
            raise TraceFormatError(f"data: {exc}", number) from None
