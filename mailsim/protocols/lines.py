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

from dataclasses import dataclass

CRLF = b"\r\n"


@dataclass(frozen=True, slots=True)
class Line:
    """One received line, without its terminator.

    ``overlong`` lines carry only the first ``limit`` bytes in ``data`` (for logs);
    their content must not be trusted.
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
    """

    def __init__(self, max_length: int) -> None:
        if max_length < 3:
            raise ValueError("max_length must leave room for at least one octet and CRLF")
        self.max_length = max_length
        self._buffer = bytearray()
        self._discarding = False  # inside an overlong line whose end is still to come
        self._overlong_head = b""

    def feed(self, data: bytes) -> None:
        """Append received bytes."""
        self._buffer += data

    def clear(self) -> None:
        """Forget everything buffered (e.g. plaintext pipelined behind STARTTLS)."""
        self._buffer.clear()
        self._discarding = False
        self._overlong_head = b""

    @property
    def buffered(self) -> int:
        """Number of bytes held that do not yet form a complete line."""
        return len(self._buffer)

    def next_line(self, max_length: int | None = None) -> Line | None:
        """Return the next complete line, or None if more bytes are needed."""
        limit = self.max_length if max_length is None else max_length
        end = self._buffer.find(b"\n")
        if end < 0:
            if len(self._buffer) > limit:
                # Certainly overlong: drop the bytes now, report at the terminator.
                self._start_discarding(limit)
            return None
        raw = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        bare_lf = not raw.endswith(b"\r")
        if not bare_lf:
            raw = raw[:-1]
        if self._discarding:
            self._discarding = False
            head, self._overlong_head = self._overlong_head, b""
            return Line(head, overlong=True, bare_lf=bare_lf)
        if len(raw) + 2 > limit:
            return Line(raw[:limit], overlong=True, bare_lf=bare_lf)
        return Line(raw, bare_lf=bare_lf)

    def _start_discarding(self, limit: int) -> None:
        if not self._discarding:
            self._overlong_head = bytes(self._buffer[:limit])
            self._discarding = True
        self._buffer.clear()
