"""Sans-IO POP3 client engine: a generic command/response core, like poplib's.

The caller decides what to send (``send("RETR 1", multiline=True)``); the engine
frames the command, remembers it, and matches each response to the oldest
outstanding command, so pipelined commands (RFC 2449 §6.6) and one-at-a-time
dialogue work the same way. Responses may arrive split or batched arbitrarily.
A malformed response never raises: it becomes a failed :class:`Response`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from mailsim.protocols.engine import Engine
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.lines import Line, LineReader, dot_block
from mailsim.protocols.pop3.commands import (
    apop_digest,
    find_timestamp,
    parse_list_lines,
    parse_stat,
    parse_uidl_lines,
)
from mailsim.protocols.pop3.events import Event, Greeting, Response
from mailsim.protocols.pop3.states import CLIENT_MACHINE, ClientState
from mailsim.protocols.pop3.states import ClientTrigger as CT

__all__ = ["POP3Client", "apop_digest", "parse_list_lines", "parse_stat", "parse_uidl_lines"]

MAX_RESPONSE_LINE = 65536  # generous: message lines may exceed RFC 2449's 512 octets
BODY_COMMANDS = frozenset({"RETR", "TOP"})  # their multi-line body is a message


@dataclass(slots=True)
class _Outstanding:
    """A command sent and not yet fully answered."""

    command: str
    multiline: bool
    status: tuple[bool, str] | None = None  # set once a +OK opens a multi-line body
    lines: list[bytes] = field(default_factory=list)
    keyword: str = field(init=False)  # the command's verb, upper-case: asked per line

    def __post_init__(self) -> None:
        self.keyword = self.command.split(" ", 1)[0].upper()


class POP3Client(Engine[ClientState, CT, Event]):
    """One client side of one POP3 connection."""

    _reader: LineReader

    def __init__(self) -> None:
        super().__init__(CLIENT_MACHINE, LineReader(MAX_RESPONSE_LINE),
                         handshake=ClientState.TLS_HANDSHAKE, tls_done=CT.TLS_DONE)
        self._expect: deque[_Outstanding] = deque()
        self._timestamp: str | None = None

    # --- public surface (the rest is Engine's) ------------------------------------
    @property
    def greeting_timestamp(self) -> str | None:
        """The APOP timestamp ``<...>`` from the greeting, if any (RFC 1939 §7)."""
        return self._timestamp

    @property
    def outstanding(self) -> int:
        """How many commands still wait for their response."""
        return len(self._expect)

    @property
    def handshaking(self) -> bool:
        """True between ``+OK`` to STLS and :meth:`tls_established`."""
        return self._state is ClientState.TLS_HANDSHAKE

    def send(self, command: str, *, multiline: bool = False) -> None:
        """Queue ``command`` CRLF; ``multiline``: a ``+OK`` opens a dot-terminated body.

        Use ``multiline=True`` for CAPA, LIST and UIDL without argument, RETR and TOP.
        """
        if "\r" in command or "\n" in command:
            raise LocalProtocolError("a command must not contain CR or LF", self._state)
        if self.closed or self.handshaking:
            raise LocalProtocolError("cannot send now", self._state)
        if any(item.keyword == "STLS" for item in self._expect):
            # RFC 2595 §4: nothing may follow STLS until the handshake is done.
            raise LocalProtocolError("wait for the STLS response", self._state)
        self._expect.append(_Outstanding(command, multiline))
        self._outbox.append(command.encode("utf-8") + b"\r\n")

    def tls_established(self) -> None:
        """The handshake after ``+OK`` to STLS is done; commands may follow."""
        self._finish_handshake("+OK to STLS")

    # --- response parsing -----------------------------------------------------------
    def _drops_input(self) -> bool:
        return not self._reads  # after QUIT, or TLS handshake bytes

    def _read_one(self) -> list[Event] | None:
        expect = self._expect
        if expect and expect[0].status is not None and not expect[0].lines \
                and expect[0].keyword in BODY_COMMANDS:
            # A message body that came whole (the usual case) is taken at once.
            block = dot_block(self._reader.unread(), MAX_RESPONSE_LINE)
            if block is not None:
                body, used = block
                self._reader.skip(used)
                ok, text = expect[0].status
                return [self._finish(Response(expect[0].command, ok, text, body=body))]
        line = self._reader.next_line()
        if line is None:
            return None
        event = self._on_line(line)
        return [] if event is None else [event]

    def _on_line(self, line: Line) -> Event | None:
        if self._state is ClientState.GREETING:
            self._transition(CT.GREETED)
            kind, text = _status(line.data)
            self._timestamp = find_timestamp(text) if kind == "ok" else None
            return Greeting(kind == "ok", text)
        if not self._expect:
            return None  # unsolicited data from a misbehaving server: ignored
        current = self._expect[0]
        if current.status is not None:
            return self._body_line(current, line)
        kind, text = _status(line.data)
        if kind == "continuation":  # RFC 5034 §4: the caller answers with send()
            self._expect.popleft()
            return Response(current.command, True, text, continuation=True)
        if kind == "ok" and current.multiline:
            current.status = (True, text)  # RFC 1939 §3: the body follows
            return None
        return self._finish(Response(current.command, kind == "ok", text))

    def _body_line(self, current: _Outstanding, line: Line) -> Event | None:
        if line.data == b".":
            assert current.status is not None
            ok, text = current.status
            if current.keyword in BODY_COMMANDS:
                body = b"".join(part + b"\r\n" for part in current.lines)
                return self._finish(Response(current.command, ok, text, body=body))
            decoded = tuple(part.decode("utf-8", "replace") for part in current.lines)
            return self._finish(Response(current.command, ok, text, lines=decoded))
        # RFC 1939 §3: a line starting with "." had another "." prepended.
        current.lines.append(line.data[1:] if line.data.startswith(b".") else line.data)
        return None

    def _finish(self, response: Response) -> Response:
        self._expect.popleft()
        if response.keyword == "STLS" and response.ok:
            self._transition(CT.TLS_READY)
            self._reader.clear()  # nothing received in plaintext may count after TLS
        elif response.keyword == "QUIT":
            self._transition(CT.ENDED)
        return response


def _status(data: bytes) -> tuple[str | None, str]:
    """Classify a status line (RFC 1939 §3): "ok", "err", "continuation" or None."""
    text = data.decode("utf-8", "replace")
    for indicator, kind in (("+OK", "ok"), ("-ERR", "err")):
        if text == indicator or text.startswith(indicator + " "):
            return kind, text[len(indicator) + 1:]
    if text == "+" or text.startswith("+ "):
        return "continuation", text[2:]
    return None, text
