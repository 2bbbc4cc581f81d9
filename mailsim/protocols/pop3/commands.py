"""Parse POP3 command lines and listings; the APOP digest.

Used by both engines. Remote input never raises: parsers return None (or skip a
malformed listing line) and the engine answers ``-ERR``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

COMMAND_LINE_LIMIT = 255  # RFC 2449 §4: a command line is at most 255 octets with CRLF
SASL_LINE_LIMIT = 12288  # RFC 5034 §4: base64 responses may be longer than commands

_KEYWORD = re.compile(r"[A-Za-z]{1,40}")  # RFC 2449 §4: keywords up to 40 characters
_NUMBER = re.compile(r"[0-9]{1,9}")
_HEX_DIGEST = re.compile(r"[0-9A-Fa-f]{32}")
_TIMESTAMP = re.compile(r"<[^<>\s]+>")  # RFC 1939 §7: a msg-id in angle brackets


@dataclass(frozen=True, slots=True)
class Command:
    """A command line: upper-case keyword, arguments, and the raw text after the keyword."""

    keyword: str
    args: tuple[str, ...]
    rest: str  # everything after the first space, unstripped: PASS may contain spaces


def decode_line(data: bytes) -> str | None:
    """Commands are text; None if these bytes are not UTF-8 (RFC 1939 §3 says ASCII)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def parse_command(line: str) -> Command | None:
    """Split ``KEYWORD [args...]`` (RFC 1939 §3); None when there is no keyword."""
    keyword, _, rest = line.partition(" ")
    if not _KEYWORD.fullmatch(keyword):
        return None
    return Command(keyword.upper(), tuple(rest.split()), rest)


def parse_number(text: str) -> int | None:
    """A message number or line count: ASCII digits only; None otherwise."""
    return int(text) if _NUMBER.fullmatch(text) else None


def is_hex_digest(text: str) -> bool:
    """An APOP digest: 32 hexadecimal digits (RFC 1939 §7)."""
    return _HEX_DIGEST.fullmatch(text) is not None


def is_timestamp(text: str) -> bool:
    """An APOP timestamp such as ``<1896.697170952@dbc.mtview.ca.us>``."""
    return _TIMESTAMP.fullmatch(text) is not None


def find_timestamp(greeting: str) -> str | None:
    """The APOP timestamp in a greeting's text, if the server offered one (RFC 1939 §7)."""
    match = _TIMESTAMP.search(greeting)
    return match.group(0) if match else None


def apop_digest(timestamp: str, secret: str) -> str:
    """RFC 1939 §7: lower-case hex MD5 of the timestamp followed by the shared secret."""
    return hashlib.md5((timestamp + secret).encode("utf-8")).hexdigest()


def parse_stat(text: str) -> tuple[int, int] | None:
    """``(count, octets)`` from a STAT response text such as ``"2 320"``; None if malformed."""
    parts = text.split()
    if len(parts) < 2:
        return None
    count, octets = parse_number(parts[0]), parse_number(parts[1])
    if count is None or octets is None:
        return None
    return count, octets


def parse_list_lines(lines: tuple[str, ...] | list[str]) -> dict[int, int]:
    """Scan listings ``"n size"`` -> {n: size}; malformed lines are skipped."""
    out: dict[int, int] = {}
    for line in lines:
        parts = line.split()
        if len(parts) >= 2:
            number, size = parse_number(parts[0]), parse_number(parts[1])
            if number is not None and size is not None:
                out[number] = size
    return out


def parse_uidl_lines(lines: tuple[str, ...] | list[str]) -> dict[int, str]:
    """Unique-id listings ``"n id"`` -> {n: id}; malformed lines are skipped."""
    out: dict[int, str] = {}
    for line in lines:
        parts = line.split()
        if len(parts) >= 2 and (number := parse_number(parts[0])) is not None:
            out[number] = parts[1]
    return out
