"""The maildrop one POP3 session sees: a snapshot, deletion marks, UPDATE.

RFC 1939 §5: message numbers are fixed for the session, from 1, and a message
marked deleted is no longer listed or retrievable; only QUIT in TRANSACTION
(§6) actually removes the marked messages. Mail arriving meanwhile is not seen
until the next session.
"""

from __future__ import annotations

from mailsim.protocols.mailstore import Mailbox, StoredMessage
from mailsim.protocols.pop3.commands import parse_number
from mailsim.protocols.smtp.dotstuff import normalize_line_endings


class Maildrop:
    """A mailbox as frozen at login, with this session's deletion marks."""

    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox
        self._messages: tuple[StoredMessage, ...] = tuple(mailbox.messages)
        self._deleted: set[int] = set()  # message numbers marked by DELE

    def lookup(self, text: str) -> tuple[int, StoredMessage] | None:
        """The undeleted message a number argument names, or None (``-ERR no such message``)."""
        number = parse_number(text)
        if number is None or not 1 <= number <= len(self._messages) or number in self._deleted:
            return None
        return number, self._messages[number - 1]

    def is_deleted(self, text: str) -> bool:
        """True if the argument names a message already marked deleted."""
        number = parse_number(text)
        return number is not None and number in self._deleted

    def delete(self, number: int) -> None:
        """Mark a message; it disappears at QUIT (RFC 1939 §5 DELE)."""
        self._deleted.add(number)

    def undelete_all(self) -> None:
        """RSET (RFC 1939 §5): unmark every message."""
        self._deleted.clear()

    def undeleted(self) -> list[tuple[int, StoredMessage]]:
        """(number, message) for every message not marked deleted."""
        return [(n, m) for n, m in enumerate(self._messages, 1) if n not in self._deleted]

    def stat(self) -> tuple[int, int]:
        """(count, octets) of the undeleted messages (RFC 1939 §5 STAT)."""
        live = self.undeleted()
        return len(live), sum(m.size for _, m in live)

    def unique_id(self, message: StoredMessage) -> str:
        """UIDL id (RFC 1939 §7): UIDVALIDITY.UID, stable across sessions."""
        return f"{self.mailbox.uidvalidity}.{message.uid}"

    def commit(self) -> list[StoredMessage]:
        """UPDATE (RFC 1939 §6): remove the marked messages from the Mailbox."""
        uids = frozenset(self._messages[n - 1].uid for n in self._deleted)
        self._deleted.clear()
        return self.mailbox.remove(uids) if uids else []


def top_of(content: bytes, body_lines: int) -> bytes:
    """TOP (RFC 1939 §7): the header, the blank line, then ``body_lines`` body lines."""
    content = normalize_line_endings(content)
    if content.startswith(b"\r\n"):
        head_end = 2  # no header fields at all: just the blank line
    else:
        blank = content.find(b"\r\n\r\n")
        if blank < 0:
            return content  # no body: the whole message is header
        head_end = blank + 4
    body = content[head_end:].split(b"\r\n")[:-1]  # the text ends with CRLF
    return content[:head_end] + b"".join(line + b"\r\n" for line in body[:body_lines])
