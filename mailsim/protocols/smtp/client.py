"""Sans-IO SMTP client engine: greets, optionally STARTTLS and AUTH, sends mail, quits.

Every command the client sends is remembered in a queue of expected replies
(:class:`ClientState`), so pipelined commands (RFC 2920) and one-at-a-time
dialogue are handled the same way: each reply is matched with the oldest
outstanding command. Replies may arrive split or batched arbitrarily.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.sasl import SaslClient
from mailsim.protocols.smtp.codes import Reply, ReplyParser
from mailsim.protocols.smtp.dotstuff import TERMINATOR, normalize_line_endings, stuff
from mailsim.protocols.smtp.events import (
    ClientStartTLS,
    Event,
    SessionEnded,
    SessionFailed,
    Transaction,
    TransactionResult,
)
from mailsim.protocols.smtp.states import ClientState

C = ClientState


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """How a client behaves."""

    helo_name: str
    starttls: Literal["never", "opportunistic", "required"] = "never"
    credentials: tuple[str, str] | None = None  # (username, password)
    auth_mechanism: str = "PLAIN"  # "PLAIN" or "LOGIN"
    initial_response: bool = True  # RFC 4954 §4 initial response with the AUTH command
    pipelining: bool = False  # MAIL, RCPTs and DATA in one write if offered (RFC 2920)
    lowercase_verbs: bool = False  # "ehlo", "mail FROM:", "size=" like Python's smtplib


@dataclass(slots=True)
class _Attempt:
    """Replies collected so far for the transaction in progress."""

    transaction: Transaction
    pipelined: bool
    mail_reply: Reply | None = None
    rcpt_replies: list[tuple[str, Reply]] = field(default_factory=list)

    @property
    def any_accepted(self) -> bool:
        return any(rep.code // 100 == 2 for _, rep in self.rcpt_replies)

    def result(self, data_reply: Reply | None) -> TransactionResult:
        assert self.mail_reply is not None  # set by the first reply of the attempt
        return TransactionResult(self.transaction, tuple(self.rcpt_replies), data_reply,
                                 self.mail_reply)


class SMTPClient:
    """One client side of one SMTP connection, with a list of messages to send."""

    def __init__(self, config: ClientConfig, transactions: Sequence[Transaction]) -> None:
        for txn in transactions:
            if not txn.recipients:
                raise LocalProtocolError(f"transaction {txn.id!r} has no recipients",
                                         C.GREETING)
        self.config = config
        self._queue: deque[Transaction] = deque(transactions)
        self._parser = ReplyParser()
        self._outbox: list[bytes] = []
        self._expect: deque[ClientState] = deque([C.GREETING])
        self._extensions: dict[str, str] = {}
        self._tls = False
        self._handshaking = False
        self._authenticated = False
        self._sasl: SaslClient | None = None
        self._attempt: _Attempt | None = None
        self._done = False

    # --- public surface ----------------------------------------------------------
    @property
    def state(self) -> ClientState:
        """The reply the client waits for next (or TLS_HANDSHAKE / DONE)."""
        if self._done:
            return C.DONE
        if self._handshaking:
            return C.TLS_HANDSHAKE
        return self._expect[0] if self._expect else C.DONE

    @property
    def done(self) -> bool:
        """True once the session is over; the caller closes the connection."""
        return self._done

    @property
    def tls_active(self) -> bool:
        """True after STARTTLS and the handshake."""
        return self._tls

    @property
    def extensions(self) -> dict[str, str]:
        """Service extensions from the last EHLO reply: keyword -> parameters."""
        return dict(self._extensions)

    def receive_data(self, data: bytes) -> list[Event]:
        """Take bytes from the server; return the events they cause."""
        if self._done or self._handshaking:
            return []
        self._parser.feed(data)
        events: list[Event] = []
        while not self._done and not self._handshaking:
            item = self._parser.next_reply()
            if item is None:
                break
            if isinstance(item, str):
                events += self._abort(None, "malformed reply")
                break
            events += self._on_reply(item)
        return events

    def tls_established(self) -> list[Event]:
        """The handshake is done: say EHLO again (RFC 3207 §4.2)."""
        if not self._handshaking:
            raise LocalProtocolError("tls_established() without a 220 to STARTTLS", self.state)
        self._handshaking, self._tls, self._extensions = False, True, {}
        self._command(self._verb("EHLO") + " " + self.config.helo_name, C.EHLO)
        return []

    def connection_lost(self) -> list[Event]:
        """The server went away; unfinished transactions are reported failed."""
        if self._done:
            return []
        if self._expect and self._expect[0] is C.QUIT:
            self._done = True
            return [SessionEnded()]
        self._done = True
        return [SessionFailed(self.state.value.lower(), None, "connection lost",
                              self._unfinished())]

    def data_to_send(self) -> list[bytes]:
        """Drain outgoing writes: one command, one pipelined group, or one message."""
        out, self._outbox = self._outbox, []
        return out

    # --- reply dispatch -------------------------------------------------------------
    def _on_reply(self, reply: Reply) -> list[Event]:
        if not self._expect:
            return self._abort(reply, "unexpected reply")
        expected = self._expect.popleft()
        if reply.code == 421 and expected is not C.QUIT:
            # RFC 5321 §3.8: the server is closing; no QUIT, just go.
            return self._abort(reply, "service not available", stage=expected)
        return _DISPATCH[expected](self, reply)

    def _on_greeting(self, reply: Reply) -> list[Event]:
        if reply.code != 220:
            return self._fail("greeting", reply, "server refused the session")
        self._command(self._verb("EHLO") + " " + self.config.helo_name, C.EHLO)
        return []

    def _on_ehlo(self, reply: Reply) -> list[Event]:
        if reply.code // 100 != 2:
            # RFC 5321 §4.1.4 / §3.2: fall back to HELO for an old server.
            self._command(self._verb("HELO") + " " + self.config.helo_name, C.HELO)
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
                self._command("STARTTLS", C.STARTTLS)
                return []
            if self.config.starttls == "required":
                return self._fail("starttls", None, "STARTTLS required but not offered")
        return self._after_tls()

    def _on_starttls(self, reply: Reply) -> list[Event]:
        if reply.code == 220:
            self._handshaking = True
            self._parser.clear()  # nothing sent in plaintext may count after TLS
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
            self._command(f"AUTH {mechanism} {self._sasl.initial_response()}", C.AUTH)
        else:
            self._command(f"AUTH {mechanism}", C.AUTH)
        return []

    def _on_auth(self, reply: Reply) -> list[Event]:
        if reply.code == 334 and self._sasl is not None:
            answer = self._sasl.respond(reply.lines[0] if reply.lines else "")
            self._command("*" if answer is None else answer, C.AUTH)  # "*" cancels
            return []
        if reply.code // 100 == 2:
            self._authenticated = True
            return self._next_transaction()
        return self._fail("auth", reply, "authentication failed")

    # --- mail transactions ---------------------------------------------------------
    def _next_transaction(self) -> list[Event]:
        if not self._queue:
            self._attempt = None
            self._command(self._verb("QUIT"), C.QUIT)
            return []
        txn = self._queue.popleft()
        pipelined = self.config.pipelining and "PIPELINING" in self._extensions
        self._attempt = _Attempt(txn, pipelined)
        if not pipelined:
            self._command(self._mail_line(txn), C.MAIL)
            return []
        lines = [self._mail_line(txn)] + [self._rcpt_line(r) for r in txn.recipients]
        lines.append(self._verb("DATA"))
        self._outbox.append("".join(line + "\r\n" for line in lines).encode("utf-8"))
        self._expect += [C.MAIL] + [C.RCPT] * len(txn.recipients) + [C.DATA]
        return []

    def _on_mail(self, reply: Reply) -> list[Event]:
        attempt = self._current()
        attempt.mail_reply = reply
        if attempt.pipelined:
            return []
        if reply.code // 100 != 2:
            return self._finish(None, reset=False)
        self._command(self._rcpt_line(attempt.transaction.recipients[0]), C.RCPT)
        return []

    def _on_rcpt(self, reply: Reply) -> list[Event]:
        attempt = self._current()
        recipients = attempt.transaction.recipients
        attempt.rcpt_replies.append((recipients[len(attempt.rcpt_replies)], reply))
        if attempt.pipelined:
            return []
        if len(attempt.rcpt_replies) < len(recipients):
            self._command(self._rcpt_line(recipients[len(attempt.rcpt_replies)]), C.RCPT)
        elif attempt.any_accepted:
            self._command(self._verb("DATA"), C.DATA)
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
        self._expect.append(C.CONTENT)
        return []

    def _on_content(self, reply: Reply) -> list[Event]:
        return self._finish(reply, reset=False)

    def _on_rset(self, reply: Reply) -> list[Event]:
        return self._next_transaction()

    def _on_quit(self, reply: Reply) -> list[Event]:
        self._done = True
        return [SessionEnded()]

    def _finish(self, data_reply: Reply | None, *, reset: bool) -> list[Event]:
        result = self._current().result(data_reply)
        self._attempt = None
        if reset:
            self._command(self._verb("RSET"), C.RSET)
            return [result]
        return [result, *self._next_transaction()]

    # --- helpers ---------------------------------------------------------------------
    def _current(self) -> _Attempt:
        if self._attempt is None:
            raise LocalProtocolError("no transaction in progress", self.state)
        return self._attempt

    def _verb(self, verb: str) -> str:
        return verb.lower() if self.config.lowercase_verbs else verb

    def _mail_line(self, txn: Transaction) -> str:
        line = f"{self._verb('MAIL')} FROM:<{txn.sender}>"
        content = normalize_line_endings(txn.content)
        if "SIZE" in self._extensions:  # RFC 1870 §6
            line += f" {self._verb('SIZE')}={len(content)}"
        if "8BITMIME" in self._extensions and any(byte > 0x7F for byte in content):
            line += " BODY=8BITMIME"  # RFC 6152 §2
        return line

    def _rcpt_line(self, recipient: str) -> str:
        return f"{self._verb('RCPT')} TO:<{recipient}>"

    def _command(self, line: str, expect: ClientState) -> None:
        self._outbox.append(line.encode("utf-8") + b"\r\n")
        self._expect.append(expect)

    def _unfinished(self) -> tuple[Transaction, ...]:
        current = [self._attempt.transaction] if self._attempt else []
        return (*current, *self._queue)

    def _fail(self, stage: str, reply: Reply | None, reason: str) -> list[Event]:
        """Report the session failed, then leave politely with QUIT."""
        failed = SessionFailed(stage, reply, reason, self._unfinished())
        self._queue.clear()
        self._attempt = None
        self._expect.clear()
        self._command(self._verb("QUIT"), C.QUIT)
        return [failed]

    def _abort(self, reply: Reply | None, reason: str,
               stage: ClientState | None = None) -> list[Event]:
        """Report the session failed and end it at once (no QUIT is possible)."""
        where = (stage or self.state).value.lower()
        failed = SessionFailed(where, reply, reason, self._unfinished())
        self._queue.clear()
        self._attempt = None
        self._expect.clear()
        self._done = True
        return [failed, SessionEnded()]


_DISPATCH: dict[ClientState, Callable[[SMTPClient, Reply], list[Event]]] = {
    C.GREETING: SMTPClient._on_greeting, C.EHLO: SMTPClient._on_ehlo,
    C.HELO: SMTPClient._on_helo, C.STARTTLS: SMTPClient._on_starttls,
    C.AUTH: SMTPClient._on_auth, C.MAIL: SMTPClient._on_mail, C.RCPT: SMTPClient._on_rcpt,
    C.DATA: SMTPClient._on_data, C.CONTENT: SMTPClient._on_content,
    C.RSET: SMTPClient._on_rset, C.QUIT: SMTPClient._on_quit,
}
