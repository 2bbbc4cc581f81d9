"""Mailboxes as plain data: what local delivery writes and POP3/IMAP engines read.

A :class:`Mailbox` is one folder. An :class:`Account` is one user's folders:
INBOX (what local delivery writes and POP3 sees) and the folders an IMAP client
creates or a server makes for every user (Sent, Drafts, Trash, Junk, with the
special-use attributes of RFC 6154).

A mailbox is shared by every session that opens it (several devices of one
user), so a flag set over IMAP on the laptop is what the phone sees next.
Whoever changes a mailbox calls :meth:`Mailbox.changed` (storing and removing
do it themselves), so that sessions watching it (IMAP IDLE, RFC 2177) can
tell their clients at once. No clock here: whoever stores a message passes
its arrival time in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

# RFC 3501 §2.3.2 system flags that clients may set (\Recent is the server's).
SYSTEM_FLAGS = ("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft")
INBOX = "INBOX"
DELIMITER = "/"
# The folders common servers create for every user, with their RFC 6154 attributes.
DEFAULT_FOLDERS: tuple[tuple[str, str | None], ...] = (
    ("Sent", "\\Sent"), ("Drafts", "\\Drafts"), ("Trash", "\\Trash"), ("Junk", "\\Junk"))
SPECIAL_USES = {"sent": "\\Sent", "drafts": "\\Drafts", "trash": "\\Trash", "junk": "\\Junk"}
MAX_FOLDERS = 200  # per account, INBOX included; CREATE past it gets NO [LIMIT]

Watcher = Callable[["Mailbox"], None]


@dataclass(slots=True)
class StoredMessage:
    uid: int
    message_id: str
    content: bytes
    internal_date: datetime
    flags: set[str] = field(default_factory=set)
    recent: bool = True

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(slots=True, eq=False)
class Mailbox:
    """One folder of one user (INBOX unless ``name`` says otherwise).

    UIDs only grow (RFC 3501 §2.3.1.1), so with a fixed UIDVALIDITY they stay
    unique for ever; POP3's UIDL uses them too (RFC 1939 §7).
    """

    address: str
    quota: int | None = None
    messages: list[StoredMessage] = field(default_factory=list)
    next_uid: int = 1
    uidvalidity: int = 1
    name: str = INBOX
    special_use: str | None = None
    watchers: list[Watcher] = field(default_factory=list, repr=False)
    # The user's folders once an IMAP session has opened them: the quota then counts
    # every folder, so mail saved in Sent fills the same quota that delivery checks.
    account: Account | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return sum(message.size for message in self.messages)

    @property
    def used(self) -> int:
        """Octets counted against the quota: this folder's, or all of the user's folders'."""
        return self.size if self.account is None else self.account.size

    def fits(self, size: int) -> bool:
        """Whether ``size`` more octets stay within the quota."""
        if self.account is not None:
            return self.account.fits(size)
        return self.quota is None or self.size + size <= self.quota

    def store(self, content: bytes, message_id: str, internal_date: datetime,
              flags: Iterable[str] = ()) -> StoredMessage:
        message = StoredMessage(self.next_uid, message_id, content, internal_date, set(flags))
        self.next_uid += 1
        self.messages.append(message)
        self.changed()
        return message

    def by_uid(self, uid: int) -> StoredMessage | None:
        for message in self.messages:
            if message.uid == uid:
                return message
        return None

    def remove(self, uids: set[int] | frozenset[int]) -> list[StoredMessage]:
        """Take the messages with these UIDs out; return them in mailbox order."""
        gone = [m for m in self.messages if m.uid in uids]
        self.messages = [m for m in self.messages if m.uid not in uids]
        if gone:
            self.changed()
        return gone

    def watch(self, watcher: Watcher) -> None:
        """Call ``watcher(mailbox)`` after every change until :meth:`unwatch`."""
        if watcher not in self.watchers:
            self.watchers.append(watcher)

    def unwatch(self, watcher: Watcher) -> None:
        if watcher in self.watchers:
            self.watchers.remove(watcher)

    def changed(self) -> None:
        """Messages or flags changed: tell the watchers (in the order they came)."""
        for watcher in list(self.watchers):
            watcher(self)


def _key(name: str) -> str:
    # RFC 3501 §5.1: INBOX is case-insensitive; every other name is as given.
    return INBOX if name.upper() == INBOX else name


@dataclass(slots=True, eq=False)
class Account:
    """One user's folders, INBOX first; names are Unicode (the wire form is modified UTF-7)."""

    inbox: Mailbox
    folders: dict[str, Mailbox] = field(default_factory=dict)
    subscribed: set[str] = field(default_factory=set)
    next_validity: int = 2  # a folder created later gets a UIDVALIDITY never used before

    @classmethod
    def with_folders(cls, inbox: Mailbox,
                     folders: Iterable[str | tuple[str, str | None]] = DEFAULT_FOLDERS) -> Account:
        """An account with INBOX and these folders, all subscribed.

        Each folder is ``(name, special use)`` or a bare name; a bare Sent, Drafts,
        Trash or Junk (any case) gets its RFC 6154 special use.
        """
        account = cls(inbox, {INBOX: inbox}, {INBOX})
        for folder in folders:
            name, use = (folder, SPECIAL_USES.get(folder.lower())) if isinstance(folder, str) else folder
            if _key(name) != INBOX and name not in account.folders:
                account.folders[name] = Mailbox(inbox.address, name=name, special_use=use)
                account.subscribed.add(name)
        return account

    def __post_init__(self) -> None:
        self.folders.setdefault(INBOX, self.inbox)
        self.inbox.account = self

    def folder(self, name: str) -> Mailbox | None:
        return self.folders.get(_key(name))

    def names(self) -> list[str]:
        """Every folder name, INBOX first, the rest in creation order."""
        return list(self.folders)

    def special(self, use: str) -> Mailbox | None:
        """The folder with this special use (``\\Sent``, ``Sent`` or ``sent``), if any."""
        wanted = SPECIAL_USES.get(use.lower().lstrip("\\"), use)
        return next((box for box in self.folders.values() if box.special_use == wanted), None)

    def has_children(self, name: str) -> bool:
        prefix = _key(name) + DELIMITER
        return any(other.startswith(prefix) for other in self.folders)

    @property
    def size(self) -> int:
        return sum(box.size for box in self.folders.values())

    def fits(self, size: int) -> bool:
        """Whether ``size`` more octets fit the user's quota (INBOX's, over every folder)."""
        return self.inbox.quota is None or self.size + size <= self.inbox.quota

    def create(self, name: str, special_use: str | None = None) -> Mailbox:
        """A new empty folder (the caller checked that the name is free and valid)."""
        box = Mailbox(self.inbox.address, name=name, special_use=special_use,
                      uidvalidity=self._validity())
        self.folders[name] = box
        return box

    def delete(self, name: str) -> Mailbox | None:
        """Remove a folder (not INBOX) and its messages; None if there is none."""
        key = _key(name)
        box = self.folders.get(key) if key != INBOX else None
        if box is None:
            return None
        del self.folders[key]
        self.subscribed.discard(key)
        box.remove({m.uid for m in box.messages})
        return box

    def rename(self, old: str, new: str) -> list[tuple[str, str]]:
        """Rename a folder and its children; return the (old, new) names that changed.

        Renaming INBOX moves its messages into a new folder and leaves INBOX
        empty (RFC 3501 §6.3.5); its children, if any, stay where they are.
        """
        key = _key(old)
        if key == INBOX:
            target = self.create(new)
            moved = list(self.inbox.messages)
            self.inbox.remove({m.uid for m in moved})
            for message in moved:
                target.store(message.content, message.message_id, message.internal_date,
                             message.flags)
            return [(INBOX, new)]
        pairs = [(name, new + name[len(key):]) for name in self.folders
                 if name == key or name.startswith(key + DELIMITER)]
        renamed = {old_name: self.folders.pop(old_name) for old_name, _ in pairs}
        for old_name, new_name in pairs:
            box = renamed[old_name]
            box.name = new_name
            self.folders[new_name] = box
            if old_name in self.subscribed:
                self.subscribed.discard(old_name)
                self.subscribed.add(new_name)
        return pairs

    def _validity(self) -> int:
        value, self.next_validity = self.next_validity, self.next_validity + 1
        return value
