"""Where an IMAP client's literals run, so that APPEND's message is traced as its size only.

A literal ``{n}`` (synchronising: sent after the server's ``+``) or ``{n+}``
(LITERAL+, RFC 7888: sent at once) is ``n`` octets of data inside a command
(RFC 3501 §4.3), which may hold CRLFs of its own. An APPEND's literal is a whole
message; like SMTP's DATA it goes into a live trace as ``[message text: n
octets]``, not as the text a real person wrote. A synchronising literal only
follows a ``+``: when the server answers the command at once instead (NO
[TRYCREATE]), no literal comes.
"""

from __future__ import annotations

import re

from .limits import literal_size

_APPEND = re.compile(rb"\S+ APPEND ", re.IGNORECASE)
_SYNC = re.compile(rb"\{\d+\}\r?\n?$")

Run = tuple[bytes, bool]  # octets, and whether they are an APPEND's message text


class LiteralTracker:
    """Follows one connection's client stream and the server's continuation requests."""

    def __init__(self) -> None:
        self.left = 0  # literal octets still to come
        self.body = False  # whether they are APPEND's message text
        self.waiting = 0  # a synchronising literal announced, no "+" seen yet
        self.continuing = False  # the next line continues a command after a literal
        self.append = False  # the command in progress is an APPEND

    def split(self, data: bytes) -> list[Run]:
        """Cut the client's bytes into runs of command lines and of message text."""
        runs: list[Run] = []
        pos = 0
        while pos < len(data):
            if self.left:
                chunk = data[pos : pos + self.left]
                self.left -= len(chunk)
                pos += len(chunk)
                self._add(runs, chunk, self.body)
                self.continuing = True
                continue
            end = data.find(b"\n", pos)
            end = len(data) if end < 0 else end + 1
            line = data[pos:end]
            pos = end
            self._line(line)
            self._add(runs, line, False)
        return runs

    def server_said(self, data: bytes) -> None:
        """The server's reply: a ``+`` lets the announced literal come, anything else drops it."""
        if not self.waiting:
            return
        if data.startswith(b"+"):
            self.left, self.waiting = self.waiting, 0
        elif any(line[:1] not in (b"*", b"") for line in data.splitlines()):
            self.waiting, self.continuing = 0, False  # answered without a "+" (§7.5)

    def _line(self, line: bytes) -> None:
        if not self.continuing:
            self.append = _APPEND.match(line) is not None
        size = literal_size(line)
        self.continuing = size > 0
        self.body = self.append
        if size and _SYNC.search(line):
            self.waiting = size
        elif size:
            self.left = size

    @staticmethod
    def _add(runs: list[Run], chunk: bytes, body: bool) -> None:
        if runs and runs[-1][1] == body:
            runs[-1] = (runs[-1][0] + chunk, body)
        else:
            runs.append((chunk, body))
