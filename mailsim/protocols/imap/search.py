"""SEARCH keys (RFC 3501 §6.4.4) parsed into a predicate over messages.

Keys in a row are ANDed; ``NOT k``, ``OR k1 k2`` and ``( ... )`` nest. Supported:
ALL, the flag keys (SEEN, UNSEEN, DELETED, UNDELETED, ANSWERED, FLAGGED, DRAFT and
their UN- forms, NEW, OLD, RECENT, KEYWORD, UNKEYWORD), LARGER, SMALLER, UID set,
sequence set, BEFORE/ON/SINCE (internal date), HEADER, SUBJECT, FROM, TO, CC, BCC,
BODY and TEXT (case-insensitive substring). An unknown key raises ParseError -> BAD.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from mailsim.protocols.imap import codes, mime
from mailsim.protocols.imap.parser import ParseError, Token, astring, in_set, number
from mailsim.protocols.imap.parser import parse_sequence_set as seq_set
from mailsim.protocols.mailstore import StoredMessage


@dataclass(frozen=True, slots=True)
class Candidate:
    """One message as a search sees it."""

    seq: int
    message: StoredMessage
    recent: bool


@dataclass(frozen=True, slots=True)
class Bounds:
    """What ``*`` means: the highest sequence number and the highest UID."""

    exists: int
    max_uid: int


Predicate = Callable[[Candidate], bool]

_FLAG_KEYS = {"ANSWERED": "\\Answered", "DELETED": "\\Deleted", "DRAFT": "\\Draft",
              "FLAGGED": "\\Flagged", "SEEN": "\\Seen"}
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_HEADER_KEYS = ("SUBJECT", "FROM", "TO", "CC", "BCC")


def parse_search(tokens: tuple[Token, ...], bounds: Bounds) -> Predicate:
    """Predicate for the whole key list (after an optional ``CHARSET name``)."""
    items = list(tokens)
    if items and isinstance(items[0], str) and items[0].upper() == "CHARSET":
        if len(items) < 2 or astring(items[1]).upper() not in ("US-ASCII", "UTF-8"):
            raise ParseError("[BADCHARSET (US-ASCII UTF-8)] Unsupported charset")
        items = items[2:]
    if not items:
        raise ParseError("Missing search key")
    stream = iter(items)
    keys = [_key(first, stream, bounds) for first in stream]
    return lambda c: all(key(c) for key in keys)


def _next(stream: Iterator[Token], what: str) -> Token:
    try:
        return next(stream)
    except StopIteration:
        raise ParseError(f"Missing {what}") from None


def _key(token: Token, stream: Iterator[Token], bounds: Bounds) -> Predicate:
    if isinstance(token, tuple):
        return parse_search(token, bounds) if token else _fail("Empty search list")
    if isinstance(token, bytes):
        raise ParseError("Unexpected string in SEARCH")
    name = token.upper()
    if name == "ALL":
        return lambda c: True
    if name in _FLAG_KEYS:
        flag = _FLAG_KEYS[name]
        return lambda c: flag in c.message.flags
    if name.startswith("UN") and name[2:] in _FLAG_KEYS:
        flag = _FLAG_KEYS[name[2:]]
        return lambda c: flag not in c.message.flags
    if name in ("RECENT", "OLD"):
        want = name == "RECENT"
        return lambda c: c.recent is want
    if name == "NEW":  # RECENT UNSEEN
        return lambda c: c.recent and codes.SEEN not in c.message.flags
    if name in ("KEYWORD", "UNKEYWORD"):
        keyword = astring(_next(stream, "keyword"))
        present = name == "KEYWORD"
        return lambda c: (keyword in c.message.flags) is present
    if name in ("LARGER", "SMALLER"):
        size = number(_next(stream, "size"))
        if name == "LARGER":
            return lambda c: c.message.size > size
        return lambda c: c.message.size < size
    if name == "NOT":
        inner = _key(_next(stream, "key after NOT"), stream, bounds)
        return lambda c: not inner(c)
    if name == "OR":
        left = _key(_next(stream, "key after OR"), stream, bounds)
        right = _key(_next(stream, "second key after OR"), stream, bounds)
        return lambda c: left(c) or right(c)
    if name == "UID":
        uids = seq_set(_next(stream, "UID set"))
        return lambda c: in_set(c.message.uid, uids, bounds.max_uid)
    if name in ("BEFORE", "ON", "SINCE"):
        return _date_key(name, _search_date(_next(stream, "date")))
    if name in _HEADER_KEYS:
        return _contains(name.lower(), astring(_next(stream, "string")))
    if name == "HEADER":
        field = astring(_next(stream, "header field name"))
        return _contains(field.lower(), astring(_next(stream, "string")))
    if name in ("BODY", "TEXT"):
        needle = astring(_next(stream, "string")).lower().encode("utf-8")
        whole = name == "TEXT"
        return lambda c: needle in (c.message.content if whole
                                    else mime.split(c.message.content)[1]).lower()
    if name[:1].isdigit() or name[:1] == "*":
        seqs = seq_set(token)
        return lambda c: in_set(c.seq, seqs, bounds.exists)
    raise ParseError(f"Unknown search key {name[:40]}")


def _fail(reason: str) -> Predicate:
    raise ParseError(reason)


def _contains(field: str, needle: str) -> Predicate:
    wanted = needle.lower()

    def match(candidate: Candidate) -> bool:
        values = mime.headers(candidate.message.content).get_all(field, [])
        return any(wanted in str(value).lower() for value in values)

    return match


def _search_date(token: Token) -> date:
    """RFC 3501 §9 date: ``1-Feb-1994``, optionally quoted."""
    match = _DATE.fullmatch(astring(token))
    month = codes.month_number(match[2]) if match else None
    if match is None or month is None:
        raise ParseError("Invalid date")
    try:
        return date(int(match[3]), month, int(match[1]))
    except ValueError:
        raise ParseError("Invalid date") from None


def _date_key(name: str, when: date) -> Predicate:
    # §6.4.4: dates compare by internal date, disregarding time and timezone.
    if name == "BEFORE":
        return lambda c: c.message.internal_date.date() < when
    if name == "ON":
        return lambda c: c.message.internal_date.date() == when
    return lambda c: c.message.internal_date.date() >= when
