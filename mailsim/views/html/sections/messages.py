"""The messages the trace carries, read with the ``email`` package for the page's
"line in detail": for each SMTP DATA content (the lines a client sends after its
``354``), the header fields, the Received: chain, the text, and the envelope of the
same transaction (MAIL FROM and RCPT TO on that connection, RFC 5321 §3.3).

Only the events that carry a message get an entry, keyed by their position.
"""

from __future__ import annotations

import email
import re
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

from mailsim.trace import MessageEvent, Trace

NAME = "messages"
BODY_LIMIT = 4000  # characters of text shown; a classroom message is far shorter

_PATH = re.compile(r"<([^>]*)>")
_FROM = re.compile(r"^\s*from\s+(\S+)(?:\s+\(([^)]*)\))?", re.IGNORECASE)
_WORD = {name: re.compile(rf"\b{name}\s+([^\s;]+)", re.IGNORECASE) for name in ("by", "with", "id")}
_FOR = re.compile(r"\bfor\s+<?([^>\s;]+)>?", re.IGNORECASE)
_IP = re.compile(r"\[(?:IPv6:)?([^\]]+)\]")


def received(value: str) -> dict[str, str | None]:
    """One Received: field's parts (RFC 5321 §4.4): who added it (``by``), from which
    host and address, with which protocol, the queue id, for whom, and when."""
    value = " ".join(value.split())
    found = _FROM.search(value)
    comment = found.group(2) if found and found.group(2) else ""
    address = _IP.search(comment) or _IP.search(found.group(1) if found else "")
    parts: dict[str, str | None] = {
        "from": found.group(1) if found else None,
        "host": comment.split(" ")[0] if comment and not comment.startswith("[") else None,
        "ip": address.group(1) if address else None,
    }
    for name, pattern in _WORD.items():
        word = pattern.search(value.split(";")[0])
        parts[name] = word.group(1) if word else None
    rcpt = _FOR.search(value.split(";")[0])
    parts["for"] = rcpt.group(1) if rcpt else None
    parts["date"] = value.rsplit(";", 1)[1].strip() if ";" in value else None
    return parts


def _header(value: str) -> str:
    """A field's value unfolded, its encoded words (RFC 2047) decoded."""
    value = " ".join(value.split())
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, ValueError, HeaderParseError):
        return value


def _text(message: Message) -> str:
    """The message's words: a plain body decoded; each part of a multipart named."""
    chunks: list[str] = []

    def add(part: Message, named: bool) -> None:
        kind = part.get_content_type()
        if named:
            chunks.append(f"[{kind}]")
        if kind == "message/delivery-status":  # RFC 3464: blocks of fields, shown as they are
            chunks.append("\n".join(str(block).strip() for block in part.get_payload()))
            return
        if part.is_multipart():
            for inner in part.get_payload():
                if isinstance(inner, Message):
                    add(inner, True)
            return
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            data = str(part.get_payload()).encode("utf-8", "replace")
        if part.get_content_maintype() != "text":
            chunks.append(f"({len(data)} octets)")
            return
        try:
            words = data.decode(part.get_content_charset() or "us-ascii", "replace")
        except LookupError:
            words = data.decode("utf-8", "replace")
        chunks.append(words.rstrip("\n"))

    add(message, False)
    return "\n".join(chunks)[:BODY_LIMIT]


def parse(content: str) -> dict[str, Any]:
    """A DATA content (or a POP3 RETR/TOP reply's lines, RFC 1939 §3) as the server got
    it: dots unstuffed, the final ``.`` gone (RFC 5321 §4.5.2), read with :func:`read`."""
    lines = content.split("\n")
    if lines and lines[-1] == ".":
        lines = lines[:-1]
    return read("\n".join(line[1:] if line.startswith(".") else line for line in lines))


def read(raw: str) -> dict[str, Any]:
    """A message as it is (no dot-stuffing: an IMAP literal) read with the ``email``
    package: its header fields, their Received: chain and its text."""
    # as bytes, so 8bit text decodes by its charset; the compat32 policy leaves the fields
    # as text (the default policy's header objects cost ten times as much)
    message = email.message_from_bytes(raw.encode("utf-8"))
    headers = [[name, _header(value)] for name, value in message.items()]
    return {
        "headers": headers,
        "received": [received(value) for name, value in headers if name.lower() == "received"],
        "body": _text(message),
    }


def build(trace: Trace) -> dict[str, Any]:
    """``{position: {headers, received, body, envelope: {from, to}}}`` for each DATA content."""
    envelope: dict[str, dict[str, Any]] = {}  # conn -> this transaction's MAIL FROM / RCPT TO
    waiting: dict[str, str] = {}  # conn -> the client that was told 354 (content comes next)
    content: dict[str, list[tuple[int, str]]] = {}  # conn -> content units so far
    out: dict[str, Any] = {}
    for i, event in enumerate(trace):
        if not isinstance(event, MessageEvent) or event.protocol != "SMTP" or event.conn is None:
            continue
        conn, text = event.conn, event.text
        if conn in waiting and event.src == waiting[conn]:
            units = content.setdefault(conn, [])
            units.append((i, text))
            if event.live and text.startswith("[message text:"):  # a live client's: size only
                del waiting[conn], content[conn]
            elif text == "." or text.endswith("\n."):  # the end of the content (RFC 5321 §4.1.1.4)
                del waiting[conn], content[conn]
                entry = parse("\n".join(t for _, t in units))
                sent = envelope.get(conn, {"from": None, "to": []})
                entry["envelope"] = {"from": sent["from"], "to": list(sent["to"])}
                out[str(units[0][0])] = entry
            continue
        upper = text[:10].upper()
        if upper.startswith("MAIL FROM:"):
            path = _PATH.search(text)
            envelope[conn] = {"from": path.group(1) if path else text[10:].strip(), "to": []}
        elif upper.startswith("RCPT TO:") and conn in envelope:
            path = _PATH.search(text)
            envelope[conn]["to"].append(path.group(1) if path else text[8:].strip())
        elif text.startswith("354"):
            waiting[conn] = event.dst
    return out
