"""Assemble IMAP commands and responses from bytes, literals included.

IMAP lines end in CRLF (RFC 3501 §2.2), but a line that ends in a literal
marker ``{n}`` continues with exactly ``n`` octets of data and then the rest of
the line (RFC 3501 §4.3). A client sending a *synchronizing* literal waits for
the server's ``+`` continuation request before sending the octets (§7.5); a
*non-synchronizing* literal ``{n+}`` (LITERAL+, RFC 7888) is sent at once.

:class:`UnitReader` turns received bytes into complete :class:`Unit` objects
(one command, or one response) and tells the server when a synchronizing
literal has been announced, so that it can send ``+``. Line length and literal
size are bounded; an overlong line or literal is reported, never kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LITERAL_MARK = re.compile(rb"\{(\d{1,10})(\+?)\}$")


@dataclass(frozen=True, slots=True)
class Unit:
    """One complete command or response.

    ``text`` is every line without its CRLF, concatenated, literal markers kept;
    ``literals`` are the literal payloads in order; ``marks`` are the offsets in
    ``text`` just after each literal marker (where each literal belongs).
    """

    text: bytes
    literals: tuple[bytes, ...] = ()
    marks: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class LiteralAnnounced:
    """A line ended in a synchronizing ``{n}``: the server should send ``+`` now."""

    head: bytes  # the first line of the command (it carries the tag)
    size: int


@dataclass(frozen=True, slots=True)
class Overlong:
    """A line or a literal exceeded the limits; the partial command was dropped."""

    head: bytes  # the start of the command's first line (for its tag)
    what: str  # "line" or "literal"


Item = Unit | LiteralAnnounced | Overlong


class UnitReader:
    """Accumulate bytes; hand back complete units one at a time.

    ``announce`` makes the reader report synchronizing literals (the server
    side); a client reading responses never answers literals, so it passes False.
    """

    def __init__(self, max_line: int, max_literal: int, *, announce: bool) -> None:
        self.max_line = max_line
        self.max_literal = max_literal
        self.announce = announce
        self._buffer = bytearray()
        self._reset_unit()
        self._need: int | None = None  # octets of literal still to read
        self._skip = 0  # octets of a refused non-synchronizing literal to throw away
        self._discarding = False  # dropping bytes up to the next LF
        self._discard_head: bytes | None = None  # report Overlong(head) at that LF

    def _reset_unit(self) -> None:
        self._text = bytearray()
        self._first: bytes | None = None
        self._literals: list[bytes] = []
        self._marks: list[int] = []
        self._need = None

    def feed(self, data: bytes) -> None:
        """Append received bytes."""
        self._buffer += data

    def clear(self) -> None:
        """Forget everything buffered, e.g. plaintext pipelined behind STARTTLS."""
        self._buffer.clear()
        self._reset_unit()
        self._skip, self._discarding, self._discard_head = 0, False, None

    @property
    def mid_unit(self) -> bool:
        """True while a command that announced a literal is still incomplete."""
        return self._first is not None

    def next(self) -> Item | None:
        """The next unit, literal announcement or overlong report; None if more bytes are needed."""
        while True:
            if self._skip:
                taken = min(self._skip, len(self._buffer))
                del self._buffer[:taken]
                self._skip -= taken
                if self._skip:
                    return None
                continue
            if self._need is not None:
                if len(self._buffer) < self._need:
                    return None
                self._literals.append(bytes(self._buffer[: self._need]))
                del self._buffer[: self._need]
                self._need = None
                continue
            end = self._buffer.find(b"\n")
            if end < 0:
                if len(self._buffer) > self.max_line:
                    self._start_discarding(self._head(bytes(self._buffer[: self.max_line])))
                return None
            raw = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            raw = raw[:-1] if raw.endswith(b"\r") else raw
            if self._discarding:
                head, self._discarding, self._discard_head = self._discard_head, False, None
                if head is not None:
                    return Overlong(head, "line")
                continue
            item = self._line(raw)
            if item is not None:
                return item

    def _line(self, raw: bytes) -> Item | None:
        """Take one complete line; return what it completes, if anything."""
        if len(raw) + 2 > self.max_line:
            head = self._head(raw[: self.max_line])
            self._reset_unit()
            return Overlong(head, "line")
        if self._first is None:
            self._first = raw
        self._text += raw
        mark = LITERAL_MARK.search(raw)
        if mark is None:
            unit = Unit(bytes(self._text), tuple(self._literals), tuple(self._marks))
            self._reset_unit()
            return unit
        size, synchronizing = int(mark[1]), not mark[2]
        total = len(self._text) + sum(map(len, self._literals)) + size
        if size > self.max_literal or total > 2 * self.max_literal:
            head = self._head(raw)
            self._reset_unit()
            if not synchronizing or not self.announce:
                # RFC 7888 §4: a non-synchronizing literal's octets come anyway (and a
                # server's literals always do): drop them, then the rest of the line.
                self._skip = size
                self._discarding, self._discard_head = True, None
            return Overlong(head, "literal")
        self._marks.append(len(self._text))
        self._need = size
        if synchronizing and self.announce:
            return LiteralAnnounced(self._first, size)
        return None

    def _head(self, fallback: bytes) -> bytes:
        return self._first if self._first is not None else fallback

    def _start_discarding(self, head: bytes) -> None:
        if not self._discarding:
            self._discarding, self._discard_head = True, head
            self._reset_unit()
        self._buffer.clear()
