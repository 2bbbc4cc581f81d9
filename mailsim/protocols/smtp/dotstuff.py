"""Dot-stuffing for DATA (RFC 5321 §4.5.2) and collection of received message text."""

from __future__ import annotations

import re

from mailsim.protocols.lines import Line, dot_block
from mailsim.protocols.smtp import codes
from mailsim.protocols.smtp.codes import Reply

TERMINATOR = b".\r\n"
_LEADING_DOT = re.compile(rb"^\.", re.MULTILINE)
_LONE_LF = re.compile(rb"(?<!\r)\n")


def normalize_line_endings(content: bytes) -> bytes:
    """Turn bare LF into CRLF and make sure the text ends with CRLF."""
    if content.count(b"\n") != content.count(b"\r\n"):  # two C scans; the regex is slower
        content = _LONE_LF.sub(b"\r\n", content)
    if content and not content.endswith(b"\r\n"):
        content += b"\r\n"
    return content


def stuff(content: bytes) -> bytes:
    """Wire form of a message: leading dots doubled, then ``.`` CRLF (RFC 5321 §4.5.2)."""
    content = normalize_line_endings(content)
    if content[:1] == b"." or b"\n." in content:
        content = _LEADING_DOT.sub(b"..", content)
    return content + TERMINATOR


def unstuff(wire: bytes) -> bytes:
    """Inverse of :func:`stuff` (for tests and tools): drops the terminator line."""
    lines = wire.split(b"\r\n")
    out: list[bytes] = []
    for line in lines:
        if line == b".":
            break
        out.append(line[1:] if line.startswith(b".") else line)
    return b"".join(part + b"\r\n" for part in out)


class MessageCollector:
    """Collect DATA lines until the lone ``.`` line; memory stays bounded.

    Text lines over the limit (RFC 5321 §4.5.3.1.6) and messages over
    ``max_size`` are remembered as flags; their bytes are not kept.
    """

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.size = 0
        self.line_too_long = False
        self._parts: list[bytes] = []
        self._after_crlf = True  # the DATA command line itself ended with CRLF

    @property
    def too_big(self) -> bool:
        """True once the unstuffed content exceeds ``max_size``."""
        return self.size > self.max_size

    @property
    def problem(self) -> Reply | None:
        """The reply refusing the message at its end, or None if it is acceptable."""
        if self.line_too_long:
            return codes.DATA_LINE_TOO_LONG  # RFC 5321 §4.5.3.1.6: 1000 octets per line
        if self.too_big:
            return codes.MESSAGE_TOO_BIG  # RFC 1870 §6
        return None

    @property
    def content(self) -> bytes:
        """The message so far: dot-stuffing removed, CRLF line ends."""
        return b"".join(self._parts)

    def add(self, line: Line) -> bool:
        """Take one line; True when it was the end-of-data line.

        Only CRLF "." CRLF ends the data (RFC 5321 §4.1.1.4). A "." framed by a
        bare LF is text: otherwise a second message could be smuggled inside
        the first ("SMTP smuggling"); bare-LF lines are kept as ordinary lines.
        """
        data, overlong, bare_lf = line
        after_crlf, self._after_crlf = self._after_crlf, not bare_lf
        if overlong:
            self.line_too_long = True
            return False
        if data[:1] == b".":
            if data == b"." and after_crlf and not bare_lf:
                return True
            data = data[1:]  # RFC 5321 §4.5.2: the sender doubled a leading dot
        self.size += len(data) + 2
        if self.size <= self.max_size and not self.line_too_long:
            self._parts.append(data + b"\r\n")
        return False

    def take_text(self, data: bytes, line_limit: int) -> int:
        """Take the rest of the message at once when ``data`` holds all of it, up to
        and with its terminator, as plain lines (:func:`~mailsim.protocols.lines.dot_block`);
        the octets used, or 0 (then its lines go through :meth:`add`).

        It gives exactly what :meth:`add` would, line after line; a message over
        the size limit also goes through :meth:`add`.
        """
        if not self._after_crlf or self.line_too_long:
            return 0
        block = dot_block(data, line_limit)
        if block is None:
            return 0
        text, used = block
        if self.size + len(text) > self.max_size:
            return 0
        self.size += len(text)
        self._parts.append(text)
        return used
