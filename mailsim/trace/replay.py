"""Node state at any step, by folding a trace's state events.

Step-back, the state panels and the storage plots read this; nothing re-runs
the simulation. Each state action has one folding function in ``FOLDS``:

=====================  =================================================================
action                 data keys
=====================  =================================================================
composed               message_id, sender, recipients, subject, size (at a client)
submitted              message_id, accepted, reply (the mail server took it)
submission_failed      message_id, accepted, reply
login / login_failed   user (a mail server asked the auth server)
credentials_checked    dn, result (at the auth server)
queued                 queue_id, message_id, sender, recipients, size, subject, from_host
relayed / failed       queue_id, message_id, recipients, reply, to_host
deferred               queue_id, message_id, recipients, reply, to_host (stays queued)
removed                queue_id, message_id (nothing left to deliver)
stored                 mailbox, queue_id, message_id, uid, size, subject, sender
dns_cache_store        name, qtype, rcode, rrsets [{name, type, ttl, records, rcode}]
dns_cache_hit          name, qtype, rcode, records, ttl_left
dns_cache_expired      name, qtype
mx_selected            domain, hosts
connection_failed      queue_id, host, reason
over_quota             mailbox, size, used, quota (a delivery refused or deferred)
deleted                mailbox, uids, message_ids, protocol (removed from the server)
flags_changed          mailbox, uid, message_id, flags
downloaded             mailbox, uid, message_id, size, subject (a full copy on a device)
cached                 mailbox, uid, message_id, size, subject (IMAP copy kept offline)
synced                 mailbox, messages [{uid, message_id, size, subject, flags}]
local_deleted          message_id (the device dropped its copy)
read / read_failed     message_id, subject, source (local, cache, server) / reason
offline / online       (a device lost or regained the network)
check_failed           protocol, reason
=====================  =================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mailsim.trace.collection import Trace
from mailsim.trace.records import StateEvent, TraceEvent


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


Fold = Callable[[WorldState, StateEvent], None]
FOLDS: dict[str, Fold] = {}


def folds(*actions: str) -> Callable[[Fold], Fold]:
    def register(function: Fold) -> Fold:
        for action in actions:
            FOLDS[action] = function
        return function

    return register


@folds("composed")
def _composed(state: WorldState, event: StateEvent) -> None:
    d = event.data
    state.outboxes.setdefault(event.node, []).append(
        SentMessage(d["message_id"], d["subject"], list(d["recipients"]))
    )


@folds("submitted", "submission_failed")
def _submitted(state: WorldState, event: StateEvent) -> None:
    for sent in state.outboxes.get(event.node, []):
        if sent.message_id == event.data["message_id"]:
            sent.status = "sent" if event.action == "submitted" else "failed"


@folds("queued")
def _queued(state: WorldState, event: StateEvent) -> None:
    d = event.data
    state.queues.setdefault(event.node, {})[d["queue_id"]] = QueuedMessage(
        d["message_id"], d["sender"], list(d["recipients"]), d["size"], d["subject"]
    )


@folds("relayed", "failed")
def _left_queue(state: WorldState, event: StateEvent) -> None:
    entry = state.queues.get(event.node, {}).get(event.data["queue_id"])
    if entry is not None:
        entry.recipients = [r for r in entry.recipients if r not in event.data["recipients"]]


@folds("removed")
def _removed(state: WorldState, event: StateEvent) -> None:
    state.queues.get(event.node, {}).pop(event.data["queue_id"], None)


@folds("stored")
def _stored(state: WorldState, event: StateEvent) -> None:
    d = event.data
    box = state.mailboxes.setdefault(event.node, {}).setdefault(d["mailbox"], [])
    box.append(MailboxMessage(d["uid"], d["message_id"], d["size"], d["subject"], d["sender"]))
    entry = state.queues.get(event.node, {}).get(d["queue_id"])
    if entry is not None:
        entry.recipients = [r for r in entry.recipients if r != d["mailbox"]]


@folds("dns_cache_store")
def _cache_store(state: WorldState, event: StateEvent) -> None:
    cache = state.dns_caches.setdefault(event.node, {})
    for rrset in event.data["rrsets"]:
        cache[(rrset["name"], rrset["type"])] = CachedRRset(
            list(rrset["records"]), rrset["rcode"], event.t + float(rrset["ttl"])
        )


@folds("dns_cache_expired")
def _cache_expired(state: WorldState, event: StateEvent) -> None:
    state.dns_caches.get(event.node, {}).pop((event.data["name"], event.data["qtype"]), None)


def _find(state: WorldState, node: str, mailbox: str) -> list[MailboxMessage]:
    return state.mailboxes.setdefault(node, {}).setdefault(mailbox, [])


@folds("deleted")
def _deleted(state: WorldState, event: StateEvent) -> None:
    box = _find(state, event.node, event.data["mailbox"])
    gone = set(event.data["uids"])
    box[:] = [m for m in box if m.uid not in gone]


@folds("flags_changed")
def _flags_changed(state: WorldState, event: StateEvent) -> None:
    for message in _find(state, event.node, event.data["mailbox"]):
        if message.uid == event.data["uid"]:
            message.flags = set(event.data["flags"])


@folds("downloaded", "cached")
def _copied(state: WorldState, event: StateEvent) -> None:
    d = event.data
    source = "POP3" if event.action == "downloaded" else "IMAP cache"
    state.device(event.node).local[d["message_id"]] = LocalCopy(
        d["message_id"], d["size"], d["subject"], source, d["uid"]
    )


@folds("synced")
def _synced(state: WorldState, event: StateEvent) -> None:
    state.device(event.node).view = {
        m["uid"]: ViewEntry(m["message_id"], m["size"], m["subject"], list(m["flags"]))
        for m in event.data["messages"]
    }


@folds("local_deleted")
def _local_deleted(state: WorldState, event: StateEvent) -> None:
    state.device(event.node).local.pop(event.data["message_id"], None)


@folds("read")
def _read(state: WorldState, event: StateEvent) -> None:
    device = state.device(event.node)
    device.read.add(event.data["message_id"])
    copy = device.local.get(event.data["message_id"])
    if copy is not None:
        copy.read = True


@folds("offline", "online")
def _connectivity(state: WorldState, event: StateEvent) -> None:
    state.device(event.node).online = event.action == "online"


def replay(trace: Trace, upto: int | None = None) -> WorldState:
    """The state after the first ``upto`` events (all of them when ``None``)."""
    state = WorldState()
    for _ in walk(trace if upto is None else trace[:upto], state):
        pass
    return state


def walk(trace: Trace, state: WorldState | None = None) -> Iterator[tuple[TraceEvent, WorldState]]:
    """Fold event by event, yielding the (same, updated) state after each one.

    For plots over time: one pass instead of a replay per step. Copy what you
    keep, the state object is reused.
    """
    state = state if state is not None else WorldState()
    for event in trace:
        state.step += 1
        state.time = event.time
        if isinstance(event, StateEvent):
            fold = FOLDS.get(event.action)
            if fold is not None:
                fold(state, event)
        yield event, state


def describe_state(state: WorldState) -> dict[str, Any]:
    """A plain-data summary, handy for comparisons in tests and notebooks."""
    return {
        "queues": {n: sorted(q) for n, q in state.queues.items() if q},
        "mailboxes": {
            n: {a: [m.message_id for m in msgs] for a, msgs in boxes.items()}
            for n, boxes in state.mailboxes.items()
        },
        "devices": {
            n: sorted(d.local) for n, d in state.devices.items() if d.local
        },
    }
