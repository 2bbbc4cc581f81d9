"""Every node's state at one step: the snapshot the replay folds build.

The state panels, the storage plots and the notebooks read these; the folds
(:mod:`mailsim.trace.folds`) are the only writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class QueuedMessage:
    message_id: str
    sender: str
    recipients: list[str]
    size: int
    subject: str


@dataclass(slots=True)
class MailboxMessage:
    uid: int
    message_id: str
    size: int
    subject: str
    sender: str
    flags: set[str] = field(default_factory=set)


@dataclass(slots=True)
class CachedRRset:
    records: list[str]
    rcode: str
    expires_at: float


@dataclass(slots=True)
class SentMessage:
    message_id: str
    subject: str
    recipients: list[str]
    status: str = "sending"


@dataclass(slots=True)
class LocalCopy:
    """A message body kept on a device: a POP3 download or an IMAP cache entry."""

    message_id: str
    size: int
    subject: str
    source: str  # "POP3" or "IMAP cache"
    uid: int
    read: bool = False


@dataclass(slots=True)
class ViewEntry:
    """A line of an IMAP client's message list: it lives on the server."""

    message_id: str
    size: int
    subject: str
    flags: list[str]


@dataclass(slots=True)
class DeviceState:
    online: bool = True
    local: dict[str, LocalCopy] = field(default_factory=dict)
    view: dict[int, ViewEntry] = field(default_factory=dict)
    read: set[str] = field(default_factory=set)

    @property
    def local_bytes(self) -> int:
        return sum(copy.size for copy in self.local.values())


@dataclass(slots=True)
class WorldState:
    """Every node's state after ``step`` events (at simulated ``time``)."""

    step: int = 0
    time: float = 0.0
    queues: dict[str, dict[str, QueuedMessage]] = field(default_factory=dict)
    mailboxes: dict[str, dict[str, list[MailboxMessage]]] = field(default_factory=dict)
    dns_caches: dict[str, dict[tuple[str, str], CachedRRset]] = field(default_factory=dict)
    outboxes: dict[str, list[SentMessage]] = field(default_factory=dict)
    devices: dict[str, DeviceState] = field(default_factory=dict)

    def device(self, node: str) -> DeviceState:
        return self.devices.setdefault(node, DeviceState())

    def server_bytes(self) -> int:
        """Octets in every mailbox on every server."""
        return sum(m.size for boxes in self.mailboxes.values() for box in boxes.values() for m in box)

    def mailbox(self, address: str) -> list[MailboxMessage]:
        """A user's mailbox, wherever it lives (empty if nothing arrived yet)."""
        for boxes in self.mailboxes.values():
            if address in boxes:
                return boxes[address]
        return []

    def cache(self, node: str) -> dict[tuple[str, str], CachedRRset]:
        """The unexpired entries of ``node``'s resolver cache at this step."""
        entries = self.dns_caches.get(node, {})
        return {key: entry for key, entry in entries.items() if entry.expires_at > self.time}
