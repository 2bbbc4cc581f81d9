"""Mailbox-level responses: SELECT/EXAMINE data, LIST/LSUB, STATUS.

Names are case-sensitive except INBOX (RFC 3501 §5.1), "/" is the hierarchy
delimiter, and on the wire every name is modified UTF-7 (§5.1.3): the account
holds Unicode names, :func:`name_arg` decodes a client's and :func:`wire`
encodes the server's. LIST shows child attributes (RFC 3348) and special-use
attributes (RFC 6154); the RFC 5258 selection option ``(SPECIAL-USE)``/
``(SUBSCRIBED)`` and ``RETURN (SPECIAL-USE SUBSCRIBED CHILDREN)`` are accepted.
"""

from __future__ import annotations

import re

from mailsim.protocols.imap import codes, utf7
from mailsim.protocols.imap.outcome import Outcome
from mailsim.protocols.imap.parser import ParseError, Token, astring, atom_list
from mailsim.protocols.imap.view import Selection
from mailsim.protocols.mailstore import Account, Mailbox

STATUS_ITEMS = ("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN")  # §6.3.10
_ATOM = re.compile(r"[!#$&'+,\-./0-9:;<=>?@A-Z\[\]^_`a-z|}~]+")
_SELECT_OPTIONS = {"SPECIAL-USE", "SUBSCRIBED"}  # RFC 6154 §5.1, RFC 5258 §3.1
_RETURN_OPTIONS = {"SPECIAL-USE", "SUBSCRIBED", "CHILDREN"}  # RFC 6154 §5.2, RFC 5258 §3.2


def name_arg(token: Token) -> str:
    """A mailbox argument as its Unicode name (INBOX in any case is INBOX)."""
    try:
        return codes.mailbox_name(utf7.decode(astring(token)))
    except ValueError as error:
        raise ParseError(f"Invalid mailbox name: {error}") from None


def wire(name: str) -> str:
    """A name as the server writes it: modified UTF-7, an atom if it can be, else quoted."""
    encoded = utf7.encode(name)
    if _ATOM.fullmatch(encoded):
        return encoded
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
    return re.compile("".join(parts))


def _matches(regex: re.Pattern[str], name: str) -> bool:
    if regex.fullmatch(utf7.encode(name)):
        return True
    # INBOX matches in any case (§5.1), and so do the names below it.
    return name.upper().startswith(codes.INBOX) and bool(
        re.compile(regex.pattern, re.IGNORECASE).fullmatch(name))


def list_lines(account: Account, reference: str, patterns: list[str], *, lsub: bool,
               select: frozenset[str] = frozenset(),
               returns: frozenset[str] = frozenset()) -> list[str]:
    """LIST/LSUB responses (§6.3.8, §6.3.9, §7.2.2) for the account's folders."""
    verb = "LSUB" if lsub else "LIST"
    if patterns == [""] and not lsub:
        # The special case: report the delimiter and the root name.
        return [f'LIST (\\Noselect) "{codes.DELIMITER}" ""']
    regexes = [_pattern_regex(reference + pattern) for pattern in patterns]
    subscribed_only = lsub or "SUBSCRIBED" in select
    lines: list[str] = []
    for name in account.names():
        box = account.folder(name)
        if box is None or not any(_matches(regex, name) for regex in regexes):
            continue
        if subscribed_only and name not in account.subscribed:
            # §6.3.9: with "%", an unsubscribed name above subscribed ones is \Noselect.
            prefix = name + codes.DELIMITER
            if lsub and "%" in "".join(patterns) and any(
                    other.startswith(prefix) for other in account.subscribed):
                lines.append(f'LSUB (\\Noselect) "{codes.DELIMITER}" {wire(name)}')
            continue
        if "SPECIAL-USE" in select and box.special_use is None:
            continue
        attributes = _attributes(account, box, lsub=lsub, select=select, returns=returns)
        lines.append(f'{verb} ({" ".join(attributes)}) "{codes.DELIMITER}" {wire(name)}')
    return lines


def _attributes(account: Account, box: Mailbox, *, lsub: bool, select: frozenset[str],
                returns: frozenset[str]) -> list[str]:
    attributes = ["\\HasChildren" if account.has_children(box.name) else "\\HasNoChildren"]
    if lsub:  # RFC 3348 §4: the child attributes only
        return attributes
    if box.special_use is not None:
        attributes.append(box.special_use)
    if ("SUBSCRIBED" in select or "SUBSCRIBED" in returns) and box.name in account.subscribed:
        attributes.append("\\Subscribed")
    return attributes


def list_command(account: Account, name: str, args: tuple[Token, ...]) -> Outcome:
    """LIST or LSUB ``reference pattern``; LIST also ``(options) reference patterns RETURN (...)``."""
    select: frozenset[str] = frozenset()
    returns: frozenset[str] = frozenset()
    rest = list(args)
    if name == "LIST" and rest and isinstance(rest[0], tuple):
        select = _options(rest.pop(0), _SELECT_OPTIONS, "selection")
    if name == "LIST" and len(rest) == 4 and isinstance(rest[2], str) and rest[2].upper() == "RETURN":
        returns = _options(rest[3], _RETURN_OPTIONS, "return")
        rest = rest[:2]
    if len(rest) != 2:
        raise ParseError(f"{name} needs a reference and a pattern")
    reference = astring(rest[0])
    patterns = ([astring(item) for item in rest[1]] if isinstance(rest[1], tuple) and name == "LIST"
                else [astring(rest[1])])
    outcome = Outcome(f"{name} completed")
    for line in list_lines(account, reference, patterns, lsub=name == "LSUB",
                           select=select, returns=returns):
        outcome.add(line)
    return outcome


def _options(token: Token, allowed: set[str], what: str) -> frozenset[str]:
    if not isinstance(token, tuple):
        raise ParseError(f"LIST {what} options must be a list")
    options = frozenset(option.upper() for option in atom_list(token))
    unknown = sorted(options - allowed)
    if unknown:
        raise ParseError(f"Unsupported LIST {what} option {unknown[0][:40]}")
    return options


def status_line(mailbox: Mailbox, items: Token, recent: set[int]) -> str:
    """``STATUS INBOX (MESSAGES 3 UNSEEN 1)`` for the items asked (§6.3.10, §7.2.4).

    ``recent`` holds the UIDs a session selecting this folder has claimed as \\Recent.
    """
    if not isinstance(items, tuple) or not items:
        raise ParseError("STATUS needs a parenthesized item list")
    values: list[str] = []
    for item in atom_list(items):
        name = item.upper()
        if name not in STATUS_ITEMS:
            raise ParseError(f"Unknown STATUS item {name[:40]}")
        values.append(f"{name} {_status_value(mailbox, name, recent)}")
    return f"STATUS {wire(mailbox.name)} ({' '.join(values)})"


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


def status_command(account: Account, args: tuple[Token, ...], view: Selection | None) -> Outcome:
    """STATUS ``mailbox (items)``; the selected folder counts this session's \\Recent too."""
    if len(args) != 2:
        raise ParseError("STATUS needs a mailbox name and an item list")
    box = account.folder(name_arg(args[0]))
    if box is None:
        return Outcome(codes.NONEXISTENT, "NO")
    recent = view.recent if view is not None and view.mailbox is box else set()
    outcome = Outcome("STATUS completed")
    outcome.add(status_line(box, args[1], recent))
    return outcome
