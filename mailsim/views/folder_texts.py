"""The one-liners of IMAP folders in the run table: APPEND, COPY, MOVE, folders, IDLE.

:mod:`mailsim.views.state_texts` merges :func:`folder_texts` into its ``STATE_TEXTS``:
the folder actions get their texts here, and ``stored``/``deleted``/``flags_changed``
(and a device's ``synced``) in a folder other than INBOX get the folder's name after
their usual text.
Texts are the catalogues' ``text.*`` keys of :mod:`mailsim.locales.en_folders`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mailsim.locales import catalog
from mailsim.trace.states import (
    Appended,
    Copied,
    Deleted,
    FlagsChanged,
    FolderCreated,
    FolderDeleted,
    FolderRenamed,
    IdleEnded,
    Idling,
    Moved,
    SentKept,
    StateChange,
    Stored,
    Synced,
)

Describe = Callable[[Any, str], str]


def _say(key: str, lang: str, **values: object) -> str:
    text = catalog(lang).get(key) or catalog("en")[key]
    return text.format(**values)


def _messages(n: int, lang: str) -> str:
    return _say(f"text.n.message.{'one' if n == 1 else 'other'}", lang, n=n)


def _appended(c: Appended, lang: str) -> str:
    return _say("text.appended", lang, mailbox=c.mailbox, folder=c.folder, uid=c.uid, size=c.size)


def _copied(c: Copied | Moved, lang: str) -> str:
    return _say(f"text.{c.action}", lang, mailbox=c.mailbox, source=c.source, target=c.target,
                messages=_messages(len(c.uids), lang))


def _folder(c: FolderCreated | FolderDeleted, lang: str) -> str:
    return _say(f"text.{c.action}", lang, mailbox=c.mailbox, folder=c.folder)


def _renamed(c: FolderRenamed, lang: str) -> str:
    return _say("text.folder_renamed", lang, mailbox=c.mailbox, folder=c.folder,
                new_name=c.new_name)


def _sent_kept(c: SentKept, lang: str) -> str:
    return _say("text.sent_kept", lang, folder=c.folder, size=c.size)


def _idling(c: Idling, lang: str) -> str:
    return _say("text.idling", lang, mailbox=c.mailbox, folder=c.folder)


def _idle_ended(c: IdleEnded, lang: str) -> str:
    why = catalog(lang).get("text.why." + c.reason.lower().replace(" ", "_")) or c.reason
    return _say("text.idle_ended", lang, reason=why)


def _in_folder(describe: Describe) -> Describe:
    """The usual text, and the folder when it is not INBOX."""

    def text(change: Any, lang: str) -> str:
        plain = describe(change, lang)
        folder = getattr(change, "folder", None)
        return plain if folder is None else _say("text.in_folder", lang, text=plain, folder=folder)

    return text


def folder_texts(existing: Mapping[type[StateChange], Describe]) -> dict[type[StateChange], Describe]:
    """The texts to add to ``existing`` (the state texts without the folder actions)."""
    texts: dict[type[StateChange], Describe] = {
        Appended: _appended, Copied: _copied, Moved: _copied, FolderCreated: _folder,
        FolderDeleted: _folder, FolderRenamed: _renamed, SentKept: _sent_kept, Idling: _idling,
        IdleEnded: _idle_ended,
    }
    for cls in (Stored, Deleted, FlagsChanged, Synced):
        if cls in existing:
            texts[cls] = _in_folder(existing[cls])
    return texts
