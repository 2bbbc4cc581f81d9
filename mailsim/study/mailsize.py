"""How big each planned mail is in its recipient's mailbox, built by the real message code.

A mail of the plan reaches its mailbox as the line-level run writes it: the
sender's first device composes it (:func:`mailsim.mail.message.build_message`),
each server on the way prepends its ``Received:`` header (RFC 5321 §4.4) and the
last one ``Return-Path:``. Every part of it has a fixed width (Message-IDs,
queue IDs and dates are fixed-width fields), except what the plan varies: the
sender's device address (``10.0.0.1 + 4i``: 8 to 15 characters), the domains,
the subject's number and the body's lines. So the whole message is built once
per (device address width, sender domain, recipient domain) with the first
subject and one body line, and the rest is added: a Subject one digit longer
is one octet longer, each body line adds its octets with CRLF.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import formataddr
from ipaddress import IPv4Address
from typing import TYPE_CHECKING

from mailsim.mail.message import (
    build_message,
    make_message_id,
    prepend_header,
    received_header,
    with_esmtp_protocol,
)
from mailsim.scenario.mailplan import BODY_LINE, MailPlan, body_of, subject_of
from mailsim.scenario.workload import (
    RELAY_HOST,
    Workload,
    device_host,
    domain_name,
    mail_server_host,
    user_address,
    user_domain,
    user_local,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# As mailsim/scenario/expand.py numbers the devices (checked by the agreement test).
_DEVICE_NET = int(IPv4Address("10.0.0.1"))
_DEVICES_PER_USER = 4
TOKEN = "0" * 12  # a Message-ID token is 12 hex digits
QUEUE_ID = "0" * 10  # a queue ID is 10 hex digits
LINE_OCTETS = len(BODY_LINE) + 1  # its "\n" goes out as CRLF


def device_ip(user: int, device: int = 0) -> str:
    return str(IPv4Address(_DEVICE_NET + _DEVICES_PER_USER * user + device))


def delivered_message(workload: Workload, sender: int, recipient: int, subject: str, body: str,
                      when: datetime) -> bytes:
    """The mail as it is stored in the recipient's mailbox (ids and dates fixed-width dummies)."""
    s_domain, r_domain = user_domain(workload, sender), user_domain(workload, recipient)
    address, to = user_address(workload, sender), user_address(workload, recipient)
    device = device_host(workload, sender, 0)
    content = build_message(
        sender=formataddr((user_local(workload, sender), address)), recipients=[to],
        subject=subject, body=body, date=when,
        message_id=make_message_id(TOKEN, domain_name(s_domain)), eight_bit=True)
    # (helo and host, its address, the server) for each hop, first hop first.
    hops = [(device, device_ip(sender), mail_server_host(s_domain), True)]
    if s_domain != r_domain:
        hops += [(mail_server_host(s_domain), _server_ip(s_domain), RELAY_HOST, False),
                 (RELAY_HOST, _relay_ip(), mail_server_host(r_domain), False)]
    for host, ip, by, submission in hops:
        content = prepend_header(content, "Received", received_header(
            from_helo=host, from_host=host, from_ip=ip, by_host=by,
            protocol=with_esmtp_protocol(True, submission, submission), queue_id=QUEUE_ID,
            recipient=to, date=when))
    return prepend_header(content, "Return-Path", f"<{address}>")


def _server_ip(domain: int) -> str:
    return str(IPv4Address(int(IPv4Address("10.255.0.0")) + domain + 1))


def _relay_ip() -> str:
    return str(IPv4Address(int(IPv4Address("10.255.0.0")) + 512 + 1))


def header_octets(workload: Workload, sender: int, subject: str) -> int:
    """Its Subject and Message-ID fields and the blank line, as an IMAP listing sends them."""
    message_id = make_message_id(TOKEN, domain_name(user_domain(workload, sender)))
    return len(f"Subject: {subject}\r\nMessage-ID: {message_id}\r\n\r\n")


def plan_sizes(workload: Workload, plan: MailPlan, when: datetime,
               ) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Each planned mail's octets in its mailbox, and its listing header's octets."""
    import numpy as np

    domains = workload.domains
    widths = np.char.str_len(np.array([device_ip(i) for i in range(workload.users)]))
    # one shape per (device address width, sender domain, recipient domain): a small range
    key = key_of(plan, widths, domains)
    shapes = (int(widths.max()) + 1) * domains * domains if len(plan) else 0
    representative = np.full(shapes, -1, dtype=np.int64)
    representative[key[::-1]] = np.arange(len(plan) - 1, -1, -1)  # each shape's first mail
    base_of = np.zeros(shapes, dtype=np.int64)
    header_of = np.zeros(shapes, dtype=np.int64)
    first = subject_of(0)
    for shape in np.flatnonzero(representative >= 0).tolist():
        row = int(representative[shape])
        s, r = int(plan.sender[row]), int(plan.recipient[row])
        base_of[shape] = len(delivered_message(workload, s, r, first, body_of(1), when))
        header_of[shape] = header_octets(workload, s, first)
    # "Note 1" has a one-digit number; the number of mail n is n + 1.
    extra = _widths(plan.number.astype(np.int64) + 1) - 1
    lines = plan.body_lines.astype(np.int64) - 1
    size = (base_of[key] + extra + LINE_OCTETS * lines).astype(np.int32)
    return size, (header_of[key] + extra).astype(np.int32)


def key_of(plan: MailPlan, widths: NDArray[np.int64], domains: int) -> NDArray[np.int32]:
    """Each mail's shape (see :func:`plan_sizes`)."""
    import numpy as np

    shape: NDArray[np.int32] = ((widths.astype(np.int32)[plan.sender] * domains
                                 + plan.sender % domains) * domains + plan.recipient % domains)
    return shape


def _widths(values: NDArray[np.int64]) -> NDArray[np.int64]:
    from mailsim.study.sizes import digits

    return digits(values)
