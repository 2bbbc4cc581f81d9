"""Shuttle bytes between an SMTP client engine and a server engine (h11-style).

A fake mail-server "node" makes the server's decisions: recipients in a set are
accepted, credentials are checked against a dict, messages get ``250 queued``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailsim.protocols.smtp import (
    AuthRequested,
    ClientConfig,
    ClientStartTLS,
    Event,
    MailFrom,
    MessageReceived,
    RcptTo,
    ServerConfig,
    SessionEnded,
    SMTPClient,
    SMTPServer,
    StartTLS,
    Transaction,
    TransactionResult,
    codes,
)
from mailsim.protocols.smtp.codes import Reply
from tests.protocols import pump


@dataclass
class FakeNode:
    """Policy for the server side."""

    local_users: set[str] = field(default_factory=lambda: {"bob@example.org"})
    passwords: dict[str, str] = field(default_factory=lambda: {"alice": "s3cret"})
    refuse_sender: Reply | None = None
    messages: list[MessageReceived] = field(default_factory=list)
    auth_attempts: list[AuthRequested] = field(default_factory=list)

    def decide(self, server: SMTPServer, event: Event) -> list[Event]:
        """Answer a pending event; return the events that answering caused."""
        if isinstance(event, MailFrom):
            return server.respond(self.refuse_sender or codes.OK_MAIL)
        if isinstance(event, RcptTo):
            ok = event.recipient in self.local_users
            return server.respond(codes.OK_RCPT if ok else codes.unknown_user(event.recipient))
        if isinstance(event, MessageReceived):
            self.messages.append(event)
            return server.respond(codes.queued(f"Q{len(self.messages)}"))
        if isinstance(event, AuthRequested):
            self.auth_attempts.append(event)
            return server.auth_result(self.passwords.get(event.username) == event.password)
        return []


@dataclass
class SMTPPair(pump.Pump):
    """A client and a server wired back to back, with a transcript of every write."""

    client: SMTPClient
    server: SMTPServer
    node: FakeNode = field(default_factory=FakeNode)
    transcript: list[tuple[str, bytes]] = field(default_factory=list)
    client_events: list[Event] = field(default_factory=list)
    server_events: list[Event] = field(default_factory=list)

    @classmethod
    def build(cls, client_config: ClientConfig, server_config: ServerConfig,
              transactions: list[Transaction], node: FakeNode | None = None) -> SMTPPair:
        """Make a pair from configs."""
        return cls(SMTPClient(client_config, transactions), SMTPServer(server_config),
                   node or FakeNode())

    def run(self, max_rounds: int = 200) -> SMTPPair:
        """Exchange bytes until the client is done; return self for chaining."""
        self.server.start()
        self.pump(max_rounds, until=lambda: self.client.done)
        return self

    def decide(self, event: Event) -> list[Event]:
        return self.node.decide(self.server, event)

    def on_client_event(self, event: Event) -> None:
        if isinstance(event, ClientStartTLS):
            self.server_handle(self.server.tls_established())
            self.client_events += self.client.tls_established()

    # --- conveniences for assertions ----------------------------------------------
    @property
    def client_lines(self) -> list[str]:
        """Every line the client wrote (message content included)."""
        return [line for who, chunk in self.transcript if who == "C"
                for line in chunk.decode("utf-8", "replace").split("\r\n")[:-1]]

    @property
    def reply_codes(self) -> list[int]:
        """Reply codes in order (first line of each server write)."""
        return [int(chunk[:3]) for who, chunk in self.transcript if who == "S"]

    @property
    def results(self) -> list[TransactionResult]:
        """TransactionResult events, in order."""
        return [e for e in self.client_events if isinstance(e, TransactionResult)]

    @property
    def ended(self) -> bool:
        """True if the client saw the end of the session."""
        return any(isinstance(e, SessionEnded) for e in self.client_events)

    @property
    def server_started_tls(self) -> bool:
        """True if the server emitted StartTLS."""
        return any(isinstance(e, StartTLS) for e in self.server_events)


def feed(server: SMTPServer, data: bytes, node: FakeNode | None = None) -> list[bytes]:
    """Feed raw bytes to a server, answer pending events via ``node``, return replies."""
    policy = node or FakeNode()
    return pump.feed(server, data, lambda event: policy.decide(server, event))


def started(config: ServerConfig) -> SMTPServer:
    """A server that has already sent (and had drained) its greeting."""
    server = SMTPServer(config)
    server.start()
    server.data_to_send()
    return server
