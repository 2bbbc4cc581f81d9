"""The SMTP client's session: greeting, EHLO/HELO, STARTTLS, AUTH, QUIT, and failing.

:class:`~mailsim.protocols.smtp.client.SMTPClient` adds the mail transactions on
top (as the server's session lives in ``server_base.py`` beside its dialogue). The
state is the reply the client waits for; it moves only through
:data:`~mailsim.protocols.smtp.states.CLIENT_MACHINE`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from mailsim.protocols.engine import Engine
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.sasl import SaslClient
from mailsim.protocols.smtp import client_lines as lines
from mailsim.protocols.smtp.client_lines import Attempt
from mailsim.protocols.smtp.codes import Reply, ReplyParser
from mailsim.protocols.smtp.config import ClientConfig
from mailsim.protocols.smtp.events import (
    ClientStartTLS,
    Event,
    SessionEnded,
    SessionFailed,
    Transaction,
)
from mailsim.protocols.smtp.states import CLIENT_MACHINE, ClientState
from mailsim.protocols.smtp.states import ClientTrigger as CT

C = ClientState


class SMTPClientSession(Engine[ClientState, CT, Event]):
    """What one SMTP client connection does around its mail transactions."""

    _reader: ReplyParser
    # The handler of each awaited reply, set by the engine class that has them all.
    _DISPATCH: ClassVar[dict[ClientState, Callable[[Any, Reply], list[Event]]]]

    def __init__(self, config: ClientConfig, transactions: Sequence[Transaction]) -> None:
        for txn in transactions:
            if not txn.recipients:
                raise LocalProtocolError(f"transaction {txn.id!r} has no recipients",
                                         C.GREETING)
        super().__init__(CLIENT_MACHINE, ReplyParser(), handshake=C.TLS_HANDSHAKE,
                         tls_done=CT.TLS_DONE)
        self.config = config
        self._queue: deque[Transaction] = deque(transactions)
        self._queued: deque[CT] = deque()  # commands sent behind the one awaited
        self._extensions: dict[str, str] = {}
        self._authenticated = False
        self._sasl: SaslClient | None = None
        self._attempt: Attempt | None = None

    # --- public surface (the rest is Engine's) ----------------------------------
    @property
    def done(self) -> bool:
        """True once the session is over; the caller closes the connection."""
        return self.closed

    @property
    def extensions(self) -> dict[str, str]:
        """Service extensions from the last EHLO reply: keyword -> parameters."""
        return dict(self._extensions)

    def tls_established(self) -> list[Event]:
        """The handshake is done: say EHLO again (RFC 3207 §4.2)."""
        self._finish_handshake("a 220 to STARTTLS")
        self._extensions = {}
        self._write(self._verb("EHLO") + " " + self.config.helo_name)  # awaited: EHLO
        return []

    def connection_lost(self) -> list[Event]:
        """The server went away; unfinished transactions are reported failed."""
        if self.closed:
            return []
        quitting = self._state is C.QUIT
        self._transition(CT.END)
        if quitting:
            return [SessionEnded()]
        return [SessionFailed(self._state.value.lower(), None, "connection lost",
                              self._unfinished())]

    # --- reply dispatch -------------------------------------------------------------
    def _drops_input(self) -> bool:
        return not self._reads  # over, or in the TLS handshake

    def _read_one(self) -> list[Event] | None:
        item = self._reader.next_reply()
        if item is None:
            return None
        if isinstance(item, str):
            return self._abort(None, "malformed reply")
        return self._on_reply(item)

    def _on_reply(self, reply: Reply) -> list[Event]:
        awaited = self._state
        if reply.code == 421 and awaited is not C.QUIT:
            # RFC 5321 §3.8: the server is closing; no QUIT, just go.
            attempt = self._attempt
            if awaited is C.RCPT and attempt is not None and attempt.any_refused:
                # A server's error limit (Postfix's 421 "too many errors") ends the session
                # after refused RCPTs: their 5xx is final, so report it, and the rest of
                # this transaction with the 421; else every retry would meet the same
                # refusals and the same 421 again.
                self._attempt = None
                return [attempt.result(reply), *self._abort(reply, "service not available",
                                                            stage=awaited)]
            return self._abort(reply, "service not available", stage=awaited)
        events = self._DISPATCH[awaited](self, reply)
        if self._reads:  # not ended, not handshaking
            self._transition(self._queued.popleft())  # on to the next command's reply
        return events

    def _on_greeting(self, reply: Reply) -> list[Event]:
        if reply.code != 220:
            return self._fail("greeting", reply, "server refused the session")
        self._command(self._verb("EHLO") + " " + self.config.helo_name, CT.EHLO)
        return []

    def _on_ehlo(self, reply: Reply) -> list[Event]:
        if reply.code // 100 != 2:
            # RFC 5321 §4.1.4 / §3.2: fall back to HELO for an old server.
            self._command(self._verb("HELO") + " " + self.config.helo_name, CT.HELO)
            return []
        self._extensions = {}
        for line in reply.lines[1:]:
            keyword, _, params = line.partition(" ")
            key = keyword.upper()
            self._extensions[key] = (self._extensions.get(key, "") + " " + params).strip()
        return self._after_hello()

    def _on_helo(self, reply: Reply) -> list[Event]:
        if reply.code // 100 != 2:
            return self._fail("helo", reply, "server refused EHLO and HELO")
        self._extensions = {}
        return self._after_hello()

    def _after_hello(self) -> list[Event]:
        if not self._tls and self.config.starttls != "never":
            if "STARTTLS" in self._extensions:
                self._command("STARTTLS", CT.STARTTLS)
                return []
            if self.config.starttls == "required":
                return self._fail("starttls", None, "STARTTLS required but not offered")
        return self._after_tls()

    def _on_starttls(self, reply: Reply) -> list[Event]:
        if reply.code == 220:
            self._transition(CT.TLS_READY)
            self._reader.clear()  # nothing sent in plaintext may count after TLS
            return [ClientStartTLS()]
        if self.config.starttls == "required":
            return self._fail("starttls", reply, "STARTTLS refused")
        return self._after_tls()

    def _after_tls(self) -> list[Event]:
        credentials = self.config.credentials
        if credentials is None or self._authenticated:
            return self._next_transaction()
        mechanism = self.config.auth_mechanism.upper()
        if mechanism not in self._extensions.get("AUTH", "").upper().split():
            return self._fail("auth", None, f"server does not offer AUTH {mechanism}")
        self._sasl = SaslClient(mechanism, *credentials)
        if self.config.initial_response:
            self._command(f"AUTH {mechanism} {self._sasl.initial_response()}", CT.AUTH)
        else:
            self._command(f"AUTH {mechanism}", CT.AUTH)
        return []

    def _on_auth(self, reply: Reply) -> list[Event]:
        if reply.code == 334 and self._sasl is not None:
            answer = self._sasl.respond(reply.lines[0] if reply.lines else "")
            self._command("*" if answer is None else answer, CT.AUTH)  # "*" cancels
            return []
        if reply.code // 100 == 2:
            self._authenticated = True
            return self._next_transaction()
        return self._fail("auth", reply, "authentication failed")

    def _on_quit(self, reply: Reply) -> list[Event]:
        self._transition(CT.END)
        return [SessionEnded()]

    def _next_transaction(self) -> list[Event]:
        """Start the next mail transaction, or QUIT when none is left."""
        raise NotImplementedError

    # --- helpers ---------------------------------------------------------------------
    def _verb(self, verb: str) -> str:
        return lines.verb(verb, lowercase=self.config.lowercase_verbs)

    def _write(self, line: str) -> None:
        self._outbox.append(line.encode("utf-8") + b"\r\n")

    def _command(self, line: str, trigger: CT) -> None:
        """Send a command; its reply is awaited after those already outstanding."""
        self._write(line)
        self._queued.append(trigger)

    def _unfinished(self) -> tuple[Transaction, ...]:
        current = [self._attempt.transaction] if self._attempt else []
        return (*current, *self._queue)

    def _give_up(self) -> None:
        self._queue.clear()
        self._attempt = None
        self._queued.clear()

    def _fail(self, stage: str, reply: Reply | None, reason: str) -> list[Event]:
        """Report the session failed, then leave politely with QUIT."""
        failed = SessionFailed(stage, reply, reason, self._unfinished())
        self._give_up()
        self._command(self._verb("QUIT"), CT.QUIT)
        return [failed]

    def _abort(self, reply: Reply | None, reason: str,
               stage: ClientState | None = None) -> list[Event]:
        """Report the session failed and end it at once (no QUIT is possible)."""
        where = (stage or self._state).value.lower()
        failed = SessionFailed(where, reply, reason, self._unfinished())
        self._give_up()
        self._transition(CT.END)
        return [failed, SessionEnded()]
