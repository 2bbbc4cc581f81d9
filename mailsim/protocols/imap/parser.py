"""The IMAP command grammar: tags, tokens (atoms, strings, literals, lists), sequence sets.

A command is ``tag SP command [SP arguments]`` (RFC 3501 §2.2.1, §9). The
arguments are tokenized generically into :data:`Token` values:

* an atom is a ``str`` (``INBOX``, ``\\Seen``, ``1:3,5``, ``BODY.PEEK[HEADER]``);
  a ``[...]`` section inside an atom may contain spaces and parentheses, as in
  ``BODY[HEADER.FIELDS (FROM TO)]`` (§6.4.5);
* a quoted string or a literal is ``bytes`` (§4.3; ``\\"`` and ``\\\\`` escapes);
* a parenthesized list is a ``tuple`` of tokens (§4.4).

Anything malformed raises :class:`ParseError`, which the server turns into a
``BAD`` response: remote input never escapes as another exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

from mailsim.protocols.imap.reader import Unit

Token: TypeAlias = "str | bytes | tuple[Token, ...]"
SeqRange = tuple[int | None, int | None]  # None stands for "*"
SequenceSet = tuple[SeqRange, ...]

MAX_DEPTH = 16  # nested parentheses; deeper input is refused, not recursed into
MAX_NUMBER = 4_294_967_295  # nz-number and number are 32-bit (RFC 3501 §9)
MAX_DIGITS = len(str(MAX_NUMBER))
# tag = 1*<any ASTRING-CHAR except "+"> (RFC 3501 §9)
TAG = re.compile(rb"[!#$&',\-./0-9:;<=>?@A-Z\[\]^_`a-z|}~]+")
_ATOM_STOP = b" ()"
_ATOM_BAD = frozenset(b'{"') | frozenset(range(0x20)) | frozenset(range(0x7F, 0x100))


class ParseError(Exception):
    """The remote sent something the grammar does not allow; the message says what."""


@dataclass(frozen=True, slots=True)
class Command:
    """One parsed command line: its tag, upper-cased name and argument tokens."""

    tag: str
    name: str
    args: tuple[Token, ...]


def split_tag(text: bytes) -> str | None:
    """The tag at the start of a command line, or None if there is no valid one."""
    tag = text.split(b" ", 1)[0]
    if not TAG.fullmatch(tag):
        return None
    return tag.decode("ascii")


def parse_command(unit: Unit) -> Command:
    """Split tag and command name off a unit and tokenize the arguments."""
    tag = split_tag(unit.text)
    if tag is None:
        raise ParseError("Invalid tag")
    cursor = _Cursor(unit, len(tag) + 1)
    if cursor.at_end():
        raise ParseError("Missing command")
    name = cursor.token()
    if not isinstance(name, str):
        raise ParseError("Invalid command name")
    return Command(tag, name.upper(), tuple(cursor.rest()))


def tokenize(text: bytes, literals: tuple[bytes, ...] = (), marks: tuple[int, ...] | None = None,
             start: int = 0) -> list[Token]:
    """Tokenize ``text[start:]``; ``marks`` (if given) say where literals may end."""
    return _Cursor(Unit(text, literals, marks or ()), start, check_marks=marks is not None).rest()


class _Cursor:
    """A position in a unit, reading one token at a time."""

    def __init__(self, unit: Unit, pos: int, *, check_marks: bool = True) -> None:
        self.text, self.pos = unit.text, pos
        self.literals, self.marks = unit.literals, unit.marks
        self.check_marks = check_marks
        self.next_literal = 0

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def rest(self) -> list[Token]:
        """Every remaining token, separated by single spaces (leniently, runs of them)."""
        out: list[Token] = []
        while not self.at_end():
            if self.text[self.pos] == 0x20:
                self.pos += 1
                continue
            out.append(self.token())
        return out

    def token(self, depth: int = 0) -> Token:
        char = self.text[self.pos : self.pos + 1]
        if char == b"(":
            return self._list(depth)
        if char == b")":
            raise ParseError("Unexpected ')'")
        if char == b'"':
            return self._quoted()
        if char == b"{":
            return self._literal()
        return self._atom()

    def _list(self, depth: int) -> tuple[Token, ...]:
        if depth >= MAX_DEPTH:
            raise ParseError("Lists nested too deeply")
        self.pos += 1
        items: list[Token] = []
        while True:
            if self.at_end():
                raise ParseError("Missing ')'")
            if self.text[self.pos] == 0x20:
                self.pos += 1
            elif self.text[self.pos : self.pos + 1] == b")":
                self.pos += 1
                return tuple(items)
            else:
                items.append(self.token(depth + 1))

    def _quoted(self) -> bytes:
        # quoted = DQUOTE *QUOTED-CHAR DQUOTE; only \" and \\ may be escaped (RFC 3501 §9).
        out = bytearray()
        pos = self.pos + 1
        while pos < len(self.text):
            byte = self.text[pos]
            if byte == 0x22:
                self.pos = pos + 1
                return bytes(out)
            if byte == 0x5C:
                escaped = self.text[pos + 1 : pos + 2]
                if escaped not in (b'"', b"\\"):
                    raise ParseError("Invalid escape in quoted string")
                out += escaped
                pos += 2
                continue
            if byte in (0x0D, 0x0A, 0x00):
                raise ParseError("Invalid character in quoted string")
            out.append(byte)
            pos += 1
        raise ParseError("Unterminated quoted string")

    def _literal(self) -> bytes:
        match = re.compile(rb"\{(\d{1,10})\+?\}").match(self.text, self.pos)
        if match is None:
            raise ParseError("Invalid literal")
        index = self.next_literal
        if index >= len(self.literals) or (self.check_marks and self.marks[index] != match.end()):
            raise ParseError("Literal not at the end of a line")
        literal = self.literals[index]
        if len(literal) != int(match[1]):
            raise ParseError("Literal length mismatch")
        self.next_literal += 1
        self.pos = match.end()
        return literal

    def _atom(self) -> str:
        start, pos, text = self.pos, self.pos, self.text
        while pos < len(text) and text[pos] not in _ATOM_STOP:
            byte = text[pos]
            if byte in _ATOM_BAD:
                raise ParseError("Invalid character in atom")
            if byte == 0x5B:  # "[": a section runs to its "]", spaces and lists included
                close = text.find(b"]", pos)
                if close < 0:
                    raise ParseError("Missing ']'")
                if any(b in _ATOM_BAD for b in text[pos:close] if b != 0x22):
                    raise ParseError("Invalid character in section")
                pos = close
            pos += 1
        self.pos = pos
        return text[start:pos].decode("ascii")


# --- argument helpers ---------------------------------------------------------------


def astring(token: Token) -> str:
    """An atom or string argument as text (UTF-8, leniently)."""
    if isinstance(token, tuple):
        raise ParseError("Expected a string, got a list")
    return token if isinstance(token, str) else token.decode("utf-8", "replace")


def atom_list(token: Token) -> list[str]:
    """A list of atoms, or a single atom standing alone (``FLAGS \\Seen``)."""
    items = token if isinstance(token, tuple) else (token,)
    if not all(isinstance(item, str) for item in items):
        raise ParseError("Expected a list of atoms")
    return [item for item in items if isinstance(item, str)]


def number(token: Token) -> int:
    """A number argument (RFC 3501 §9: 32-bit unsigned)."""
    if not isinstance(token, str) or not token.isdigit() or not token.isascii():
        raise ParseError("Expected a number")
    if len(token.lstrip("0")) > MAX_DIGITS:  # int() refuses past 4,300 digits
        raise ParseError("Number too large")
    value = int(token)
    if value > MAX_NUMBER:
        raise ParseError("Number too large")
    return value


# --- sequence sets (RFC 3501 §9 sequence-set) ------------------------------------------


def parse_sequence_set(token: Token) -> SequenceSet:
    """``1``, ``1:3``, ``2:*``, ``*``, ``1,3:4`` -> ranges; ``*`` becomes None."""
    if not isinstance(token, str) or not token:
        raise ParseError("Invalid sequence set")
    ranges: list[SeqRange] = []
    for part in token.split(","):
        ends = part.split(":")
        if len(ends) > 2:
            raise ParseError("Invalid sequence set")
        low = _seq_number(ends[0])
        ranges.append((low, _seq_number(ends[1]) if len(ends) == 2 else low))
    return tuple(ranges)


def _seq_number(text: str) -> int | None:
    if text == "*":
        return None
    if (not text.isascii() or not text.isdigit() or len(text.lstrip("0")) > MAX_DIGITS
            or int(text) == 0 or int(text) > MAX_NUMBER):
        raise ParseError("Invalid sequence number")
    return int(text)


def in_set(value: int, ranges: SequenceSet, largest: int) -> bool:
    """Whether ``value`` lies in the set, ``*`` standing for ``largest``.

    ``4:2`` equals ``2:4`` (RFC 3501 §9), so ``559:*`` includes the largest UID
    even when 559 is higher (§6.4.8).
    """
    for low, high in ranges:
        a = largest if low is None else low
        b = largest if high is None else high
        if min(a, b) <= value <= max(a, b):
            return True
    return False


def highest_explicit(ranges: SequenceSet) -> int:
    """The largest number written out in the set (0 if only ``*``)."""
    return max((n for pair in ranges for n in pair if n is not None), default=0)
