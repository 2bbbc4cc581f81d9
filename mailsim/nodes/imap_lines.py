"""What an IMAP session of a device writes and reads, besides the dialogue itself.

Quoting and folder names (modified UTF-7, RFC 3501 §5.1.3), the FETCH responses a
command got, and :class:`Keeper`: what a session asks and tells the device's reader.
"""

from __future__ import annotations

from typing import Protocol

from mailsim.nodes.reading import Device, ListedMessage
from mailsim.protocols.imap import parse_fetch, utf7
from mailsim.protocols.imap.events import Completed

Listing = dict[int, ListedMessage]
LIST_ITEMS = "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)])"
SEEN = "\\Seen"
INBOX = "INBOX"


class Keeper(Protocol):
    """What a session asks and tells the device's IMAP reader."""

    device: Device

    def check_uidvalidity(self, folder: str, value: str) -> None: ...
    def listing_of(self, folder: str) -> Listing: ...
    def synced(self, folder: str, listing: Listing) -> list[int]:
        """Keep ``folder``'s list; return the UIDs whose bodies to fetch for the cache."""
        ...
    def keep_cached(self, uid: int, content: bytes) -> None: ...
    def shown_folders(self) -> list[str]: ...
    def uid_of(self, message_id: str) -> int | None: ...
    def opened_from_server(self, uid: int, body: bytes) -> None: ...
    def mark_seen_locally(self, uid: int) -> None: ...
    def forget_uid(self, uid: int) -> None: ...
    def idle_ended(self, session: object) -> None:
        """The server closed ``session``'s IDLE connection."""
        ...


def quote(text: str) -> str:
    """An IMAP quoted string (RFC 3501 §4.3), as imaplib sends a password."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mailbox_name(name: str) -> str:
    """A folder name on the wire: modified UTF-7 (RFC 3501 §5.1.3), quoted."""
    return quote(utf7.encode(name))


def fetched(done: Completed) -> list[tuple[int, dict[str, object]]]:
    """(UID, items) of each FETCH response a command got."""
    found = []
    for untagged in done.untagged:
        parsed = parse_fetch(untagged)
        if parsed is not None:
            _, items = parsed
            found.append((int(items.get("UID", 0)), items))  # type: ignore[call-overload]
    return found


def bodies(done: Completed) -> list[tuple[int, bytes]]:
    return [(uid, body) for uid, items in fetched(done)
            if isinstance(body := items.get("BODY[]"), bytes)]


def header_section(items: dict[str, object]) -> bytes:
    """The HEADER.FIELDS section of a listing row (Subject and Message-ID)."""
    return next((v for k, v in items.items() if k.startswith("BODY[HEADER") and isinstance(v, bytes)),
                b"")
