"""How each typed state change updates the world state: one fold per class.

``FOLDS`` maps a state class to the function that applies it to a
:class:`~mailsim.trace.world.WorldState`; ``UNTRACKED`` names the classes that
change nothing the world state keeps (they are shown, not folded). Every class
of :mod:`mailsim.trace.states` is in exactly one of the two (a test checks it).
A fold runs after ``state.time`` is set to the event's time. The folds that add
or remove a stored message or a device's copy also keep the running totals
``state.stored`` and ``DeviceState.local_size`` (:mod:`mailsim.trace.world`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from mailsim.trace.folder_folds import FOLDER_FOLDS, folder_box, is_inbox
from mailsim.trace.states import (
    AttemptOutcome,
    Bounced,
    Cached,
    CheckFailed,
    Composed,
    ConnectionFailed,
    CredentialsChecked,
    Deferred,
    DelayNotice,
    Deleted,
    Discarded,
    DKIMChecked,
    DKIMSigned,
    DMARCChecked,
    DNSCacheExpired,
    DNSCacheHit,
    DNSCacheStore,
    DNSNoAnswer,
    DNSTimeout,
    Downloaded,
    DuplicateRecipient,
    Expired,
    Failed,
    FaultReply,
    FlagsChanged,
    LocalDeleted,
    Login,
    LoginFailed,
    LoginUnavailable,
    MessageModified,
    MXSelected,
    Offline,
    Online,
    OverQuota,
    PortBlocked,
    Queued,
    Read,
    ReadFailed,
    Relayed,
    RelayWindowOpened,
    RelayWindowUsed,
    Removed,
    Retry,
    RetryScheduled,
    ServerCopyExpired,
    SPFChecked,
    StateChange,
    Stored,
    SubmissionFailed,
    SubmissionOutcome,
    Submitted,
    Synced,
)
from mailsim.trace.world import (
    CachedRRset,
    LocalCopy,
    MailboxMessage,
    QueuedMessage,
    SentMessage,
    ViewEntry,
    WorldState,
)

C = TypeVar("C", bound=StateChange)
Fold = Callable[[WorldState, str, Any], None]
"""``fold(state, node, change)``: apply ``change``, which happened at ``node``."""

FOLDS: dict[type[StateChange], Fold] = {}

UNTRACKED: frozenset[type[StateChange]] = frozenset({
    # Shown in the run table and the captions; the world state has no place for them.
    Login, LoginFailed, LoginUnavailable, CredentialsChecked, Deferred, Retry, RetryScheduled,
    ConnectionFailed, Expired, Discarded, Bounced, DelayNotice, FaultReply, OverQuota,
    DNSCacheHit, DNSTimeout, DNSNoAnswer, MXSelected, CheckFailed, ReadFailed, ServerCopyExpired,
    DuplicateRecipient, SPFChecked, DKIMSigned, DKIMChecked, DMARCChecked, MessageModified,
    PortBlocked, RelayWindowOpened, RelayWindowUsed,
})


def folds(*classes: type[C]) -> Callable[[Callable[[WorldState, str, C], None]],
                                         Callable[[WorldState, str, C], None]]:
    """Register the decorated function as the fold of ``classes``."""

    def register(function: Callable[[WorldState, str, C], None]) -> Callable[[WorldState, str, C], None]:
        for cls in classes:
            FOLDS[cls] = function
        return function

    return register


@folds(Composed)
def _composed(state: WorldState, node: str, change: Composed) -> None:
    state.outboxes.setdefault(node, []).append(
        SentMessage(change.message_id, change.subject, list(change.recipients))
    )


@folds(Submitted, SubmissionFailed)
def _submitted(state: WorldState, node: str, change: SubmissionOutcome) -> None:
    for sent in state.outboxes.get(node, []):
        if sent.message_id == change.message_id:
            sent.status = "sent" if isinstance(change, Submitted) else "failed"


@folds(Queued)
def _queued(state: WorldState, node: str, change: Queued) -> None:
    state.queues.setdefault(node, {})[change.queue_id] = QueuedMessage(
        change.message_id, change.sender, list(change.recipients), change.size, change.subject
    )


@folds(Relayed, Failed)
def _left_queue(state: WorldState, node: str, change: AttemptOutcome) -> None:
    entry = state.queues.get(node, {}).get(change.queue_id)
    if entry is not None:
        entry.recipients = [r for r in entry.recipients if r not in change.recipients]


@folds(Removed)
def _removed(state: WorldState, node: str, change: Removed) -> None:
    state.queues.get(node, {}).pop(change.queue_id, None)


@folds(Stored)
def _stored(state: WorldState, node: str, change: Stored) -> None:
    box = folder_box(state, node, change.mailbox, change.folder)
    box.append(MailboxMessage(change.uid, change.message_id, change.size, change.subject,
                              change.sender))
    state.stored += change.size
    entry = state.queues.get(node, {}).get(change.queue_id)
    if entry is not None:
        entry.recipients = [r for r in entry.recipients if r != change.mailbox]


@folds(DNSCacheStore)
def _cache_store(state: WorldState, node: str, change: DNSCacheStore) -> None:
    cache = state.dns_caches.setdefault(node, {})
    for rrset in change.rrsets:
        cache[(rrset.name, rrset.type)] = CachedRRset(
            list(rrset.records), rrset.rcode, state.time + float(rrset.ttl)
        )


@folds(DNSCacheExpired)
def _cache_expired(state: WorldState, node: str, change: DNSCacheExpired) -> None:
    state.dns_caches.get(node, {}).pop((change.name, change.qtype), None)


@folds(Deleted)
def _deleted(state: WorldState, node: str, change: Deleted) -> None:
    box = folder_box(state, node, change.mailbox, change.folder)
    gone = set(change.uids)
    state.stored -= sum(m.size for m in box if m.uid in gone)
    box[:] = [m for m in box if m.uid not in gone]


@folds(FlagsChanged)
def _flags_changed(state: WorldState, node: str, change: FlagsChanged) -> None:
    for message in folder_box(state, node, change.mailbox, change.folder):
        if message.uid == change.uid:
            message.flags = set(change.flags)


def _keep_copy(state: WorldState, node: str, change: Downloaded | Cached, source: str) -> None:
    # A POP3 copy keeps its UIDL (a string) where an IMAP one keeps its UID, as before.
    uid: Any = change.uid
    device = state.device(node)
    replaced = device.local.get(change.message_id)
    if replaced is not None:  # a second download of the same message replaces the first
        device.local_size -= replaced.size
    device.local[change.message_id] = LocalCopy(
        change.message_id, change.size, change.subject, source, uid
    )
    device.local_size += change.size


@folds(Downloaded)
def _downloaded(state: WorldState, node: str, change: Downloaded) -> None:
    _keep_copy(state, node, change, "POP3")


@folds(Cached)
def _cached(state: WorldState, node: str, change: Cached) -> None:
    _keep_copy(state, node, change, "IMAP cache")


@folds(Synced)
def _synced(state: WorldState, node: str, change: Synced) -> None:
    listing = {m.uid: ViewEntry(m.message_id, m.size, m.subject, list(m.flags))
               for m in change.messages}
    if change.folder is None or is_inbox(change.folder):
        state.device(node).view = listing
    else:
        state.device(node).folders[change.folder] = listing


@folds(LocalDeleted)
def _local_deleted(state: WorldState, node: str, change: LocalDeleted) -> None:
    device = state.device(node)
    gone = device.local.pop(change.message_id, None)
    if gone is not None:
        device.local_size -= gone.size


@folds(Read)
def _read(state: WorldState, node: str, change: Read) -> None:
    device = state.device(node)
    device.read.add(change.message_id)
    copy = device.local.get(change.message_id)
    if copy is not None:
        copy.read = True


@folds(Offline)
def _offline(state: WorldState, node: str, change: Offline) -> None:
    state.device(node).online = False
    state.device(node).idling = None  # its IDLE connection is gone with the network


@folds(Online)
def _online(state: WorldState, node: str, change: Online) -> None:
    state.device(node).online = True


# The folder actions (APPEND, COPY, MOVE, folders, Sent kept locally, IDLE) have their own module.
FOLDS.update(FOLDER_FOLDS)
