"""What the mail client's readers share: the device's store, its settings, one interface.

A device reads mail with one retrieval protocol. Each protocol has a reader
(:mod:`mailsim.nodes.pop3_reader`, :mod:`mailsim.nodes.imap_reader`) that
implements :class:`Reader`; the mail client picks one when it is built and
asks it, never the protocol's name. Readers know the client only as a
:class:`Device`, so none of them imports the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from mailsim.mail.message import summary
from mailsim.nodes.session import EngineSession, EngineT
from mailsim.sim.connection import Endpoint
from mailsim.sim.network import Network
from mailsim.trace.states import CheckFailed, StateChange


@dataclass(frozen=True, slots=True)
class Incoming:
    """How this device reads mail, and where."""

    protocol: str = "imap"  # "pop3" or "imap"
    port: int = 143
    tls: str = "none"  # "none", "starttls" or "implicit" (then ``port`` is 995/993)
    leave_on_server: bool = False
    delete_after: float | None = None  # seconds
    cache: bool = False
    idle: bool = False  # IMAP: stay in IDLE for the server's push (RFC 2177)
    sent_folder: str | None = None  # a copy of each sent mail: IMAP APPEND, POP3 kept locally
    trash_folder: str | None = None  # IMAP: delete = MOVE there (RFC 6851)


@dataclass(slots=True)
class LocalMessage:
    """A message body on the device."""

    key: str  # POP3 UIDL, or the IMAP UID as text
    message_id: str
    subject: str
    content: bytes
    kept_at: float  # simulated seconds

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(slots=True)
class ListedMessage:
    """An entry of the IMAP message list: the body stays on the server."""

    uid: int
    message_id: str
    subject: str
    size: int
    flags: tuple[str, ...] = ()


class Login(Protocol):
    """The account settings a reader logs in with."""

    @property
    def address(self) -> str: ...
    @property
    def password(self) -> str: ...
    @property
    def server(self) -> str: ...


class Device(Protocol):
    """What a reader needs of the mail client it reads for."""

    name: str
    network: Network
    online: bool
    local: dict[str, LocalMessage]
    listing: dict[int, ListedMessage]

    @property
    def account(self) -> Login: ...
    @property
    def incoming(self) -> Incoming: ...
    @property
    def now_seconds(self) -> float: ...
    def record(self, change: StateChange) -> None: ...


class Reader(Protocol):
    """One retrieval protocol, as the mail client uses it."""

    def check(self) -> None:
        """Check mail now (the device is online)."""
        ...

    def order(self) -> list[str]:
        """Message-IDs in the order the user sees them, oldest first."""
        ...

    def open(self, message_id: str) -> None:
        """Open one message: from the device, or from the server."""
        ...

    def delete(self, message_id: str) -> None:
        """Delete one message where this protocol keeps it."""
        ...

    def move(self, message_id: str, folder: str) -> None:
        """Move one message to another folder (on the server: IMAP only)."""
        ...

    def save_sent(self, content: bytes) -> None:
        """Keep a copy of a mail just sent, in ``incoming.sent_folder``."""
        ...

    def went_offline(self) -> None:
        """The device lost the network: end what depends on a connection."""
        ...


def local_by_id(device: Device, message_id: str) -> LocalMessage | None:
    """The copy of ``message_id`` on the device, if it has one."""
    return next((m for m in device.local.values() if m.message_id == message_id), None)


def keep_copy(device: Device, key: str, content: bytes) -> LocalMessage:
    """Store a message body on the device under ``key`` (a UIDL or a UID)."""
    info = summary(content)
    copy = LocalMessage(key, info.message_id, info.subject, content, device.now_seconds)
    device.local[key] = copy
    return copy


class ReaderSession(EngineSession[EngineT]):
    """One retrieval session of a device: TLS first on implicit-TLS ports, failures reported.

    A subclass sets :attr:`protocol`, sets :attr:`finished` once the session has
    reached its end (a close after that is no failure), and implements
    :meth:`hear` for what the engine makes of the server's lines and
    :meth:`tls_ready` for STARTTLS/STLS.
    """

    protocol = ""

    def __init__(self, device: Device) -> None:
        super().__init__()
        self.device = device
        self.finished = False

    @property
    def implicit_tls(self) -> bool:
        return self.device.incoming.tls == "implicit"

    def fail(self, reason: str) -> None:
        self.device.record(CheckFailed(protocol=self.protocol, reason=reason))

    def tls_ready(self) -> None:
        """STARTTLS/STLS is done: go on encrypted."""
        raise NotImplementedError

    def hear(self, event: object) -> None:
        """One event of the client engine: the greeting, or the answer to a command."""
        raise NotImplementedError

    # --- stream handler -----------------------------------------------------

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        if self.implicit_tls:  # RFC 8314: TLS first, then the greeting
            endpoint.conn.upgrade_tls()

    def on_tls(self) -> None:
        if not self.implicit_tls:  # with implicit TLS the server's greeting comes next
            self.tls_ready()

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        for event in self.engine.receive_data(data):
            self.hear(event)
        self._flush()

    def on_refused(self, reason: str) -> None:
        self.fail(reason)

    def on_close(self, endpoint: Endpoint) -> None:
        if not self.finished:
            self.fail("connection closed")
            self.finished = True
