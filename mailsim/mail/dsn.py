"""Delivery status notifications (RFC 3464): the "Mail Delivery Subsystem" message.

A bounce is a ``multipart/report; report-type=delivery-status`` message with
three parts: a human-readable explanation, a ``message/delivery-status`` part
(one per-message block, then one block per recipient), and the original
message's headers (``text/rfc822-headers``, RFC 6522). It is sent with the
empty envelope sender ``MAIL FROM:<>`` so that it can never bounce itself
(RFC 5321 §4.5.5). Pure: the date and the Message-ID are passed in.
"""

from __future__ import annotations

import email.policy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import format_datetime


@dataclass(frozen=True, slots=True)
class RecipientStatus:
    """What happened to one recipient (RFC 3464 §2.3)."""

    recipient: str
    action: str  # "failed" or "delayed"
    status: str  # RFC 3463 code, e.g. "5.1.1"
    diagnostic: str  # the remote reply, e.g. "550 5.1.1 <bob@example.jp>: ..."
    remote_mta: str | None = None


def status_code(reply_text: str, default: str) -> str:
    """The RFC 3463 enhanced code inside a reply such as ``550 5.1.1 ...``."""
    words = reply_text.split()
    if len(words) > 1 and words[1].count(".") == 2 and words[1][0] in "245":
        return words[1]
    return default


def build_dsn(
    *,
    reporting_mta: str,
    original: bytes,
    original_sender: str,
    statuses: Sequence[RecipientStatus],
    date: datetime,
    message_id: str,
    arrival: datetime,
) -> bytes:
    """The bounce (or delay notice) for ``original`` as RFC 5322 bytes with CRLF."""
    delayed = all(s.action == "delayed" for s in statuses)
    report = EmailMessage(policy=email.policy.SMTP)
    report["From"] = f"Mail Delivery System <MAILER-DAEMON@{reporting_mta}>"
    report["To"] = original_sender
    report["Subject"] = ("Delayed Mail (still being retried)" if delayed
                         else "Undelivered Mail Returned to Sender")
    report["Date"] = format_datetime(date)
    report["Message-ID"] = message_id
    report["Auto-Submitted"] = "auto-replied"  # RFC 3834: never answer this automatically
    report.set_content(_explanation(reporting_mta, statuses, delayed))
    report.make_mixed()
    report.replace_header("Content-Type", 'multipart/report; report-type="delivery-status"')
    report.attach(_status_part(reporting_mta, statuses, arrival))
    report.attach(_headers_part(original))
    # The email package would draw a random boundary; the run must stay reproducible.
    report.set_boundary("=_report_" + hashlib.sha256(message_id.encode()).hexdigest()[:24])
    return report.as_bytes(policy=email.policy.SMTP)


def _explanation(reporting_mta: str, statuses: Sequence[RecipientStatus], delayed: bool) -> str:
    lines = [f"This is the mail system at host {reporting_mta}.", ""]
    if delayed:
        lines += ["Your message could not be delivered yet. It will be retried;",
                  "you do not need to send it again."]
    else:
        lines += ["I'm sorry to have to inform you that your message could not",
                  "be delivered to one or more recipients."]
    lines.append("")
    lines += [f"<{s.recipient}>: {s.diagnostic}" for s in statuses]
    return "\n".join(lines) + "\n"


def _status_part(reporting_mta: str, statuses: Sequence[RecipientStatus],
                 arrival: datetime) -> EmailMessage:
    """``message/delivery-status``: a per-message block, then per-recipient blocks."""
    per_message = EmailMessage(policy=email.policy.SMTP)
    per_message["Reporting-MTA"] = f"dns; {reporting_mta}"
    per_message["Arrival-Date"] = format_datetime(arrival)
    blocks = [per_message]
    for s in statuses:
        block = EmailMessage(policy=email.policy.SMTP)
        block["Final-Recipient"] = f"rfc822; {s.recipient}"
        block["Action"] = s.action
        block["Status"] = s.status
        if s.remote_mta:
            block["Remote-MTA"] = f"dns; {s.remote_mta}"
        block["Diagnostic-Code"] = f"smtp; {s.diagnostic}"
        blocks.append(block)
    part = EmailMessage(policy=email.policy.SMTP)
    part["Content-Type"] = "message/delivery-status"
    part.set_payload(blocks)  # type: ignore[arg-type]
    return part


def _headers_part(original: bytes) -> EmailMessage:
    headers = BytesHeaderParser(policy=email.policy.compat32).parsebytes(original)
    text = "".join(f"{name}: {value}\n" for name, value in headers.items())
    part = EmailMessage(policy=email.policy.SMTP)
    part.set_content(text, subtype="plain")
    part.replace_header("Content-Type", "text/rfc822-headers")
    return part
