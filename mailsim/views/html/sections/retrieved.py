"""The letters POP3 and IMAP hand over, for the page's "line in detail": the message in a
POP3 ``+OK`` reply to RETR or TOP (dot-terminated, RFC 1939 §7) and each message section
in the literals of an IMAP untagged FETCH response (BODY[...], RFC822..., RFC 3501
§7.4.2), read with the same parsing as the SMTP DATA contents (``messages``).

Only the server's units that carry a letter get an entry, keyed by their position: a
list of letters (one FETCH response may hold several messages or sections). A letter
whose text the trace does not keep (a live trace may record only sizes) is an entry
with ``absent`` and the size the reply announced, if any. A letter read the same as one
before it (the same message on a second device, or downloaded again) names that one
(``as``: its position and index) instead of repeating it, to keep the page small.
"""

from __future__ import annotations

import re
from typing import Any

from mailsim.trace import MessageEvent, Trace
from mailsim.views.html.sections.messages import BODY_LIMIT, parse, read

NAME = "retrieved"

_POP3_ASKS = re.compile(r"^(RETR|TOP)\s+(\d+)(?:\s+(\d+))?\s*$", re.IGNORECASE)
_OCTETS = re.compile(r"^\+OK\s+(\d+)\s+octets", re.IGNORECASE)
_SIZE_ONLY = re.compile(r"\[message text:\s*(\d+)\s+octets\]")
_FETCH = re.compile(r"^\* (\d+) FETCH \(", re.MULTILINE)
# a section item followed by its literal's size (RFC 3501 §7.4.2; BODY.PEEK is answered as BODY)
_HEADER_PART = re.compile(r"(?:^|\.)(?:HEADER|MIME)")  # HEADER, HEADER.FIELDS (...), 1.MIME
_SECTION = re.compile(r"(BODY\[([^\]]*)\](?:<\d+>)?|RFC822(?:\.HEADER|\.TEXT)?) \{(\d+)\}\n",
                      re.IGNORECASE)


def _letter(via: str, number: int, **fields: Any) -> dict[str, Any]:
    """One letter's entry; ``partial`` only when set, to keep the page's data small."""
    entry: dict[str, Any] = {"via": via, "n": number}
    entry.update({k: v for k, v in fields.items() if v is not None and v is not False})
    return entry


def _absent(via: str, number: int, size: int | None, **fields: Any) -> dict[str, Any]:
    return _letter(via, number, absent=True, size=size, **fields)


def pop3_letter(command: str, reply: str) -> dict[str, Any] | None:
    """The letter in a POP3 reply to ``command`` (RETR n or TOP n k); None for any other
    command or an -ERR."""
    asked = _POP3_ASKS.match(command)
    if not asked or not reply.startswith("+OK"):
        return None
    via, number = asked.group(1).upper(), int(asked.group(2))
    lines = int(asked.group(3)) if asked.group(3) is not None else None
    extra = {"lines": lines, "partial": via == "TOP"}
    status, _, rest = reply.partition("\n")
    announced = _OCTETS.match(status)
    size_only = _SIZE_ONLY.search(rest)
    if size_only or not rest.strip():
        size = int(size_only.group(1)) if size_only else int(announced.group(1)) if announced else None
        return _absent(via, number, size, **extra)
    return _letter(via, number, **extra, **parse(rest))


def _literal(text: str, start: int, octets: int) -> tuple[str, int]:
    """The literal of ``octets`` octets from ``start``: counted as on the wire, each line
    ending CRLF and each character in UTF-8 (the trace writes lines ending LF). Returns it
    and where it ends; a unit cut short gives what it holds."""
    end, count = start, 0
    while end < len(text) and count < octets:
        char = text[end]
        count += 2 if char == "\n" else len(char.encode("utf-8"))
        end += 1
    return text[start:end], end


def _section_entry(number: int, item: str, spec: str | None, raw: str) -> dict[str, Any]:
    """A FETCH section's letter: the whole message parsed; a header part parsed as fields
    only; a text part or a byte range (``<origin>``) shown as it is, all marked partial."""
    name = item.upper()
    fields = {"item": item}
    if name in ("RFC822", "BODY[]"):
        return _letter("FETCH", number, **fields, **read(raw))
    section = (spec or "").upper() if name.startswith("BODY[") else name.removeprefix("RFC822.")
    if not name.endswith("]") and name.startswith("BODY["):  # <origin>: some octets of it
        return _letter("FETCH", number, partial=True, **fields,
                       headers=[], received=[], body=raw[:BODY_LIMIT])
    if _HEADER_PART.search(section):
        return _letter("FETCH", number, partial=True, **fields, **read(raw))
    return _letter("FETCH", number, partial=True, **fields,
                   headers=[], received=[], body=raw.rstrip("\n")[:BODY_LIMIT])


def fetch_letters(reply: str) -> list[dict[str, Any]]:
    """Every message section in the untagged FETCH responses of one server unit."""
    out: list[dict[str, Any]] = []
    at = 0
    while (response := _FETCH.search(reply, at)) is not None:
        number, at = int(response.group(1)), response.end()
        # the response's items up to its closing parenthesis, skipping over literals
        while at < len(reply):
            line_end = reply.find("\n", at)
            line = reply[at:] if line_end < 0 else reply[at:line_end + 1]
            found = _SECTION.search(line)
            if found is None:
                break  # the response ends on this line: no more literals in it
            item, spec, octets = found.group(1), found.group(2), int(found.group(3))
            size_only = _SIZE_ONLY.match(reply, at + found.end())
            if size_only:  # a trace that keeps only the size: the unit is shorter than it says
                out.append(_absent("FETCH", number, octets, item=item))
                at = size_only.end()
                continue
            raw, at = _literal(reply, at + found.end(), octets)
            out.append(_section_entry(number, item, spec, raw))
        at = max(at, response.end())
    return out


def _share(letters: list[dict[str, Any]], key: str, seen: dict[tuple[str, str], list[int]]) -> None:
    """Replace what a letter read the same as an earlier one by a reference to that one."""
    for index, letter in enumerate(letters):
        if "headers" not in letter:
            continue
        here = [int(key), index]
        first = seen.setdefault((repr(letter["headers"]), letter["body"]), here)
        if first != here:  # the Received: chain follows from the fields: the same too
            del letter["headers"], letter["received"], letter["body"]
            letter["as"] = first


def build(trace: Trace) -> dict[str, Any]:
    """``{position: [letter, ...]}`` for each POP3 or IMAP server unit that hands over mail."""
    seen: dict[tuple[str, str], list[int]] = {}  # (fields, text) -> where first read
    asked: dict[str, list[str]] = {}  # conn -> the POP3 client's commands not yet answered
    client: dict[str, str] = {}  # conn -> the host the server greeted (it speaks first)
    out: dict[str, Any] = {}
    for i, event in enumerate(trace):
        if not isinstance(event, MessageEvent) or event.conn is None:
            continue
        if event.protocol == "IMAP":
            if "FETCH (" in event.text and (letters := fetch_letters(event.text)):
                _share(letters, str(i), seen)
                out[str(i)] = letters
            continue
        if event.protocol != "POP3":
            continue
        conn = event.conn
        if client.setdefault(conn, event.dst) == event.src:  # a command (or a SASL answer)
            asked.setdefault(conn, []).append(event.text)
        elif asked.get(conn):  # one reply per command, in order (RFC 2449 PIPELINING too)
            letter = pop3_letter(asked[conn].pop(0), event.text)
            if letter is not None:
                _share([letter], str(i), seen)
                out[str(i)] = [letter]
    return out
