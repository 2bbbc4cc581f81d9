"""What each SMTP client was told: its promises, read record by record.

A promise is a ``250`` a client read after its DATA (``queued as <id>``), for each
recipient that got a 2xx to its RCPT. It is read from the message events of the
client side of each SMTP session, in the client's own order: what it read at
arrival, what it sent at sending. :class:`PromiseReader` takes the records one
at a time and keeps only the sessions' small state and the units still in
flight, so a run can check its promises while it streams its trace.

Why a unit can be read before the run ends: records come in time order (the
recorder writes them so, the reader refuses anything else), and a unit's place
in the client's order is never before its own record's time (it arrives after it
is sent). So once a record of time ``T`` has come, every unit placed before
``T`` is final.
"""

from __future__ import annotations

import heapq
import re
import sys
from dataclasses import dataclass, field, replace

from mailsim.trace.records import MessageEvent, TraceEvent

_QUEUED_AS = re.compile(r"^250 .*queued as (\S+)")
_RECEIVED_ID = re.compile(r"\bid (\S+?);?(?:\s|$)")
_PATH = re.compile(r"<([^>]*)>")


@dataclass(frozen=True, slots=True)
class Promise:
    """A server told a client it took the message for ``recipient`` (250 after DATA)."""

    server: str
    queue_id: str
    sender: str
    recipient: str
    size: int | None  # the content accepted: octets on the wire, unstuffed, no terminator;
    # None when a live client's text was traced by its size only (its dots are unknown)
    time: float  # when the client read the 250
    parent: tuple[str, str] | None  # (host, queue id) in the content's top Received: field
    received_size: int  # that field's size on the wire


@dataclass(slots=True)
class _Session:
    """One SMTP connection as its client saw it, read one unit at a time."""

    index: int  # the connection's place among SMTP connections (its first unit's)
    first: tuple[str, str]  # (src, dst) of its first unit in the trace
    server: str | None = None
    client: str = ""
    slots: list[tuple[str, str]] = field(default_factory=list)
    greeted: bool = False
    content_next: bool = False
    sender: str | None = None
    rcpts: dict[tuple[str, str], str] = field(default_factory=dict)
    content: list[MessageEvent] = field(default_factory=list)
    waiting: int = 0  # its units not read yet
    closed: bool = False  # both ends sent FIN: no unit can follow (RFC 9293 §3.6)

    def start(self, server: str) -> None:
        self.server = server
        src, dst = self.first
        self.client = dst if src == server else src

    def read(self, event: MessageEvent) -> list[Promise]:
        """The next unit in the client's order; the promises it completes."""
        assert self.server is not None
        if event.src == self.client:
            self._sent(event)
            return []
        code = event.text[:3]
        if not self.greeted:
            self.greeted = True
            return []
        if not self.slots:
            return []
        verb, argument = self.slots.pop(0)
        ok = code.startswith("2")
        out: list[Promise] = []
        if verb == "MAIL":
            self.sender, self.rcpts = (_path(argument) if ok else None), {}
        elif verb == "RCPT" and ok and self.sender is not None:
            address = _path(argument)
            local, at, domain = address.rpartition("@")
            self.rcpts.setdefault((local, domain.lower()) if at else (address, ""), address)
        elif verb == "DATA":
            self.content_next, self.content = code == "354", []
        elif verb == "CONTENT":
            match = _QUEUED_AS.match(event.text)
            if match and self.sender is not None:
                parent, received = _top_received(argument)
                out = [Promise(self.server, match.group(1), self.sender, r,
                               _accepted_size(self.content), event.t_arrived or 0.0, parent,
                               received)
                       for r in self.rcpts.values()]
            self.sender, self.rcpts = None, {}
            self.content = []  # read: a finished session keeps no message text
        elif verb in ("RSET", "EHLO", "HELO"):
            self.sender, self.rcpts = None, {}
        return out

    def _sent(self, event: MessageEvent) -> None:
        lines = event.text.split("\n")
        if self.content_next:
            # The message text may come in several units (a real client's writes);
            # it ends with the line "." (RFC 5321 §4.1.1.4), which a pipelining
            # client may follow with commands in the same write (RFC 2920 §3.1).
            if "." not in lines:
                self.content.append(event)
                return
            end = lines.index(".") + 1
            lines, rest = lines[:end], lines[end:]
            rest_size = sum(len(line.encode("utf-8")) + 2 for line in rest)
            self.content.append(replace(event, text="\n".join(lines), size=event.size - rest_size))
            self.slots.append(("CONTENT", "\n".join(unit.text for unit in self.content)))
            self.content_next, lines = False, rest
        for line in lines:
            verb, _, argument = line.partition(" ")
            self.slots.append((verb.upper(), argument))


class PromiseReader:
    """Every promise of a trace, fed one record at a time (:meth:`add`, then :meth:`finish`).

    ``ordered=True`` (records in time order, as a run or a file gives them) reads
    each unit as soon as its place is final, so only the units in flight wait;
    ``ordered=False`` waits for the end, for a trace put together by hand. In
    order, a connection both ends have closed with FIN is forgotten once its last
    unit is read, so what is kept grows with the promises, not the connections.
    """

    def __init__(self, *, ordered: bool = True) -> None:
        self._ordered = ordered
        self._servers: dict[str, str] = {}  # connection -> the host its SYN went to
        self._sessions: dict[str, _Session] = {}
        self._opened = 0  # SMTP connections seen: the next one's index
        self._fins: dict[str, str] = {}  # connection -> the end that sent the first FIN
        self._later: list[MessageEvent] = []  # unordered: every SMTP unit, till the end
        self._waiting: list[tuple[float, int, int, MessageEvent]] = []  # the client's order
        self._found: list[tuple[int, Promise]] = []

    def add(self, event: TraceEvent) -> None:
        if self._waiting and self._waiting[0][0] < event.time:
            self._read_before(event.time)
        if not isinstance(event, MessageEvent) or event.conn is None:
            return
        if event.protocol == "TCP":
            if event.text == "SYN":
                self._servers.setdefault(event.conn, event.dst)
            elif self._ordered and event.text.startswith("FIN"):
                self._fin(event.conn, event.src)
        elif event.protocol == "SMTP" and event.t_arrived is not None:
            if event.conn not in self._sessions:
                self._sessions[event.conn] = _Session(self._opened, (event.src, event.dst))
                self._opened += 1
                if self._ordered:  # its SYN came first
                    self._start(event.conn)
            if self._ordered:
                self._wait(event)
            else:
                self._later.append(event)

    def _fin(self, conn: str, end: str) -> None:
        first = self._fins.setdefault(conn, end)
        if first == end:
            return
        del self._fins[conn]
        self._servers.pop(conn, None)
        session = self._sessions.get(conn)
        if session is not None:
            session.closed = True
            if not session.waiting:
                del self._sessions[conn]

    def _start(self, conn: str) -> None:
        session = self._sessions[conn]
        # Not the first unit's sender: a live client may write before the greeting.
        session.start(self._servers.get(conn, session.first[0]))

    def _wait(self, event: MessageEvent) -> None:
        assert event.conn is not None
        session = self._sessions[event.conn]
        session.waiting += 1
        if event.src == session.server:
            heapq.heappush(self._waiting, (event.t_arrived or 0.0, 0, event.seq, event))
        else:
            heapq.heappush(self._waiting, (event.t_sent, 1, event.seq, event))

    def _read_before(self, time: float) -> None:
        """Read, in the client's order, every waiting unit placed before ``time``."""
        waiting = self._waiting
        while waiting and waiting[0][0] < time:
            *_, event = heapq.heappop(waiting)
            assert event.conn is not None
            session = self._sessions[event.conn]
            for promise in session.read(event):
                self._found.append((session.index, promise))
            session.waiting -= 1
            if session.closed and not session.waiting:
                del self._sessions[event.conn]

    def finish(self) -> list[Promise]:
        """Every promise, connection by connection (in the order each first appears)."""
        if not self._ordered:
            for conn in self._sessions:
                self._start(conn)
            for event in self._later:
                self._wait(event)
            self._later = []
        self._read_before(float("inf"))
        self._found.sort(key=lambda item: item[0])  # stable: a session's own order stays
        return [promise for _, promise in self._found]


def _path(argument: str) -> str:
    # Interned: the same few addresses are named in every promise a run keeps.
    match = _PATH.search(argument)
    return sys.intern(match.group(1)) if match else ""


def _accepted_size(units: list[MessageEvent]) -> int | None:
    """The message the server got: the units' octets without the ".\\r\\n" terminator
    and without the dot added to each line that starts with one (RFC 5321 §4.5.2).
    None when a live client's text is in the trace as its size only."""
    if any(unit.live and unit.text.startswith("[message text:") for unit in units):
        return None
    lines = "\n".join(unit.text for unit in units).split("\n")  # stuffed lines, "." last
    stuffed = sum(1 for line in lines[:-1] if line.startswith("."))
    return sum(unit.size for unit in units) - len(".\r\n") - stuffed


# Fields a server may put on top of a mail together with its own Received: (RFC 8601 §5,
# RFC 6376 §5.6, RFC 7208 §9.1): they are part of what that hop added, not of the content.
_ADDED_FIELDS = ("authentication-results:", "dkim-signature:", "received-spf:", "arc-seal:",
                 "arc-message-signature:", "arc-authentication-results:")


def _top_received(text: str) -> tuple[tuple[str, str] | None, int]:
    """(host, queue id) named by the first Received: field, and the size of it and of the
    fields its server added above it (a signature, authentication results)."""
    lines = text.split("\n")
    added = 0
    position = 0
    while position < len(lines) and lines[position].lower().startswith(_ADDED_FIELDS):
        field_end = position + 1
        while field_end < len(lines) and lines[field_end][:1].isspace():
            field_end += 1
        added += sum(len(line.encode("utf-8")) + 2 for line in lines[position:field_end])
        position = field_end
    if position >= len(lines) or not lines[position].startswith("Received:"):
        return None, 0
    field_lines = [lines[position]]
    for line in lines[position + 1:]:
        if not line[:1].isspace():
            break
        field_lines.append(line)
    value = " ".join(field_lines)
    by = re.search(r"\bby\s+(\S+)", value)
    ident = _RECEIVED_ID.search(value)
    size = added + sum(len(line.encode("utf-8")) + 2 for line in field_lines)
    if by is None or ident is None:
        return None, size
    return (sys.intern(by.group(1)), ident.group(1)), size
