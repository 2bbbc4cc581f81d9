"""Shuttle bytes between a POP3 client engine and a server engine (h11-style).

A fake mail-server "node" makes the server's decisions: passwords (and APOP
secrets) are checked against a dict and a logged-in user gets their Mailbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mailsim.protocols.mailstore import Mailbox
from mailsim.protocols.pop3 import (
    Event,
    Greeting,
    LoginRequested,
    POP3Client,
    POP3Server,
    POP3ServerConfig,
    Response,
    apop_digest,
)
from tests.protocols import pump

TIMESTAMP = "<1896.697170952@mx.example.jp>"
CONFIG = POP3ServerConfig("mx.example.jp", TIMESTAMP)
MSG1 = (b"From: alice@example.com\r\nTo: bob@example.jp\r\nSubject: hello\r\n\r\n"
        b"Hi Bob,\r\n.hidden\r\n.\r\nbye\r\n")
MSG2 = b"Subject: two\r\n\r\nsecond\r\n"


def make_mailbox(*contents: bytes, uidvalidity: int = 7) -> Mailbox:
    """Bob's mailbox holding these messages (UIDs 1, 2, ...)."""
    mailbox = Mailbox("bob@example.jp", uidvalidity=uidvalidity)
    for content in contents:
        deliver(mailbox, content)
    return mailbox


def deliver(mailbox: Mailbox, content: bytes) -> None:
    """Store one more message, as local delivery would."""
    mailbox.store(content, f"<m{mailbox.next_uid}@example.com>", datetime(2024, 4, 1, 9, 0))


@dataclass
class FakeNode:
    """Policy for the server side: user -> secret, user -> mailbox."""

    mailbox: Mailbox = field(default_factory=lambda: make_mailbox(MSG1, MSG2))
    secrets: dict[str, str] = field(default_factory=lambda: {"bob": "secret"})
    timestamp: str = TIMESTAMP
    logins: list[LoginRequested] = field(default_factory=list)

    def decide(self, server: POP3Server, event: Event) -> list[Event]:
        """Answer a pending event; return the events that answering caused."""
        if not isinstance(event, LoginRequested):
            return []
        self.logins.append(event)
        secret = self.secrets.get(event.user)
        if secret is None:
            ok = False
        elif event.apop_digest is not None:
            ok = event.apop_digest == apop_digest(self.timestamp, secret)
        else:
            ok = event.password == secret
        return server.auth_result(ok, self.mailbox if ok else None)


@dataclass
class POP3Pair(pump.Pump):
    """A client and a server wired back to back, with a transcript of every write."""

    client: POP3Client = field(default_factory=POP3Client)
    server: POP3Server = field(default_factory=lambda: POP3Server(CONFIG))
    node: FakeNode = field(default_factory=FakeNode)
    transcript: list[tuple[str, bytes]] = field(default_factory=list)
    client_events: list[Event] = field(default_factory=list)
    server_events: list[Event] = field(default_factory=list)

    def open(self) -> Greeting:
        """Start the server and deliver its greeting."""
        self.server.start()
        self.pump()
        greeting = self.client_events[0]
        assert isinstance(greeting, Greeting)
        return greeting

    def command(self, line: str, *, multiline: bool = False) -> Response:
        """Send one command and return its response."""
        return self.pipeline((line, multiline))[0]

    def pipeline(self, *commands: tuple[str, bool]) -> list[Response]:
        """Send several commands in one go; return their responses in order."""
        before = len(self.client_events)
        for line, multiline in commands:
            self.client.send(line, multiline=multiline)
        self.pump()
        responses = [e for e in self.client_events[before:] if isinstance(e, Response)]
        assert len(responses) == len(commands)
        return responses

    def login(self, user: str = "bob", password: str = "secret") -> Response:
        """USER then PASS; the PASS response."""
        self.command(f"USER {user}")
        return self.command(f"PASS {password}")

    def decide(self, event: Event) -> list[Event]:
        return self.node.decide(self.server, event)

    def on_client_event(self, event: Event) -> None:
        if isinstance(event, Response) and event.keyword == "STLS" and event.ok:
            self.client.tls_established()
            self.server_handle(self.server.tls_established())


def feed(server: POP3Server, data: bytes, node: FakeNode | None = None) -> list[bytes]:
    """Feed raw bytes to a server, answer pending logins via ``node``, return responses."""
    policy = node or FakeNode()
    return pump.feed(server, data, lambda event: policy.decide(server, event))


def started(config: POP3ServerConfig = CONFIG) -> POP3Server:
    """A server that has already sent (and had drained) its greeting."""
    server = POP3Server(config)
    server.start()
    server.data_to_send()
    return server
