"""Split a byte stream into protocol lines, with a bounded line length.

SMTP, POP3 and IMAP all speak in CRLF-terminated lines (RFC 5321 §2.3.8,
RFC 1939 §3, RFC 3501 §2.2). :class:`LineReader` accumulates whatever bytes the
network delivers and hands back complete lines one at a time, so an engine can
stop reading while it waits for a decision and resume later.

Bare LF is accepted as a line end too (tolerantly; many real clients send it).
A line longer than the limit is never kept whole in memory: its bytes are
discarded as they arrive and the line is reported once, with ``overlong=True``,
when its terminator finally turns up.
"""

from __future__ import annotations

from typing import NamedTuple

CRLF = b"\r\n"
_CR = 13  # the byte value, to test the octet before LF without slicing


class Line(NamedTuple):
    """One received line, without its terminator.

    ``overlong`` lines carry only the first ``limit`` bytes in ``data`` (for logs);
    their content must not be trusted. (A named tuple: one is made per line
    received, and a tuple is the cheapest immutable record to build.)
    """

    data: bytes
    overlong: bool = False
    bare_lf: bool = False  # ended by LF alone, not CRLF (RFC 5321 §2.3.8 forbids it)

    @property
    def wire_length(self) -> int:
        """Length on the wire counting the terminator as CRLF (two octets)."""
        return len(self.data) + 2


class LineReader:
    """Accumulate bytes and yield complete lines of at most ``max_length`` octets.

    ``max_length`` counts the CRLF, as the RFCs do. It may be overridden per call of
    :meth:`next_line`, e.g. a command line limit versus a message text line limit.

    The received bytes are kept as they came with a read position, so taking a
    line is one search from that position and one slice: nothing before it is
    moved or rescanned (a whole message arrives as one unit of many lines).
    """

    def __init__(self, max_length: int) -> None:
        if max_length < 3:
            raise ValueError("max_length must leave room for at least one octet and CRLF")
        self.max_length = max_length
        self._buffer = b""
        self._pos = 0  # where the next line starts in _buffer
        self._discarding = False  # inside an overlong line whose end is still to come
        self._overlong_head = b""

    def feed(self, data: bytes) -> None:
        """Append received bytes."""
        if self._pos >= len(self._buffer):
            self._buffer, self._pos = bytes(data), 0  # the usual case: all was read
        else:
            self._buffer, self._pos = self._buffer[self._pos:] + data, 0

    def clear(self) -> None:
        """Forget everything buffered (e.g. plaintext pipelined behind STARTTLS)."""
        self._buffer, self._pos = b"", 0
        self._discarding = False
        self._overlong_head = b""

    @property
    def buffered(self) -> int:
        """Number of bytes held that do not yet form a complete line."""
        return len(self._buffer) - self._pos

    def unread(self) -> bytes:
        """The bytes held that are not read yet (none while an overlong line is being
        discarded): for a caller that can take many lines at once, with :meth:`skip`."""
        return b"" if self._discarding else self._buffer[self._pos:]

    def skip(self, count: int) -> None:
        """Consume ``count`` bytes of :meth:`unread` that the caller has taken."""
        self._pos = min(self._pos + count, len(self._buffer))

    def next_line(self, max_length: int | None = None) -> Line | None:
        """Return the next complete line, or None if more bytes are needed."""
        limit = self.max_length if max_length is None else max_length
        buffer, pos = self._buffer, self._pos
        end = buffer.find(b"\n", pos)
        if end < 0:
            if len(buffer) - pos > limit:
                # Certainly overlong: drop the bytes now, report at the terminator.
                self._start_discarding(limit)
            return None
        self._pos = end + 1
        bare_lf = end == pos or buffer[end - 1] != _CR
        raw = buffer[pos:end] if bare_lf else buffer[pos:end - 1]
        if self._discarding:
            self._discarding = False
            head, self._overlong_head = self._overlong_head, b""
            return Line(head, True, bare_lf)
        if len(raw) + 2 > limit:
            return Line(raw[:limit], True, bare_lf)
        return _new_line(Line, (raw, False, bare_lf))  # Line(...) without its Python __new__

    def _start_discarding(self, limit: int) -> None:
        if not self._discarding:
            self._overlong_head = self._buffer[self._pos:self._pos + limit]
            self._discarding = True
        self._buffer, self._pos = b"", 0


_new_line = tuple.__new__  # a NamedTuple's own __new__ is a Python function: a call per line

DOT_END = b"\r\n.\r\n"  # the end of a dot-terminated block, with the last line's CRLF


def dot_block(data: bytes, line_limit: int) -> tuple[bytes, int] | None:
    """A dot-terminated block (SMTP DATA, RFC 5321 §4.5.2; a POP3 multi-line
    response, RFC 1939 §3) at the start of ``data``, when it is there whole as
    plain lines: its text with the doubled leading dots undone, CRLF line ends
    kept, and the octets used through the terminator; None otherwise.

    The fast path for a block that arrived in one piece: one search and a few
    whole-buffer operations instead of a call per line. It gives exactly what
    reading its lines one by one would; anything that needs a closer look (a
    bare LF, a line over ``line_limit`` octets with its CRLF, a "." at the very
    start, no terminator yet) gives None and is read line by line.
    """
    if data[:1] == b".":
        return None
    end = data.find(DOT_END)  # the first "." line after a CRLF
    if end < 0:
        return None
    text = data[:end + 2]
    if text.count(b"\n") != text.count(CRLF):
        return None  # a bare LF: lines are framed differently
    if max(map(len, text.split(CRLF))) + 2 > line_limit:
        return None
    if b"\r\n." in text:  # a leading dot was doubled by the sender
        text = text.replace(b"\r\n.", CRLF)
    return text, end + len(DOT_END)
