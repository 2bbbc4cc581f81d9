"""Sans-IO IMAP client engine: tagged commands out, responses matched back to them.

Like the core of Python's imaplib, not a workflow: the caller sends command
lines with :meth:`IMAPClient.send` and gets a :class:`Completed` event for each,
carrying every untagged response that arrived while it was outstanding.

A command may contain literals, written out in full: ``'LOGIN {3}\\r\\nbob "pw"'``.
For a synchronizing literal the engine sends the part up to ``{n}\\r\\n``, waits
for the server's ``+`` (RFC 3501 §7.5), then sends the rest; commands sent
meanwhile queue behind it. ``{n+}`` (LITERAL+, RFC 7888) goes out at once.
An IDLE (RFC 2177) is an outstanding command like any other: the server's
pushes arrive as :class:`Untagged` events, and :meth:`IMAPClient.done` ends it.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from mailsim.protocols.engine import Engine
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.imap.events import (
    Completed,
    Continuation,
    Event,
    Greeting,
    Malformed,
    Untagged,
)
from mailsim.protocols.imap.reader import Overlong, Unit, UnitReader
from mailsim.protocols.imap.states import CLIENT_MACHINE, ClientState
from mailsim.protocols.imap.states import ClientTrigger as CT

MAX_RESPONSE_LINE = 65_536
MAX_LITERAL = 64 * 1024 * 1024  # a message body in a FETCH response
_LITERAL = re.compile(rb"\{(\d{1,10})(\+?)\}\r\n")
_STATUSES = ("OK", "NO", "BAD")
_GREETINGS = ("OK", "PREAUTH", "BYE")  # RFC 3501 §7.1


@dataclass(slots=True)
class _Outstanding:
    """A command sent and not yet completed."""

    command: str
    untagged: list[Untagged] = field(default_factory=list)


def split_literals(data: bytes) -> list[tuple[bytes, bool]]:
    """Cut a command (CRLF not yet added) into writes; True = wait for ``+`` after it.

    CR and LF may only appear inside literals; anything else is a caller bug.
    """
    parts: list[tuple[bytes, bool]] = []
    start = pos = 0
    while True:
        match = _LITERAL.search(data, pos)
        plain = data[pos : match.start() if match else len(data)]
        if b"\r" in plain or b"\n" in plain:
            raise LocalProtocolError("CR/LF in a command outside a literal", "send")
        if match is None:
            break
        end = match.end() + int(match[1])
        if end > len(data):
            raise LocalProtocolError("literal shorter than its {n} marker", "send")
        if not match[2]:
            parts.append((data[start : match.end()], True))
            start = match.end()
        pos = end
    parts.append((data[start:] + b"\r\n", False))
    return parts


class IMAPClient(Engine[ClientState, CT, Event]):
    """One client side of one IMAP connection.

    Once LOGOUT is completed the client is closed (RFC 3501 §6.1.3: the server
    closes the connection), and like the POP3 client after QUIT it reads no more.
    """

    _reader: UnitReader

    def __init__(self, tag_prefix: str = "A") -> None:
        super().__init__(CLIENT_MACHINE, UnitReader(MAX_RESPONSE_LINE, MAX_LITERAL, announce=False),
                         handshake=ClientState.TLS_HANDSHAKE, tls_done=CT.TLS_DONE)
        self.tag_prefix = tag_prefix
        self._counter = 0
        self._queue: deque[tuple[str, bytes, bool]] = deque()  # (tag, write, wait after it)
        self._waiting: str | None = None  # tag whose literal awaits "+"
        self._outstanding: dict[str, _Outstanding] = {}

    # --- public surface (the rest is Engine's) -----------------------------------------
    @property
    def greeted(self) -> bool:
        """True once the server's greeting has arrived."""
        return self._state is not ClientState.GREETING

    @property
    def outstanding(self) -> tuple[str, ...]:
        """Tags of the commands sent and not yet completed, oldest first."""
        return tuple(self._outstanding)

    @property
    def handshaking(self) -> bool:
        """True between the OK to STARTTLS and ``tls_established()``."""
        return self._state is ClientState.TLS_HANDSHAKE

    def send(self, command: str) -> str:
        """Queue ``<tag> <command>\\r\\n`` (split at synchronizing literals); return the tag."""
        self._counter += 1
        tag = f"{self.tag_prefix}{self._counter:03d}"
        for data, wait in split_literals(f"{tag} {command}".encode()):
            self._queue.append((tag, data, wait))
        self._outstanding[tag] = _Outstanding(command)
        self._release()
        return tag

    def done(self) -> None:
        """End an IDLE (RFC 2177 §3): the untagged line ``DONE``; the IDLE's tag completes."""
        if not any(c.command.strip().upper() == "IDLE" for c in self._outstanding.values()):
            raise LocalProtocolError("DONE without an IDLE in progress", "send")
        self._queue.append(("", b"DONE\r\n", False))
        self._release()

    def tls_established(self) -> None:
        """The handshake after STARTTLS is done: writes flow again."""
        self._finish_handshake("an OK to STARTTLS")
        self._release()

    def data_to_send(self) -> list[bytes]:
        """Drain outgoing writes (none during a TLS handshake)."""
        return [] if self.handshaking else super().data_to_send()

    # --- internals -------------------------------------------------------------------
    # Bytes that arrive during a TLS handshake are kept (Engine's _drops_input) and
    # read by the first receive_data() after tls_established(); b"" will do.
    def _read_one(self) -> list[Event] | None:
        item = self._reader.next()
        if item is None:
            return None
        if isinstance(item, Unit):
            return self._response(item)
        if isinstance(item, Overlong):
            return [Malformed(item.head[:200].decode("utf-8", "replace"))]
        return []

    def _release(self) -> None:
        while self._queue and self._waiting is None and not self.handshaking:
            tag, data, wait = self._queue.popleft()
            self._outbox.append(data)
            if wait:
                self._waiting = tag

    def _response(self, unit: Unit) -> list[Event]:
        text = unit.text.decode("utf-8", "replace")
        if self._state is ClientState.GREETING:
            status, _, rest = text[2:].partition(" ")
            if text.startswith("* ") and status.upper() in _GREETINGS:
                self._transition(CT.GREETED)
                return [Greeting(status.upper(), rest)]
            return [Malformed(text)]
        if text == "+" or text.startswith("+ "):
            self._waiting = None  # §7.5: go on with the literal
            self._release()
            return [Continuation(text[2:])]
        if text.startswith("* "):
            untagged = Untagged(text[2:], unit.literals)
            for command in self._outstanding.values():
                command.untagged.append(untagged)
            return [untagged]
        tag, _, rest = text.partition(" ")
        status, _, status_text = rest.partition(" ")
        if status.upper() not in _STATUSES or not tag:
            return [Malformed(text)]
        return [self._completed(tag, status.upper(), status_text)]

    def _completed(self, tag: str, status: str, text: str) -> Completed:
        command = self._outstanding.pop(tag, None)
        if self._waiting == tag:  # refused before its literal: drop the rest of it
            self._waiting = None
            self._queue = deque(item for item in self._queue if item[0] != tag)
            self._release()
        if command is None:
            return Completed(tag, "", status, text, ())
        verb = command.command.strip().upper()
        if status == "OK" and verb == "STARTTLS":
            # RFC 3501 §6.2.1: anything after the OK is discarded before the handshake.
            self._reader.clear()
            self._transition(CT.TLS_READY)
        elif status == "OK" and verb == "LOGOUT":
            self._transition(CT.ENDED)  # the server closes the connection now
        return Completed(tag, command.command, status, text, tuple(command.untagged))
