"""The messages the trace carries, read with the ``email`` package for the page's
"line in detail": for each SMTP DATA content (the lines a client sends after its
``354``), the header fields, the Received: chain, the text, and the envelope of the
same transaction (MAIL FROM and RCPT TO on that connection, RFC 5321 §3.3).

Only the events that carry a message get an entry, keyed by their position.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
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


def _text(message: EmailMessage) -> str:
    """The message's words: a plain body decoded; each part of a multipart named."""
    chunks: list[str] = []

    def add(part: EmailMessage, named: bool) -> None:
        kind = part.get_content_type()
        if named:
            chunks.append(f"[{kind}]")
        if kind == "message/delivery-status":  # RFC 3464: blocks of fields, shown as they are
            chunks.append("\n".join(str(block).strip() for block in part.get_payload()))
            return
        if part.is_multipart():
            for inner in part.iter_parts():
                add(inner, True)  # type: ignore[arg-type]
            return
        try:
            content = part.get_content()
        except (LookupError, ValueError, KeyError):
            content = str(part.get_payload())
        chunks.append(content.rstrip("\n") if isinstance(content, str)
                      else f"({len(content)} octets)")

    add(message, False)
    return "\n".join(chunks)[:BODY_LIMIT]


def parse(content: str) -> dict[str, Any]:
    """A DATA content as the server got it: dots unstuffed, the final ``.`` gone
    (RFC 5321 §4.5.2), read with the ``email`` package."""
    lines = content.split("\n")
    if lines and lines[-1] == ".":
        lines = lines[:-1]
    raw = "\n".join(line[1:] if line.startswith(".") else line for line in lines)
    # as bytes: a str with 8bit text would come back from get_content() escaped
    message = email.message_from_bytes(raw.encode("utf-8"), _class=EmailMessage,
                                       policy=email.policy.default)
    headers = [[name, " ".join(str(value).split())] for name, value in message.items()]
    return {
        "headers": headers,
        "received": [received(str(v)) for v in message.get_all("Received") or []],
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
            if text == "." or text.endswith("\n."):  # the end of the content (RFC 5321 §4.1.1.4)
                del waiting[conn], content[conn]
                entry = parse("\n".join(t for _, t in units))
                entry["envelope"] = envelope.get(conn, {"from": None, "to": []})
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
