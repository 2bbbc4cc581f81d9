"""Mailboxes on a mail server: what local delivery writes and POP3/IMAP read."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class StoredMessage:
    uid: int
    message_id: str
    content: bytes
    received: float  # simulated seconds
    flags: set[str] = field(default_factory=set)

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(slots=True)
class Mailbox:
    """One user's INBOX. UIDs only grow (RFC 3501 §2.3.1.1), so they stay unique."""

    address: str
    quota: int | None = None
    messages: list[StoredMessage] = field(default_factory=list)
    next_uid: int = 1

    @property
    def size(self) -> int:
        return sum(message.size for message in self.messages)

    def store(self, content: bytes, message_id: str, received: float) -> StoredMessage:
        message = StoredMessage(self.next_uid, message_id, content, received)
        self.next_uid += 1
        self.messages.append(message)
        return message
