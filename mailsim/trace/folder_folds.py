"""The folds of IMAP folders: APPEND, COPY, MOVE, CREATE/DELETE/RENAME, and the devices' side.

A user's INBOX stays in ``WorldState.mailboxes`` (what delivery and POP3 see);
every other folder is in ``WorldState.folders`` (node -> address -> folder).
:mod:`mailsim.trace.folds` merges :data:`FOLDER_FOLDS` into its ``FOLDS`` and
sends ``stored``/``deleted``/``flags_changed`` with a ``folder`` here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mailsim.trace.states import (
    Appended,
    Copied,
    FolderCreated,
    FolderDeleted,
    FolderRenamed,
    IdleEnded,
    Idling,
    Moved,
    SentKept,
    StateChange,
)
from mailsim.trace.world import LocalCopy, MailboxMessage, WorldState

INBOX = "INBOX"
FOLDER_FOLDS: dict[type[StateChange], Callable[[WorldState, str, Any], None]] = {}


def _fold(cls: type[StateChange]) -> Callable[[Callable[[WorldState, str, Any], None]],
                                              Callable[[WorldState, str, Any], None]]:
    def register(function: Callable[[WorldState, str, Any], None]) -> Callable[[WorldState, str, Any], None]:
        FOLDER_FOLDS[cls] = function
        return function

    return register


def is_inbox(folder: str | None) -> bool:
    """RFC 3501 §5.1: INBOX in any case; None means INBOX in the trace."""
    return folder is None or folder.upper() == INBOX


def folder_box(state: WorldState, node: str, mailbox: str, folder: str | None) -> list[MailboxMessage]:
    """The messages of one folder (made empty on first sight), INBOX included."""
    if is_inbox(folder):
        return state.mailboxes.setdefault(node, {}).setdefault(mailbox, [])
    assert folder is not None
    return state.folders.setdefault(node, {}).setdefault(mailbox, {}).setdefault(folder, [])


def subject_of(state: WorldState, message_id: str) -> str:
    """A message's subject, from its sender's outbox (APPEND and COPY carry no subject)."""
    for sent in state.outboxes.values():
        for message in sent:
            if message.message_id == message_id:
                return message.subject
    return ""


@_fold(Appended)
def _appended(state: WorldState, node: str, change: Appended) -> None:
    box = folder_box(state, node, change.mailbox, change.folder)
    box.append(MailboxMessage(change.uid, change.message_id, change.size,
                              subject_of(state, change.message_id), change.mailbox,
                              set(change.flags)))
    state.stored += change.size


def _copy(state: WorldState, node: str, change: Copied | Moved, *, remove: bool) -> None:
    source = folder_box(state, node, change.mailbox, change.source)
    target = folder_box(state, node, change.mailbox, change.target)
    new_uid = dict(zip(change.uids, change.new_uids, strict=False))
    for message in [m for m in source if m.uid in new_uid]:
        copy = message.copy()
        copy.uid = new_uid[message.uid]  # flags stay (RFC 3501 §6.4.7)
        target.append(copy)
        if not remove:
            state.stored += copy.size
    if remove:
        source[:] = [m for m in source if m.uid not in new_uid]


@_fold(Copied)
def _copied(state: WorldState, node: str, change: Copied) -> None:
    _copy(state, node, change, remove=False)


@_fold(Moved)
def _moved(state: WorldState, node: str, change: Moved) -> None:
    _copy(state, node, change, remove=True)


@_fold(FolderCreated)
def _created(state: WorldState, node: str, change: FolderCreated) -> None:
    folder_box(state, node, change.mailbox, change.folder)


@_fold(FolderDeleted)
def _folder_deleted(state: WorldState, node: str, change: FolderDeleted) -> None:
    gone = state.folders.get(node, {}).get(change.mailbox, {}).pop(change.folder, [])
    state.stored -= sum(m.size for m in gone)


@_fold(FolderRenamed)
def _renamed(state: WorldState, node: str, change: FolderRenamed) -> None:
    account = state.folders.setdefault(node, {}).setdefault(change.mailbox, {})
    if is_inbox(change.folder):  # RFC 3501 §6.3.5: INBOX's messages move, INBOX stays
        inbox = folder_box(state, node, change.mailbox, None)
        account.setdefault(change.new_name, []).extend(inbox)
        inbox.clear()
        return
    prefix = change.folder + "/"
    for name in [n for n in account if n == change.folder or n.startswith(prefix)]:
        account[change.new_name + name[len(change.folder):]] = account.pop(name)


@_fold(SentKept)
def _sent_kept(state: WorldState, node: str, change: SentKept) -> None:
    device = state.device(node)
    replaced = device.sent.pop(change.message_id, None)
    if replaced is not None:
        device.local_size -= replaced.size
    device.sent[change.message_id] = LocalCopy(change.message_id, change.size, change.subject,
                                               change.folder, 0, read=True)
    device.local_size += change.size


@_fold(Idling)
def _idling(state: WorldState, node: str, change: Idling) -> None:
    state.device(node).idling = change.folder


@_fold(IdleEnded)
def _idle_ended(state: WorldState, node: str, change: IdleEnded) -> None:
    state.device(node).idling = None
