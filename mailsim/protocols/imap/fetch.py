"""FETCH data items: parsing the request and rendering one ``* n FETCH (...)`` response.

RFC 3501 §6.4.5 lists the items; §7.4.2 their response forms. Message texts go
out as literals ``{n}\\r\\n<octets>``. Asking for a body section without
``.PEEK`` (or for RFC822 / RFC822.TEXT) sets \\Seen; ``sets_seen`` records that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mailsim.protocols.imap import codes, mime
from mailsim.protocols.imap.parser import ParseError, Token, astring, tokenize
from mailsim.protocols.mailstore import StoredMessage

# §6.4.5 macros: ALL, FAST and FULL stand for these item lists.
MACROS = {
    "ALL": ("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"),
    "FAST": ("FLAGS", "INTERNALDATE", "RFC822.SIZE"),
    "FULL": ("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"),
}
SIMPLE = frozenset({"FLAGS", "UID", "RFC822.SIZE", "INTERNALDATE", "ENVELOPE", "BODYSTRUCTURE",
                    "BODY"})
# RFC822* are the old names of sections (§6.4.5): (section, sets \Seen).
RFC822_ITEMS = {"RFC822": ("", True), "RFC822.HEADER": ("HEADER", False),
                "RFC822.TEXT": ("TEXT", True)}
_SECTION = re.compile(r"(BODY(?:\.PEEK)?)\[([^\]]*)\](?:<(\d{1,10})\.(\d{1,10})>)?",
                      re.IGNORECASE)
_PART = re.compile(r"(\d{1,5}(?:\.\d{1,5})*)(?:\.(HEADER\.FIELDS\.NOT|HEADER\.FIELDS|HEADER|TEXT|MIME))?"
                   r"(.*)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class FetchItem:
    """One requested data item and how its response is named."""

    kind: str  # FLAGS, UID, ... or SECTION for any message text
    name: str  # the name in the response, e.g. "BODY[HEADER]" for BODY.PEEK[HEADER]
    part: str = ""  # MIME part number path, "" for the whole message
    section: str = ""  # "", HEADER, TEXT, MIME, HEADER.FIELDS, HEADER.FIELDS.NOT
    fields: tuple[str, ...] = ()
    partial: tuple[int, int] | None = None  # <origin.count>
    sets_seen: bool = False


def parse_items(tokens: Sequence[Token]) -> tuple[FetchItem, ...]:
    """The items of a FETCH: one atom, a macro, a list, or (leniently) several atoms."""
    if len(tokens) == 1 and isinstance(tokens[0], str) and tokens[0].upper() in MACROS:
        return tuple(_item(name) for name in MACROS[tokens[0].upper()])
    if len(tokens) == 1 and isinstance(tokens[0], tuple):
        tokens = tokens[0]
    if not tokens:
        raise ParseError("Missing FETCH items")
    if not all(isinstance(token, str) for token in tokens):
        raise ParseError("Invalid FETCH item")
    return tuple(_item(token) for token in tokens if isinstance(token, str))


def _item(text: str) -> FetchItem:
    upper = text.upper()
    if upper in SIMPLE:
        return FetchItem(upper, upper)
    if upper in RFC822_ITEMS:
        section, seen = RFC822_ITEMS[upper]
        return FetchItem("SECTION", upper, section=section, sets_seen=seen)
    match = _SECTION.fullmatch(text)
    if match is None:
        raise ParseError(f"Unknown FETCH item {text[:40]}")
    part, section, fields = _section(match[2])
    partial = None
    if match[3] is not None:
        partial = (int(match[3]), int(match[4]))
        if partial[1] == 0:
            raise ParseError("Partial count must not be 0")
    spec = ".".join(filter(None, (part, section)))
    if fields:
        spec += " (" + " ".join(fields) + ")"
    origin = f"<{partial[0]}>" if partial else ""  # §7.4.2: only the origin is echoed
    return FetchItem("SECTION", f"BODY[{spec}]{origin}", part, section, fields, partial,
                     sets_seen=match[1].upper() == "BODY")


def _section(spec: str) -> tuple[str, str, tuple[str, ...]]:
    """(part path, section keyword, header field names) of a section spec (§6.4.5)."""
    if not spec:
        return "", "", ()
    part = ""
    match = _PART.fullmatch(spec)
    if match is not None:
        part, keyword, rest = match[1], (match[2] or "").upper(), match[3]
    else:
        keyword, _, rest = spec.partition(" ")
        keyword, rest = keyword.upper(), " " + rest if rest else ""
        if keyword not in ("HEADER", "TEXT", "HEADER.FIELDS", "HEADER.FIELDS.NOT"):
            raise ParseError("Invalid section")
    if keyword.startswith("HEADER.FIELDS"):
        tokens = tokenize(rest.strip().encode("ascii", "replace"))
        if len(tokens) != 1 or not isinstance(tokens[0], tuple) or not tokens[0]:
            raise ParseError("Invalid header field list")
        return part, keyword, tuple(astring(t).upper() for t in tokens[0])
    if rest:
        raise ParseError("Invalid section")
    if keyword == "MIME" and not part:
        raise ParseError("MIME needs a part number")
    return part, keyword, ()


def section_bytes(content: bytes, item: FetchItem) -> bytes:
    """The octets a section item refers to (before any <partial> cut)."""
    if item.part:
        found = mime.part(content, item.part, item.section)
        if found is None:
            return b""  # a part that does not exist reads as empty (§6.4.5)
        return found if not item.section.startswith("HEADER.FIELDS") else \
            header_fields(found, item.fields, exclude=item.section.endswith(".NOT"))
    header, text = mime.split(content)
    if item.section == "HEADER":
        return header
    if item.section == "TEXT":
        return text
    if item.section.startswith("HEADER.FIELDS"):
        return header_fields(header, item.fields, exclude=item.section.endswith(".NOT"))
    return content


def header_fields(header: bytes, names: tuple[str, ...], *, exclude: bool) -> bytes:
    """The header fields named (or all but them), then the blank line (§6.4.5)."""
    wanted = {name.lower() for name in names}
    kept = [field for field in mime.header_field_blocks(header)
            if (field.split(b":", 1)[0].strip().decode("ascii", "replace").lower() in wanted)
            != exclude]
    return b"".join(kept) + b"\r\n"


def render(seq: int, message: StoredMessage, items: Sequence[FetchItem],
           flags: tuple[str, ...]) -> bytes:
    """One complete ``* seq FETCH (...)`` response, CRLF included."""
    parts: list[bytes] = []
    for item in items:
        parts.append(item.name.encode("ascii") + b" " + _value(item, message, flags))
    return b"* %d FETCH (" % seq + b" ".join(parts) + b")\r\n"


def _value(item: FetchItem, message: StoredMessage, flags: tuple[str, ...]) -> bytes:
    if item.kind == "FLAGS":
        return codes.flag_list(flags).encode("utf-8")
    if item.kind == "UID":
        return b"%d" % message.uid
    if item.kind == "RFC822.SIZE":
        return b"%d" % message.size
    if item.kind == "INTERNALDATE":
        return codes.imap_date_time(message.internal_date).encode("ascii")
    if item.kind == "ENVELOPE":
        return mime.envelope(message.content)
    if item.kind in ("BODY", "BODYSTRUCTURE"):
        return mime.bodystructure(message.content, extensible=item.kind == "BODYSTRUCTURE")
    data = section_bytes(message.content, item)
    if item.partial is not None:
        origin, count = item.partial
        data = data[origin : origin + count]
    return b"{%d}\r\n" % len(data) + data
