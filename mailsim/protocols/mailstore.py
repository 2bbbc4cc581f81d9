"""Mailboxes as plain data: what local delivery writes and POP3/IMAP engines read.

A mailbox is shared by every session that opens it (several devices of one
user), so a flag set over IMAP on the laptop is what the phone sees next.
No clock here: whoever stores a message passes its arrival time in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# RFC 3501 §2.3.2 system flags that clients may set (\Recent is the server's).
SYSTEM_FLAGS = ("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft")


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


@dataclass(slots=True)
class Mailbox:
    """One user's INBOX.

    UIDs only grow (RFC 3501 §2.3.1.1), so with a fixed UIDVALIDITY they stay
    unique for ever; POP3's UIDL uses them too (RFC 1939 §7).
    """

    address: str
    quota: int | None = None
    messages: list[StoredMessage] = field(default_factory=list)
    next_uid: int = 1
    uidvalidity: int = 1

    @property
    def size(self) -> int:
        return sum(message.size for message in self.messages)

    def fits(self, size: int) -> bool:
        """Whether ``size`` more octets stay within the quota."""
        return self.quota is None or self.size + size <= self.quota

    def store(self, content: bytes, message_id: str, internal_date: datetime) -> StoredMessage:
        message = StoredMessage(self.next_uid, message_id, content, internal_date)
        self.next_uid += 1
        self.messages.append(message)
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
        return gone
