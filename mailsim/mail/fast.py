"""Fast paths for the common message: the exact bytes and values of the ``email`` package.

mailsim builds, stamps and summarises every message on the hot path, and the
``email`` package parses each header into a token tree to fold it. For the
common case — printable ASCII header values that are single lines or fold at
single spaces, plain ``Name <addr>`` mailboxes, CRLF header blocks, UTF-8 text
bodies with short lines — the result is simple to write down, so it is written
down here. Each function returns ``None`` for anything else, and the caller
(:mod:`mailsim.mail.message`) takes the ``email`` package path, which stays the
reference; tests/test_mail_fast_paths.py compares the two on random messages.
The rules below are those of CPython's ``email`` package with ``policy.SMTP``
(78-character lines, CRLF), read from ``_header_value_parser._refold_parse_tree``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.utils import format_datetime, getaddresses

MAX_LINE = 78  # email.policy.SMTP.max_line_length

# Names the email package folds as plain unstructured text (no header class of
# their own in email.headerregistry); a test checks the registry still agrees.
UNSTRUCTURED = frozenset({"received", "return-path", "subject"})

_PRINTABLE = re.compile(r"[\x20-\x7e]*")
# Unstructured text the fast fold handles: visible words between single spaces.
_WORDS = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")
_ADDR = r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
# A mailbox the address parser keeps verbatim: addr-spec, or atoms then <addr-spec>.
_MAILBOX = re.compile(rf"(?:[A-Za-z0-9]+(?: [A-Za-z0-9]+)* <(?P<angle>{_ADDR})>|(?P<bare>{_ADDR}))")
_MESSAGE_ID = re.compile(rf"<{_ADDR}>")
# One header field of a CRLF block: name, colon, printable text, continuation lines.
_FIELDS = re.compile(rb"([\x21-\x39\x3b-\x7e]+):([\t\x20-\x7e]*(?:\r\n[\t ][\t\x20-\x7e]*)*)\r\n")

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MINUTE = timedelta(minutes=1)

_MIME_TAIL = (b"MIME-Version: 1.0\r\n"
              b'Content-Type: text/plain; charset="utf-8"\r\n'
              b"Content-Transfer-Encoding: ")


def format_date(date: datetime) -> str:
    """``email.utils.format_datetime(date)`` (RFC 5322 §3.3), without strftime for whole-minute zones."""
    offset = date.utcoffset()
    if date.tzinfo is None:
        zone = "-0000"  # RFC 5322 §3.3: the local time is unknown
    elif offset is None or offset % _MINUTE:
        return format_datetime(date)
    else:
        minutes = offset // _MINUTE
        sign = "-" if minutes < 0 else "+"
        zone = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return (f"{_DAYS[date.weekday()]}, {date.day:02d} {_MONTHS[date.month - 1]} {date.year:04d} "
            f"{date.hour:02d}:{date.minute:02d}:{date.second:02d} {zone}")


def fold_unstructured(name: str, value: str) -> str | None:
    """``name: value`` folded as ``policy.SMTP`` folds unstructured text, CRLF-ended.

    The rule for words between single spaces: the field on one line when it fits
    in 78 characters; otherwise the whole value on a continuation line after
    ``name:`` when that fits; otherwise words are added greedily and a word that
    does not fit starts a new line, taking the space before it along (RFC 5322
    §2.2.3: folding puts a CRLF before whitespace). ``None`` when not that simple.
    """
    if len(name) > 40 or not _WORDS.fullmatch(value) or "=?" in value:
        return None  # RFC 2047 encoded-words would be decoded and re-encoded
    if len(name) + 2 + len(value) <= MAX_LINE:
        return f"{name}: {value}\r\n"
    if len(value) + 1 <= MAX_LINE:
        return f"{name}:\r\n {value}\r\n"
    words = value.split(" ")
    if max(map(len, words)) > MAX_LINE - 2:
        return None  # a word longer than a line becomes encoded-words
    lines: list[str] = []
    line = name + ": "
    for i, word in enumerate(words):
        if i:
            if len(line) < MAX_LINE:
                line += " "
            else:  # not even the space fits: it starts the next line
                lines.append(line)
                line = " "
        if len(line) + len(word) <= MAX_LINE:
            line += word
        else:  # the line ends in a space here: it moves down with the word
            lines.append(line[:-1])
            line = " " + word
    lines.append(line)
    return "\r\n".join(lines) + "\r\n"


def prepend_field(name: str, value: str) -> bytes | None:
    """``email.policy.SMTP.fold_binary(name, value)`` for a plain string value, or None."""
    if not _PRINTABLE.fullmatch(name) or not _PRINTABLE.fullmatch(value):
        return None
    if len(name) + 2 + len(value) <= MAX_LINE:
        # fold_binary keeps a value that fits as it is, without parsing it.
        return f"{name}: {value}\r\n".encode("ascii")
    if name.lower() not in UNSTRUCTURED:
        return None
    folded = fold_unstructured(name, value)
    return None if folded is None else folded.encode("ascii")


def fold_addresses(name: str, addresses: Sequence[str]) -> str | None:
    """``name: a, b, ...`` folded as ``policy.SMTP`` folds an address list, or None.

    For plain mailboxes (addr-spec, or atoms then ``<addr-spec>``) of at most 70
    characters the parser keeps the text as it is, and folding is greedy at the
    address boundaries: a mailbox that does not fit starts the next line with
    the space before it, the comma staying at the end of the line (RFC 5322
    §3.2.2: folding only at whitespace).
    """
    for address in addresses:
        if len(address) > 70 or not _MAILBOX.fullmatch(address):
            return None
    value = ", ".join(addresses)
    if len(name) > 40 or not addresses:
        return None
    if len(name) + 2 + len(value) <= MAX_LINE:
        return f"{name}: {value}\r\n"
    if len(value) + 1 <= MAX_LINE:
        return f"{name}:\r\n {value}\r\n"
    lines: list[str] = []
    line = f"{name}: {addresses[0]}"
    for address in addresses[1:]:
        line += ","  # even past column 78: the email package cannot break before a comma
        if len(line) + 1 + len(address) <= MAX_LINE:
            line += " " + address
        else:
            lines.append(line)
            line = " " + address
    lines.append(line)
    return "\r\n".join(lines) + "\r\n"


def _whole_minutes(date: datetime) -> bool:
    """A date whose formatted form parses back to itself (Date: is re-parsed)."""
    offset = date.utcoffset()
    return 1970 <= date.year <= 9999 and (offset is None or not offset % _MINUTE)


def build_fields(
    *, sender: str, recipients: Sequence[str], cc: Sequence[str], subject: str,
    date: datetime, message_id: str,
) -> list[tuple[str, str, str | None]]:
    """(name, value, folded field) for From, To, Cc, Subject, Date, Message-ID, in order.

    Absent To:/Cc: give no entry. The folded field is None where the value is
    not simple: the caller folds that one with the ``email`` package.
    """
    fields = [("From", sender, fold_addresses("From", (sender,)))]
    if recipients:
        fields.append(("To", ", ".join(recipients), fold_addresses("To", recipients)))
    if cc:
        fields.append(("Cc", ", ".join(cc), fold_addresses("Cc", cc)))
    fields.append(("Subject", subject, fold_unstructured("Subject", subject)))
    stamp = format_date(date)
    fields.append(("Date", stamp, f"Date: {stamp}\r\n" if _whole_minutes(date) else None))
    simple_id = len(message_id) <= MAX_LINE - 12 and _MESSAGE_ID.fullmatch(message_id)
    fields.append(("Message-ID", message_id, f"Message-ID: {message_id}\r\n" if simple_id else None))
    return fields


def text_body(body: str, eight_bit: bool) -> bytes | None:
    """MIME tail, blank line and body as ``set_content(body, charset="utf-8")`` writes them.

    Lines of at most 78 octets go as they are, with CRLF ends (7bit if ASCII,
    else 8bit when allowed); anything else would be quoted-printable or base64.
    """
    try:
        lines = body.encode("utf-8").splitlines()
    except UnicodeError:
        return None
    if lines and max(map(len, lines)) > MAX_LINE:
        return None
    text = b"\r\n".join(lines) + b"\r\n"
    if text.isascii():
        cte = b"7bit"
    elif eight_bit:
        cte = b"8bit"
    else:
        return None
    return _MIME_TAIL + cte + b"\r\n\r\n" + text


def summary_values(content: bytes) -> tuple[str, str, str, int] | None:
    """Message-ID, Subject, sender address and Received: count as ``compat32`` reads them.

    Only for a header block of printable ASCII lines with CRLF ends, closed by
    an empty line; None otherwise. Values are as ``compat32`` keeps them (the
    first line's leading blanks dropped, continuation lines joined with their
    CRLF), then decoded as :func:`mailsim.mail.message.reference_summary` does.
    """
    end = content.find(b"\r\n\r\n")
    if end <= 0:
        return None
    block = content[: end + 2]
    fields = _FIELDS.findall(block)
    # Matches never overlap, so they cover the block exactly when their lengths add up.
    if sum(len(name) + len(value) for name, value in fields) + 3 * len(fields) != len(block):
        return None
    first: dict[bytes, bytes] = {}
    received = 0
    for name, value in fields:
        key = name.lower()
        if key == b"received":
            received += 1
        elif key not in first:
            first[key] = value

    def text(key: bytes) -> str:
        raw = first.get(key)
        return "" if raw is None else decoded(raw.decode("ascii").lstrip(" \t").rstrip("\r\n"))

    return text(b"message-id"), text(b"subject"), sender_address(text(b"from")), received


def decoded(value: str) -> str:
    """What ``str(make_header(decode_header(value))).strip()`` gives for an ASCII value."""
    if "=?" not in value:
        return value.strip()  # no encoded-word: decode_header returns the text itself
    try:
        return str(make_header(decode_header(value))).strip()
    except (HeaderParseError, LookupError, UnicodeError):
        return value.strip()


def sender_address(from_text: str) -> str:
    """The first address of a From: text, as ``getaddresses`` reads it."""
    simple = _MAILBOX.fullmatch(from_text)
    if simple:
        return simple["angle"] or simple["bare"]
    senders = getaddresses([from_text])
    return senders[0][1] if senders else ""
