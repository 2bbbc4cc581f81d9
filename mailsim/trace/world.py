"""Every node's state at one step: the snapshot the replay folds build.

The state panels, the storage plots and the notebooks read these; the folds
(:mod:`mailsim.trace.folds`) are the only writers. Each class has a ``copy()``
that copies everything a fold may change: the replay checkpoints
(:class:`mailsim.trace.replay.Checkpoints`) copy a snapshot before folding on,
and :func:`copy.deepcopy` was most of the time of a jump on a long trace.

The octets stored on the servers and on each device are running totals kept
by the folds as they add and remove messages (``stored``, ``local_size``), so
the storage figure reads them in constant time at every step instead of
re-summing every mailbox (which made it quadratic in the events).
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

    def copy(self) -> QueuedMessage:
        return QueuedMessage(self.message_id, self.sender, list(self.recipients), self.size,
                             self.subject)


@dataclass(slots=True)
class MailboxMessage:
    uid: int
    message_id: str
    size: int
    subject: str
    sender: str
    flags: set[str] = field(default_factory=set)

    def copy(self) -> MailboxMessage:
        return MailboxMessage(self.uid, self.message_id, self.size, self.subject, self.sender,
                              set(self.flags))


@dataclass(slots=True)
class CachedRRset:
    records: list[str]
    rcode: str
    expires_at: float

    def copy(self) -> CachedRRset:
        return CachedRRset(list(self.records), self.rcode, self.expires_at)


@dataclass(slots=True)
class SentMessage:
    message_id: str
    subject: str
    recipients: list[str]
    status: str = "sending"

    def copy(self) -> SentMessage:
        return SentMessage(self.message_id, self.subject, list(self.recipients), self.status)


@dataclass(slots=True)
class LocalCopy:
    """A message body kept on a device: a POP3 download or an IMAP cache entry."""

    message_id: str
    size: int
    subject: str
    source: str  # "POP3" or "IMAP cache"
    uid: int
    read: bool = False

    def copy(self) -> LocalCopy:
        return LocalCopy(self.message_id, self.size, self.subject, self.source, self.uid,
                         self.read)


@dataclass(slots=True)
class ViewEntry:
    """A line of an IMAP client's message list: it lives on the server."""

    message_id: str
    size: int
    subject: str
    flags: list[str]

    def copy(self) -> ViewEntry:
        return ViewEntry(self.message_id, self.size, self.subject, list(self.flags))


@dataclass(slots=True)
class DeviceState:
    online: bool = True
    local: dict[str, LocalCopy] = field(default_factory=dict)
    view: dict[int, ViewEntry] = field(default_factory=dict)  # INBOX's list
    read: set[str] = field(default_factory=set)
    local_size: int = 0  # the sum of ``local``'s and ``sent``'s sizes, kept by the folds
    folders: dict[str, dict[int, ViewEntry]] = field(default_factory=dict)  # other IMAP folders
    sent: dict[str, LocalCopy] = field(default_factory=dict)  # sent mail kept on the device
    idling: str | None = None  # the folder it waits on in IMAP IDLE

    def copy(self) -> DeviceState:
        return DeviceState(self.online, {k: c.copy() for k, c in self.local.items()},
                           {k: e.copy() for k, e in self.view.items()}, set(self.read),
                           self.local_size,
                           {f: {k: e.copy() for k, e in v.items()} for f, v in self.folders.items()},
                           {k: c.copy() for k, c in self.sent.items()}, self.idling)

    @property
    def local_bytes(self) -> int:
        """Octets of the copies kept on the device (a running total, not a re-sum)."""
        return self.local_size


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
    stored: int = 0  # octets in every mailbox, kept by the folds
    # node -> address -> folder -> messages, for the folders besides INBOX (in ``mailboxes``)
    folders: dict[str, dict[str, dict[str, list[MailboxMessage]]]] = field(default_factory=dict)

    def copy(self) -> WorldState:
        """An independent copy (equal to :func:`copy.deepcopy`, several times faster)."""
        return WorldState(
            self.step, self.time,
            {n: {k: q.copy() for k, q in queue.items()} for n, queue in self.queues.items()},
            {n: {a: [m.copy() for m in box] for a, box in boxes.items()}
             for n, boxes in self.mailboxes.items()},
            {n: {k: e.copy() for k, e in cache.items()} for n, cache in self.dns_caches.items()},
            {n: [m.copy() for m in sent] for n, sent in self.outboxes.items()},
            {n: d.copy() for n, d in self.devices.items()},
            self.stored,
            {n: {a: {f: [m.copy() for m in box] for f, box in account.items()}
                 for a, account in accounts.items()} for n, accounts in self.folders.items()},
        )

    def device(self, node: str) -> DeviceState:
        return self.devices.setdefault(node, DeviceState())

    def server_bytes(self) -> int:
        """Octets in every mailbox on every server (a running total, not a re-sum)."""
        return self.stored

    def mailbox(self, address: str) -> list[MailboxMessage]:
        """A user's mailbox, wherever it lives (empty if nothing arrived yet)."""
        for boxes in self.mailboxes.values():
            if address in boxes:
                return boxes[address]
        return []

    def folders_of(self, address: str) -> dict[str, list[MailboxMessage]]:
        """A user's folders besides INBOX, wherever they live (only those the trace shows)."""
        for accounts in self.folders.values():
            if address in accounts:
                return accounts[address]
        return {}

    def cache(self, node: str) -> dict[tuple[str, str], CachedRRset]:
        """The unexpired entries of ``node``'s resolver cache at this step."""
        entries = self.dns_caches.get(node, {})
        return {key: entry for key, entry in entries.items() if entry.expires_at > self.time}
