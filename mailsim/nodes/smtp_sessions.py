"""Glue between a TCP endpoint and an SMTP engine, for both ends.

The engines decide every protocol line; these classes only pump bytes and
ask the owning node for policy decisions (recipient checks, credentials,
queueing), which may take simulated time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from mailsim.nodes.session import EngineSession
from mailsim.protocols.smtp import (
    AuthRequested,
    ClientConfig,
    ClientStartTLS,
    CloseConnection,
    Envelope,
    LoginRefused,
    MailFrom,
    MessageReceived,
    RcptTo,
    Reply,
    ServerConfig,
    SessionEnded,
    SessionFailed,
    SMTPClient,
    SMTPServer,
    StartTLS,
    Transaction,
    TransactionResult,
)
from mailsim.protocols.spf import SPFResult
from mailsim.sim.connection import Endpoint

# How long a client waits for any reply before it gives up on the session:
# RFC 5321 §4.5.3.2 asks for 5 minutes per command (10 after the final dot).
REPLY_TIMEOUT = 600_000_000
# RFC 5321 §4.5.3.1.8: a server must take at least 100 recipients per message;
# more go into further transactions on the same connection (§4.5.3.1.10).
RECIPIENTS_PER_TRANSACTION = 100


def recipient_chunks(recipients: Sequence[str]) -> list[tuple[str, ...]]:
    """The recipients of one message, split into transactions a server must accept."""
    size = RECIPIENTS_PER_TRANSACTION
    return [tuple(recipients[i:i + size]) for i in range(0, len(recipients), size)]


class SMTPPolicy(Protocol):
    """The decisions a mail server node makes for its SMTP sessions."""

    # check_sender and receive_message may return None: the policy answers later with
    # session.answer(reply), once a check it makes (SPF asks DNS) is done
    def check_sender(self, session: SMTPServerSession, sender: str) -> Reply | None: ...
    def check_recipient(self, session: SMTPServerSession, recipient: str) -> Reply: ...
    def receive_message(
        self, session: SMTPServerSession, envelope: Envelope, content: bytes
    ) -> Reply | None: ...
    def check_credentials(
        self, session: SMTPServerSession, username: str, password: str,
        done: Callable[[bool | None], None],
    ) -> None: ...
    def check_connect(self, session: SMTPServerSession) -> Reply | None: ...


class SMTPServerSession(EngineSession[SMTPServer]):
    """One accepted SMTP connection on a server port."""

    def __init__(self, policy: SMTPPolicy, config: ServerConfig) -> None:
        super().__init__()
        self.policy = policy
        self.engine = SMTPServer(config)
        self.declared_size: int | None = None  # MAIL FROM's SIZE= (RFC 1870)
        self.spf: SPFResult | None = None  # this transaction's SPF result, if the server checks
        self.spf_ip = ""

    @property
    def peer_host(self) -> str:
        assert self.endpoint is not None
        return self.endpoint.peer_host

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        refusal = self.policy.check_connect(self)
        if refusal is not None:  # busy: 421 instead of the greeting (RFC 5321 §3.8)
            self._handle(self.engine.refuse(refusal))
            return
        self.engine.start()
        self._flush()

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        engine = self.engine
        events = engine.receive_data(data)
        if events:
            self._handle(events)
            return
        own = self.endpoint  # None when a caller drives the session without one (live)
        if own is not None:
            for chunk in engine.data_to_send():  # the usual case: replies only, no decision
                own.send(chunk)

    def on_close(self, endpoint: Endpoint) -> None:
        self.engine.connection_lost()

    def on_tls(self) -> None:
        self._handle(self.engine.tls_established())

    def answer(self, reply: Reply) -> None:
        """The policy's late answer to the MAIL or message decision it left pending."""
        if self.engine.pending is None:
            return  # the client went away while the check ran: nobody to answer
        self._handle(self.engine.respond(reply))

    def _handle(self, events: Sequence[object]) -> None:
        if not events:  # most input (a command line, message text) decides nothing here
            self._flush()
            return
        pending = list(events)
        while pending:
            event = pending.pop(0)
            if isinstance(event, MailFrom):
                size = event.param("SIZE")
                self.declared_size = int(size) if size and size.isdigit() else None
                reply = self.policy.check_sender(self, event.sender)
                if reply is not None:  # else the engine holds further input until answer()
                    pending.extend(self.engine.respond(reply))
            elif isinstance(event, RcptTo):
                pending.extend(
                    self.engine.respond(self.policy.check_recipient(self, event.recipient))
                )
            elif isinstance(event, MessageReceived):
                reply = self.policy.receive_message(self, event.envelope, event.content)
                if reply is not None:
                    pending.extend(self.engine.respond(reply))
            elif isinstance(event, AuthRequested):
                self._flush()
                self.policy.check_credentials(
                    self, event.username, event.password,
                    lambda ok: self._handle(self.engine.auth_result(ok is True,
                                                                    temporary=ok is None)),
                )
            elif isinstance(event, CloseConnection):
                self._flush()
                if event.reply.code == 421:  # the server hangs up itself (RFC 5321 §3.8)
                    assert self.endpoint is not None
                    self.endpoint.close()
                else:
                    self._close_later()
            elif isinstance(event, LoginRefused):
                self._login_refused(event)
            elif isinstance(event, StartTLS):
                pass  # the client starts the handshake; on_tls follows
        self._flush()


class SMTPClientSession(EngineSession[SMTPClient]):
    """One outgoing SMTP connection carrying one or more transactions."""

    def __init__(
        self,
        config: ClientConfig,
        transactions: Sequence[Transaction],
        on_result: Callable[[TransactionResult], None],
        on_failure: Callable[[Sequence[Transaction], str, Reply | None], None],
    ) -> None:
        super().__init__()
        self.engine = SMTPClient(config, transactions)
        self.transactions = tuple(transactions)
        self.on_result = on_result
        self.on_failure = on_failure
        self._reported: set[str] = set()
        # The reply timer is armed lazily: one timer is pending at a time, and each
        # reply only moves this deadline; when the timer fires early it waits on
        # for the rest (one calendar event per timeout, not one per reply).
        self._deadline = 0

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._deadline = endpoint.network.now + REPLY_TIMEOUT
        endpoint.network.after(REPLY_TIMEOUT, self._reply_timer)

    def _reply_timer(self) -> None:
        endpoint = self.endpoint
        assert endpoint is not None
        if endpoint.closed:
            return
        left = self._deadline - endpoint.network.now
        if left > 0:  # a reply came since the timer was set: wait for the rest
            endpoint.network.after(left, self._reply_timer)
            return
        endpoint.close()
        self._fail(self.transactions, "timed out waiting for a reply", None)

    def on_refused(self, reason: str) -> None:
        self._fail(self.transactions, reason, None)

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        self._deadline = endpoint.conn.network.now + REPLY_TIMEOUT  # _reply_timer reads it
        engine = self.engine
        events = engine.receive_data(data)
        if events:
            self._handle(events)
            return
        own = self.endpoint
        assert own is not None  # set by on_open, before any data
        for chunk in engine.data_to_send():  # the usual case: the next command only
            own.send(chunk)

    def on_close(self, endpoint: Endpoint) -> None:
        self._handle(self.engine.connection_lost())

    def _handle(self, events: Sequence[object]) -> None:
        assert self.endpoint is not None
        if not events:
            self._flush()
            return
        for event in events:
            if isinstance(event, TransactionResult):
                self._reported.add(event.transaction.id)
                self.on_result(event)
            elif isinstance(event, SessionFailed):
                self._fail(event.pending, event.reason, event.reply)
            elif isinstance(event, ClientStartTLS):
                self._flush()
                self.endpoint.conn.upgrade_tls()  # both ends hear on_tls()
            elif isinstance(event, SessionEnded):
                self._flush()
                self.endpoint.close()
        self._flush()

    def _fail(self, transactions: Sequence[Transaction], reason: str, reply: Reply | None) -> None:
        todo = [t for t in transactions if t.id not in self._reported]
        self._reported.update(t.id for t in todo)
        if todo:
            self.on_failure(todo, reason, reply)

    def on_tls(self) -> None:
        """The handshake is done on our side: the engine goes on encrypted."""
        self._handle(self.engine.tls_established())
