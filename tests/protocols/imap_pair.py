"""Helpers for IMAP engine tests: a mailbox with messages, raw feeding, a client/server pair."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from mailsim.protocols.imap import (
    Completed,
    Event,
    IMAPClient,
    IMAPServer,
    IMAPServerConfig,
    LoginRequested,
)
from mailsim.protocols.mailstore import Mailbox
from tests.protocols import pump

JST = timezone(timedelta(hours=9))
WHEN = datetime(2026, 4, 1, 9, 0, 0, tzinfo=JST)
CONFIG = IMAPServerConfig("imap.example.org")
PASSWORDS = {"bob": "pass"}


def message(number: int) -> bytes:
    """A small RFC 5322 message; all of them have the same length for number < 10."""
    return (b"From: Alice <alice@example.com>\r\nTo: bob@example.org\r\n"
            b"Subject: hello %d\r\nMessage-ID: <m%d@example.com>\r\n\r\nHi Bob, number %d.\r\n"
            % (number, number, number))


def mailbox(count: int = 3) -> Mailbox:
    """Bob's INBOX holding ``count`` messages with UIDs 1..count."""
    box = Mailbox("bob@example.org")
    for number in range(1, count + 1):
        box.store(message(number), f"<m{number}@example.com>", WHEN)
    return box


def deliver(box: Mailbox, number: int) -> None:
    """A new message arrives (as local delivery would store it)."""
    box.store(message(number), f"<m{number}@example.com>", WHEN)


@dataclass
class Session:
    """A server engine with the node's decisions made: LOGIN against PASSWORDS."""

    box: Mailbox
    server: IMAPServer = field(default_factory=lambda: IMAPServer(CONFIG))
    events: list[Event] = field(default_factory=list)

    def decide(self, event: Event) -> list[Event]:
        """LOGIN is checked against PASSWORDS; the user gets ``box``."""
        if not isinstance(event, LoginRequested):
            return []
        ok = PASSWORDS.get(event.user) == event.password
        return self.server.auth_result(ok, self.box if ok else None)

    def feed(self, data: bytes) -> list[bytes]:
        """Feed raw bytes, answer LOGIN, return the writes the server made."""
        return pump.feed(self.server, data, self.decide, self.events)

    def text(self, data: bytes) -> str:
        """Feed bytes; everything written back, as one string."""
        return b"".join(self.feed(data)).decode()

    def take_events(self) -> list[Event]:
        """Events since the last call."""
        out, self.events = self.events, []
        return out


def started(box: Mailbox, config: IMAPServerConfig = CONFIG) -> Session:
    """A session whose greeting has been sent and drained."""
    session = Session(box, IMAPServer(config))
    session.server.start()
    session.server.data_to_send()
    return session


def selected(box: Mailbox, command: bytes = b"s SELECT INBOX\r\n") -> Session:
    """A session logged in as bob with INBOX selected; events cleared."""
    session = started(box)
    session.feed(b"l LOGIN bob pass\r\n")
    session.feed(command)
    session.take_events()
    return session


@dataclass
class IMAPPair(pump.Pump):
    """A client engine and a server engine wired back to back."""

    box: Mailbox
    config: IMAPServerConfig = CONFIG
    client: IMAPClient = field(default_factory=IMAPClient)
    session: Session | None = None
    transcript: list[tuple[str, bytes]] = field(default_factory=list)
    client_events: list[Event] = field(default_factory=list)
    server_events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.session = Session(self.box, IMAPServer(self.config))
        self.session.server.start()

    @property
    def server(self) -> IMAPServer:
        assert self.session is not None
        return self.session.server

    def decide(self, event: Event) -> list[Event]:
        assert self.session is not None
        return self.session.decide(event)

    def on_client_event(self, event: Event) -> None:
        if isinstance(event, Completed) and event.ok and event.command == "STARTTLS":
            self.server_handle(self.server.tls_established())
            self.client.tls_established()

    def run(self, command: str) -> Completed:
        """Send one command, exchange bytes, return its completion."""
        tag = self.client.send(command)
        self.pump()
        done = [e for e in self.client_events if isinstance(e, Completed) and e.tag == tag]
        assert len(done) == 1, self.transcript
        return done[0]
