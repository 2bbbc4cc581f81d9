"""Mailbox-level responses: SELECT/EXAMINE data, LIST/LSUB, STATUS.

A user has exactly one mailbox here, INBOX (RFC 3501 §5.1: the name is
case-insensitive), with "/" as the hierarchy delimiter.
"""

from __future__ import annotations

import re

from mailsim.protocols.imap import codes
from mailsim.protocols.imap.outcome import Outcome
from mailsim.protocols.imap.parser import ParseError, Token, astring, atom_list
from mailsim.protocols.imap.view import Selection
from mailsim.protocols.mailstore import Mailbox

STATUS_ITEMS = ("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN")  # §6.3.10


def select_lines(view: Selection) -> list[str]:
    """Untagged data a SELECT or EXAMINE must send (RFC 3501 §6.3.1, §7.1, §7.2.6, §7.3)."""
    keywords = sorted({f for m in view.mailbox.messages for f in m.flags if not f.startswith("\\")})
    lines = [f"FLAGS {codes.flag_list((*codes.MAILBOX_FLAGS, *keywords))}",
             f"{view.exists} EXISTS", f"{len(view.recent)} RECENT"]
    unseen = view.first_unseen()
    if unseen is not None:
        lines.append(f"OK [UNSEEN {unseen}] Message {unseen} is first unseen")
    lines += [f"OK [UIDVALIDITY {view.mailbox.uidvalidity}] UIDs valid",
              f"OK [UIDNEXT {view.mailbox.next_uid}] Predicted next UID"]
    if view.read_only:  # §6.3.2: nothing may be changed for good
        lines.append("OK [PERMANENTFLAGS ()] No permanent flags permitted")
    else:
        lines.append(f"OK [PERMANENTFLAGS {codes.flag_list(codes.PERMANENT_FLAGS)}] Limited")
    return lines


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    # §6.3.8: "*" matches anything, "%" anything but the hierarchy delimiter.
    parts = [".*" if c == "*" else f"[^{codes.DELIMITER}]*" if c == "%" else re.escape(c)
             for c in pattern]
    return re.compile("".join(parts), re.IGNORECASE)


def list_lines(reference: str, pattern: str, *, lsub: bool) -> list[str]:
    """LIST/LSUB responses (§6.3.8, §6.3.9, §7.2.2) for the one mailbox, INBOX."""
    verb = "LSUB" if lsub else "LIST"
    if pattern == "" and not lsub:
        # The special case: report the delimiter and the root name.
        return [f'LIST (\\Noselect) "{codes.DELIMITER}" ""']
    if _pattern_regex(reference + pattern).fullmatch(codes.INBOX) is None:
        return []
    attributes = "" if lsub else "\\HasNoChildren"  # RFC 3348 child attribute
    return [f'{verb} ({attributes}) "{codes.DELIMITER}" {codes.INBOX}']


def status_line(mailbox: Mailbox, items: Token, recent: set[int]) -> str:
    """``STATUS INBOX (MESSAGES 3 UNSEEN 1)`` for the items asked (§6.3.10, §7.2.4).

    ``recent`` holds the UIDs a session selecting INBOX has claimed as \\Recent.
    """
    if not isinstance(items, tuple) or not items:
        raise ParseError("STATUS needs a parenthesized item list")
    values: list[str] = []
    for item in atom_list(items):
        name = item.upper()
        if name not in STATUS_ITEMS:
            raise ParseError(f"Unknown STATUS item {name[:40]}")
        values.append(f"{name} {_status_value(mailbox, name, recent)}")
    return f"STATUS {codes.INBOX} ({' '.join(values)})"


def _status_value(mailbox: Mailbox, name: str, recent: set[int]) -> int:
    messages = mailbox.messages
    if name == "MESSAGES":
        return len(messages)
    if name == "RECENT":
        return sum(1 for m in messages if m.recent or m.uid in recent)
    if name == "UIDNEXT":
        return mailbox.next_uid
    if name == "UIDVALIDITY":
        return mailbox.uidvalidity
    return sum(1 for m in messages if codes.SEEN not in m.flags)


def _one_mailbox(token: Token) -> bool:
    return codes.mailbox_name(astring(token)) == codes.INBOX


def list_command(name: str, args: tuple[Token, ...]) -> Outcome:
    """LIST or LSUB ``reference pattern``."""
    if len(args) != 2:
        raise ParseError(f"{name} needs a reference and a pattern")
    outcome = Outcome(f"{name} completed")
    for line in list_lines(astring(args[0]), astring(args[1]), lsub=name == "LSUB"):
        outcome.add(line)
    return outcome


def status_command(mailbox: Mailbox, args: tuple[Token, ...], recent: set[int]) -> Outcome:
    """STATUS ``mailbox (items)``."""
    if len(args) != 2:
        raise ParseError("STATUS needs a mailbox name and an item list")
    if not _one_mailbox(args[0]):
        return Outcome(codes.NONEXISTENT, "NO")
    outcome = Outcome("STATUS completed")
    outcome.add(status_line(mailbox, args[1], recent))
    return outcome


def subscribe_command(name: str, args: tuple[Token, ...]) -> Outcome:
    """SUBSCRIBE / UNSUBSCRIBE: INBOX is always there to (un)subscribe (§6.3.6, §6.3.7)."""
    if len(args) != 1:
        raise ParseError(f"{name} needs a mailbox name")
    if not _one_mailbox(args[0]):
        return Outcome(codes.NONEXISTENT, "NO")
    return Outcome(f"{name} completed")
