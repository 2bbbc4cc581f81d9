"""RFC 5322 messages, built and read with Python's standard ``email`` package.

Pure functions: the date and the Message-ID token are passed in, so the same
scenario always yields the same bytes. Messages are serialised with
``email.policy.SMTP`` (CRLF line ends, headers folded below 78 characters).
:func:`build_message`, :func:`prepend_header` and :func:`summary` first try the
fast paths of :mod:`mailsim.mail.fast` (the same bytes for the common message);
their ``reference_*`` twins are the ``email`` package path and the fallback.
"""

from __future__ import annotations

import email.policy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser, BytesParser
from email.utils import format_datetime, getaddresses

from mailsim.mail import fast

# RFC 3848 "with" keywords for the Received: header (RFC 5321 §4.4).
WITH_PROTOCOLS = frozenset({"SMTP", "ESMTP", "ESMTPA", "ESMTPS", "ESMTPSA"})

# 7-bit clean by default: non-ASCII bodies get base64 or quoted-printable, so the
# message needs no 8BITMIME (RFC 6152) on any hop. Headers always use RFC 2047.
_BUILD_7BIT = email.policy.SMTP.clone(cte_type="7bit")
_BUILD_8BIT = email.policy.SMTP


def make_message_id(token: str, domain: str) -> str:
    """``<token@domain>`` (RFC 5322 §3.6.4)."""
    return f"<{token}@{domain}>"


def build_message(
    *,
    sender: str,
    recipients: Sequence[str],
    subject: str,
    body: str,
    date: datetime,
    message_id: str,
    cc: Sequence[str] = (),
    eight_bit: bool = False,
) -> bytes:
    """Build a text/plain UTF-8 message and return it as CRLF bytes.

    A Japanese subject becomes RFC 2047 encoded-words. A non-ASCII body is sent
    base64/quoted-printable, or as raw 8bit when ``eight_bit`` is true.
    """
    body_part = fast.text_body(body, eight_bit)
    if body_part is not None:
        try:
            fields = fast.build_fields(sender=sender, recipients=recipients, cc=cc,
                                       subject=subject, date=date, message_id=message_id)
            head = b"".join(_reference_field(name, value) if folded is None
                            else folded.encode("ascii") for name, value, folded in fields)
        except Exception:  # bad input: let the reference raise its own error
            pass
        else:
            return head + body_part
    return reference_build_message(
        sender=sender, recipients=recipients, subject=subject, body=body, date=date,
        message_id=message_id, cc=cc, eight_bit=eight_bit)


def _reference_field(name: str, value: str) -> bytes:
    """One header field as ``msg[name] = value`` and ``as_bytes(policy=SMTP)`` write it."""
    policy = email.policy.SMTP
    return policy.fold_binary(name, policy.header_store_parse(name, value)[1])


def reference_build_message(
    *,
    sender: str,
    recipients: Sequence[str],
    subject: str,
    body: str,
    date: datetime,
    message_id: str,
    cc: Sequence[str] = (),
    eight_bit: bool = False,
) -> bytes:
    """:func:`build_message` with the ``email`` package only (the reference)."""
    msg = EmailMessage(policy=_BUILD_8BIT if eight_bit else _BUILD_7BIT)
    msg["From"] = sender
    if recipients:
        msg["To"] = ", ".join(recipients)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    msg["MIME-Version"] = "1.0"
    msg.set_content(body, charset="utf-8")
    return msg.as_bytes(policy=email.policy.SMTP)


def with_esmtp_protocol(esmtp: bool, tls: bool, authenticated: bool) -> str:
    """The RFC 3848 keyword for the "with" clause of a Received: header.

    TLS and AUTH are ESMTP extensions, so plain SMTP ignores both flags.
    """
    if not esmtp:
        return "SMTP"
    return "ESMTP" + ("S" if tls else "") + ("A" if authenticated else "")


def _address_literal(ip: str) -> str:
    # RFC 5321 §4.1.3: IPv6 literals carry the "IPv6:" tag.
    return f"[IPv6:{ip}]" if ":" in ip else f"[{ip}]"


def received_header(
    *,
    from_helo: str,
    from_host: str,
    from_ip: str,
    by_host: str,
    protocol: str,
    queue_id: str,
    recipient: str | None,
    date: datetime,
) -> str:
    """The value of a Received: trace header (RFC 5321 §4.4).

    ``from_helo`` is the name the client gave in HELO/EHLO; ``from_host`` and
    ``from_ip`` are what the server itself saw (TCP-info).
    """
    if protocol not in WITH_PROTOCOLS:
        raise ValueError(f"protocol must be one of {sorted(WITH_PROTOCOLS)}, not {protocol!r}")
    value = (
        f"from {from_helo} ({from_host} {_address_literal(from_ip)})"
        f" by {by_host} (mailsim) with {protocol} id {queue_id}"
    )
    if recipient is not None:
        value += f" for <{recipient}>"
    return f"{value}; {fast.format_date(date)}"


def prepend_header(content: bytes, name: str, value: str) -> bytes:
    """Put a header field on top of a raw message; the rest stays byte-for-byte.

    Trace fields are always prepended (RFC 5321 §4.4), so the newest Received:
    comes first. The field is folded by ``email.policy.SMTP``.
    """
    field = fast.prepend_field(name, value)
    return (field if field is not None else email.policy.SMTP.fold_binary(name, value)) + content


def reference_prepend_header(content: bytes, name: str, value: str) -> bytes:
    """:func:`prepend_header` with the ``email`` package only (the reference)."""
    return email.policy.SMTP.fold_binary(name, value) + content


def parse_message(content: bytes) -> EmailMessage:
    """Parse raw bytes with ``email.policy.default`` (decoded header objects)."""
    parsed = BytesParser(policy=email.policy.default).parsebytes(content)
    assert isinstance(parsed, EmailMessage)  # guaranteed by policy.default
    return parsed


@dataclass(frozen=True, slots=True)
class MessageSummary:
    """What a mailbox listing shows about one message."""

    message_id: str
    subject: str
    sender: str
    size: int
    received_count: int


def _header(msg: Message, name: str) -> str:
    """A header's text with RFC 2047 encoded-words decoded; '' when absent or broken."""
    value = msg.get(name)
    if value is None:
        return ""
    try:
        return str(make_header(decode_header(str(value)))).strip()
    except (HeaderParseError, LookupError, UnicodeError):
        return str(value).strip()


def summary(content: bytes) -> MessageSummary:
    """Summarise raw message bytes; a malformed message gives empty fields, not errors.

    Only the header section is parsed, with the lightweight ``compat32`` policy:
    every MTA hop summarises the message, so this is on the hot path. The To: and
    Cc: addresses are not read here (:func:`header_recipients` does): a message to
    thousands of recipients crosses a server in many transactions, and reading them
    each time made the cost grow with the square of the recipients.
    """
    values = fast.summary_values(content)
    if values is None:
        return reference_summary(content)
    message_id, subject, sender, received = values
    return MessageSummary(message_id=message_id, subject=subject, sender=sender,
                          size=len(content), received_count=received)


def reference_summary(content: bytes) -> MessageSummary:
    """:func:`summary` with the ``email`` package only (the reference)."""
    msg = BytesHeaderParser(policy=email.policy.compat32).parsebytes(content)
    senders = getaddresses([_header(msg, "From")])
    return MessageSummary(
        message_id=_header(msg, "Message-ID"),
        subject=_header(msg, "Subject"),
        sender=senders[0][1] if senders else "",
        size=len(content),
        received_count=len(msg.get_all("Received", [])),
    )


def header_recipients(content: bytes) -> tuple[str, ...]:
    """The addresses of the To: and Cc: headers, in order; () for a malformed message."""
    msg = BytesHeaderParser(policy=email.policy.compat32).parsebytes(content)
    fields = [str(v) for name in ("To", "Cc") for v in msg.get_all(name, [])]
    return tuple(addr for _, addr in getaddresses(fields) if addr)
