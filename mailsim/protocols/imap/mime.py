"""Message structure for FETCH: header/body split, MIME parts, ENVELOPE, BODYSTRUCTURE.

Works on the stored octets so that sizes and sections are exact (RFC 3501 §6.4.5,
§7.4.2). Only header *fields* are parsed with Python's ``email`` package; parts of
a multipart body are cut out of the raw bytes at their boundary lines (RFC 2046
§5.1.1). Nested ``message/rfc822`` parts are described but not entered.
"""

from __future__ import annotations

from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses

from mailsim.protocols.imap.codes import string

_HEADER_PARSER = BytesHeaderParser(policy=compat32)
ENVELOPE_FIELDS = ("date", "subject", "from", "sender", "reply-to", "to", "cc", "bcc",
                   "in-reply-to", "message-id")
MAX_DEPTH = 8  # multipart nesting described before giving up


def split(entity: bytes) -> tuple[bytes, bytes]:
    """(header including the blank line, body) of a message or MIME entity."""
    if entity.startswith(b"\r\n"):
        return b"\r\n", entity[2:]
    for blank in (b"\r\n\r\n", b"\n\n"):
        at = entity.find(blank)
        if at >= 0:
            return entity[: at + len(blank)], entity[at + len(blank) :]
    return entity, b""


def headers(entity: bytes) -> Message:
    """The header fields of an entity, parsed (values left raw, RFC 2047 words and all)."""
    return _HEADER_PARSER.parsebytes(split(entity)[0])


def header_field_blocks(header: bytes) -> list[bytes]:
    """Each header field with its folded continuation lines, CRLFs kept (RFC 5322 §2.2.3)."""
    blocks: list[bytes] = []
    for line in header.splitlines(keepends=True):
        if line in (b"\r\n", b"\n"):
            break
        if line[:1] in (b" ", b"\t") and blocks:
            blocks[-1] += line
        else:
            blocks.append(line)
    return blocks


def children(entity: bytes) -> list[bytes] | None:
    """The raw body parts of a multipart entity, or None if it is not multipart."""
    fields = headers(entity)
    boundary = fields.get_boundary() if fields.get_content_maintype() == "multipart" else None
    if not boundary:
        return None
    text = b"\r\n" + split(entity)[1]
    marker = b"\r\n--" + boundary.encode("utf-8", "surrogateescape")
    parts: list[bytes] = []
    at = text.find(marker)
    while at >= 0:
        after = at + len(marker)
        if text[after : after + 2] == b"--":
            break  # close-delimiter
        line_end = text.find(b"\r\n", after)
        if line_end < 0:
            break
        following = text.find(marker, line_end)
        parts.append(text[line_end + 2 : following if following >= 0 else len(text)])
        at = following
    return parts


def part(message: bytes, path: str, section: str) -> bytes | None:
    """The octets of section ``section`` of MIME part ``path`` ("1.2"), None if absent.

    A non-multipart message has one part, 1: its body (RFC 3501 §6.4.5).
    """
    entity = message
    numbers = [int(n) for n in path.split(".")]
    for depth, number in enumerate(numbers):
        parts = children(entity)
        if parts is None:
            if number != 1 or depth != len(numbers) - 1:
                return None
        elif 1 <= number <= len(parts):
            entity = parts[number - 1]
        else:
            return None
    header, body = split(entity)
    if section == "":
        return body
    if section == "MIME":
        return header
    if headers(entity).get_content_type() != "message/rfc822":
        return None  # HEADER/TEXT of a part only exist for an encapsulated message
    inner_header, inner_text = split(body)
    return inner_text if section == "TEXT" else inner_header


def _text(value: str | None) -> bytes:
    return string(None if value is None else value.encode("utf-8", "surrogateescape"))


def _addresses(fields: Message, name: str) -> bytes:
    values = [str(v) for v in fields.get_all(name, [])]
    pairs = [(n, a) for n, a in getaddresses(values) if a]
    if not pairs:
        return b"NIL"
    out = []
    for display, address in pairs:
        local, at, host = address.rpartition("@")
        mailbox, domain = (local, host) if at else (address, None)
        out.append(b"(" + b" ".join([_text(display or None), b"NIL", _text(mailbox),
                                     _text(domain)]) + b")")
    return b"(" + b"".join(out) + b")"


def envelope(message: bytes) -> bytes:
    """The ENVELOPE structure (RFC 3501 §7.4.2); sender and reply-to default to from."""
    fields = headers(message)
    values: list[bytes] = []
    for name in ENVELOPE_FIELDS:
        if name in ("sender", "reply-to") and fields.get(name) is None:
            values.append(_addresses(fields, "from"))
        elif name in ("from", "sender", "reply-to", "to", "cc", "bcc"):
            values.append(_addresses(fields, name))
        else:
            raw = fields.get(name)
            values.append(_text(None if raw is None else str(raw)))
    return b"(" + b" ".join(values) + b")"


def _line_count(body: bytes) -> int:
    return body.count(b"\n") + (1 if body and not body.endswith(b"\n") else 0)


def bodystructure(entity: bytes, *, extensible: bool = False, depth: int = 0) -> bytes:
    """BODY / BODYSTRUCTURE of an entity, without the optional extension data.

    RFC 3501 §7.4.2 lets BODYSTRUCTURE omit extension data, so both forms are the
    same here: type, subtype, parameters, id, description, encoding, size, and
    lines for text/* (plus envelope, body and lines for message/rfc822).
    """
    fields = headers(entity)
    parts = children(entity) if depth < MAX_DEPTH else None
    if parts:
        inner = b"".join(bodystructure(p, extensible=extensible, depth=depth + 1) for p in parts)
        return b"(" + inner + b" " + _text(fields.get_content_subtype().upper()) + b")"
    body = split(entity)[1]
    maintype, subtype = fields.get_content_maintype(), fields.get_content_subtype()
    params = [(k, v) for k, v in fields.get_params(failobj=[])[1:] if isinstance(v, str)]
    if not params and maintype == "text":
        params = [("charset", "us-ascii")]  # RFC 2045 §5.2 default
    param_list = b"(" + b" ".join(_text(k.upper()) + b" " + _text(v) for k, v in params) + b")" \
        if params else b"NIL"
    encoding = str(fields.get("content-transfer-encoding", "7BIT")).strip().upper()
    out = [_text(maintype.upper()), _text(subtype.upper()), param_list,
           _text(_opt(fields, "content-id")), _text(_opt(fields, "content-description")),
           _text(encoding), b"%d" % len(body)]
    if maintype == "message" and subtype == "rfc822" and depth < MAX_DEPTH:
        out += [envelope(body), bodystructure(body, extensible=extensible, depth=depth + 1),
                b"%d" % _line_count(body)]
    elif maintype == "text":
        out.append(b"%d" % _line_count(body))
    return b"(" + b" ".join(out) + b")"


def _opt(fields: Message, name: str) -> str | None:
    value = fields.get(name)
    return None if value is None else str(value)
