"""Helpers for callers of the client: read values out of untagged responses.

All of them return None (or an empty list) for a response that is not of the
expected shape: remote misbehaviour never raises.
"""

from __future__ import annotations

import re

from mailsim.protocols.imap.events import Untagged
from mailsim.protocols.imap.parser import ParseError, Token, tokenize

Value = object  # int, str, bytes, None, or a tuple of values
_CODE = re.compile(r"\[([A-Z0-9.-]+)(?: ([^\]]*))?\]", re.IGNORECASE)
_NUMBERED = re.compile(r"(\d+) ([A-Za-z]+)")


def _plain(token: Token) -> Value:
    """NIL -> None; lists recursively; everything else as it is."""
    if isinstance(token, tuple):
        return tuple(_plain(item) for item in token)
    if isinstance(token, str) and token.upper() == "NIL":
        return None
    return token


def _fetch_value(name: str, token: Token) -> Value:
    if name in ("UID", "RFC822.SIZE") and isinstance(token, str) and token.isdigit():
        return int(token)
    if name == "FLAGS" and isinstance(token, tuple):
        return tuple(str(_plain(flag)) for flag in token)
    if name == "INTERNALDATE" and isinstance(token, bytes):
        return token.decode("ascii", "replace")
    return _plain(token)


def parse_fetch(untagged: Untagged) -> tuple[int, dict[str, Value]] | None:
    """``1 FETCH (UID 4 RFC822.SIZE 512 BODY[] {512})`` -> (1, {"UID": 4, ...}).

    Item names are upper-cased (``BODY[HEADER]``, ``RFC822``); UID and
    RFC822.SIZE become ints, FLAGS a tuple of str, INTERNALDATE a str, message
    texts bytes (from the literals), NIL None.
    """
    try:
        tokens = tokenize(untagged.text.encode("utf-8"), untagged.literals)
    except ParseError:
        return None
    if (len(tokens) != 3 or not isinstance(tokens[0], str) or not tokens[0].isdigit()
            or tokens[1] != "FETCH" or not isinstance(tokens[2], tuple)):
        return None
    pairs = tokens[2]
    if len(pairs) % 2:
        return None
    items: dict[str, Value] = {}
    for name, value in zip(pairs[::2], pairs[1::2], strict=True):
        if not isinstance(name, str):
            return None
        items[name.upper()] = _fetch_value(name.upper(), value)
    return int(tokens[0]), items


def parse_search(untagged: Untagged) -> list[int]:
    """``SEARCH 2 3 5`` -> [2, 3, 5]; anything else -> []."""
    words = untagged.text.split()
    if not words or words[0].upper() != "SEARCH":
        return []
    return [int(word) for word in words[1:] if word.isdigit()]


def parse_numbered(untagged: Untagged, kind: str) -> int | None:
    """The number of ``3 EXISTS``, ``0 RECENT``, ``2 EXPUNGE`` if ``kind`` matches."""
    match = _NUMBERED.fullmatch(untagged.text.strip())
    if match is None or match[2].upper() != kind.upper():
        return None
    return int(match[1])


def parse_exists(untagged: Untagged) -> int | None:
    """``3 EXISTS`` -> 3 (RFC 3501 §7.3.1); None for any other response."""
    return parse_numbered(untagged, "EXISTS")


def response_code(text: str) -> tuple[str, str] | None:
    """``[UIDVALIDITY 7] ...`` or ``OK [UNSEEN 2] ...`` -> ("UIDVALIDITY", "7") (§7.1)."""
    match = _CODE.search(text)
    if match is None:
        return None
    return match[1].upper(), match[2] or ""
