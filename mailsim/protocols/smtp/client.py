"""Sans-IO SMTP client engine: greets, optionally STARTTLS and AUTH, sends mail, quits.

The client's state is the reply it waits for; it moves only through the table
:data:`~mailsim.protocols.smtp.states.CLIENT_MACHINE`. Commands sent behind the awaited
one (RFC 2920 pipelining) wait in a queue of triggers, so pipelined and one-at-a-time
dialogue are alike: each reply answers the oldest outstanding command, however split.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

from mailsim.protocols.engine import Engine
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.sasl import SaslClient
from mailsim.protocols.smtp import client_lines as lines
from mailsim.protocols.smtp.client_lines import Attempt
from mailsim.protocols.smtp.codes import Reply, ReplyParser
from mailsim.protocols.smtp.config import ClientConfig
from mailsim.protocols.smtp.dotstuff import TERMINATOR, stuff
from mailsim.protocols.smtp.events import (
    ClientStartTLS,
    Event,
    SessionEnded,
    SessionFailed,
    Transaction,
)
from mailsim.protocols.smtp.states import CLIENT_MACHINE, ClientState
from mailsim.protocols.smtp.states import ClientTrigger as CT

__all__ = ["ClientConfig", "SMTPClient"]

C = ClientState


class SMTPClient(Engine[ClientState, CT, Event]):
    """One client side of one SMTP connection, with a list of messages to send."""

    _reader: ReplyParser

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
        return self._state not in self._machine.reading  # over, or in the TLS handshake

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
        events = _DISPATCH[awaited](self, reply)
        if self._state in self._machine.reading:  # not ended, not handshaking
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

    # --- mail transactions ---------------------------------------------------------
    def _next_transaction(self) -> list[Event]:
        if not self._queue:
            self._attempt = None
            self._command(self._verb("QUIT"), CT.QUIT)
            return []
        txn = self._queue.popleft()
        pipelined = self.config.pipelining and "PIPELINING" in self._extensions
        self._attempt = Attempt(txn, pipelined)
        if not pipelined:
            self._command(self._mail_line(txn), CT.MAIL)
            return []
        lines = [self._mail_line(txn)] + [self._rcpt_line(r) for r in txn.recipients]
        lines.append(self._verb("DATA"))
        self._outbox.append("".join(line + "\r\n" for line in lines).encode("utf-8"))
        self._queued += [CT.MAIL] + [CT.RCPT] * len(txn.recipients) + [CT.DATA]
        return []

    def _on_mail(self, reply: Reply) -> list[Event]:
        attempt = self._current()
        attempt.mail_reply = reply
        if attempt.pipelined:
            return []
        if reply.code // 100 != 2:
            return self._finish(None, reset=False)
        self._command(self._rcpt_line(attempt.transaction.recipients[0]), CT.RCPT)
        return []

    def _on_rcpt(self, reply: Reply) -> list[Event]:
        attempt = self._current()
        recipients = attempt.transaction.recipients
        attempt.rcpt_replies.append((recipients[len(attempt.rcpt_replies)], reply))
        if attempt.pipelined:
            return []
        if len(attempt.rcpt_replies) < len(recipients):
            self._command(self._rcpt_line(recipients[len(attempt.rcpt_replies)]), CT.RCPT)
        elif attempt.any_accepted:
            self._command(self._verb("DATA"), CT.DATA)
        else:
            return self._finish(None, reset=True)  # nobody accepted: RSET, no DATA
        return []

    def _on_data(self, reply: Reply) -> list[Event]:
        attempt = self._current()
        if reply.code != 354:
            mail_ok = attempt.mail_reply is not None and attempt.mail_reply.code // 100 == 2
            return self._finish(reply if mail_ok else None, reset=mail_ok)
        # RFC 2920 §3.1: a 354 with no accepted recipient still needs the terminator.
        content = stuff(attempt.transaction.content) if attempt.any_accepted else TERMINATOR
        self._outbox.append(content)
        self._queued.append(CT.CONTENT)
        return []

    def _on_content(self, reply: Reply) -> list[Event]:
        return self._finish(reply, reset=False)

    def _on_rset(self, reply: Reply) -> list[Event]:
        return self._next_transaction()

    def _on_quit(self, reply: Reply) -> list[Event]:
        self._transition(CT.END)
        return [SessionEnded()]

    def _finish(self, data_reply: Reply | None, *, reset: bool) -> list[Event]:
        result = self._current().result(data_reply)
        self._attempt = None
        if reset:
            self._command(self._verb("RSET"), CT.RSET)
            return [result]
        return [result, *self._next_transaction()]

    # --- helpers ---------------------------------------------------------------------
    def _current(self) -> Attempt:
        if self._attempt is None:
            raise LocalProtocolError("no transaction in progress", self._state)
        return self._attempt

    def _verb(self, verb: str) -> str:
        return lines.verb(verb, lowercase=self.config.lowercase_verbs)

    def _mail_line(self, txn: Transaction) -> str:
        return lines.mail_line(txn, self._extensions, lowercase=self.config.lowercase_verbs)

    def _rcpt_line(self, recipient: str) -> str:
        return lines.rcpt_line(recipient, lowercase=self.config.lowercase_verbs)

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


_DISPATCH: dict[ClientState, Callable[[SMTPClient, Reply], list[Event]]] = {
    C.GREETING: SMTPClient._on_greeting, C.EHLO: SMTPClient._on_ehlo,
    C.HELO: SMTPClient._on_helo, C.STARTTLS: SMTPClient._on_starttls,
    C.AUTH: SMTPClient._on_auth, C.MAIL: SMTPClient._on_mail, C.RCPT: SMTPClient._on_rcpt,
    C.DATA: SMTPClient._on_data, C.CONTENT: SMTPClient._on_content,
    C.RSET: SMTPClient._on_rset, C.QUIT: SMTPClient._on_quit,
}
