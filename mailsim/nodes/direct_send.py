"""Sending the way a spam bot does: straight to the recipient's MX on port 25.

A mail client normally hands its mail to its own server on the submission port
(587, with AUTH: RFC 6409). Malware on a home PC skips that: it asks DNS for the
recipient domain's MX, connects to it on port 25 and talks SMTP without logging in,
as one MTA to another (RFC 5321 §5.1). That is what an ISP's OP25B blocks
(:mod:`mailsim.sim.port_blocks`). A bot does not queue: it tries the best MX once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mailsim.nodes.base import Node
from mailsim.nodes.resolver import Resolver
from mailsim.nodes.smtp_sessions import SMTPClientSession, recipient_chunks
from mailsim.protocols.dns import MailHost, MXFailure
from mailsim.protocols.smtp import ClientConfig, Reply, Transaction, TransactionResult

SMTP_PORT = 25
Result = Callable[[TransactionResult], None]
Failure = Callable[[Sequence[Transaction], str, Reply | None], None]


def send_direct(node: Node, resolver: Resolver, message_id: str, sender: str,
                recipients: Sequence[str], content: bytes, result: Result,
                failure: Failure) -> None:
    """Deliver ``content`` to each recipient domain's best MX on port 25, without AUTH."""
    by_domain: dict[str, list[str]] = {}
    for recipient in recipients:
        by_domain.setdefault(recipient.rsplit("@", 1)[1].lower(), []).append(recipient)
    for domain, chunk in by_domain.items():
        transactions = [Transaction(f"{message_id}#{domain}#{n}", sender, part, content)
                        for n, part in enumerate(recipient_chunks(chunk))]

        def got_hosts(hosts: list[MailHost] | MXFailure, transactions: list[Transaction] = transactions,
                      domain: str = domain) -> None:
            if isinstance(hosts, MXFailure) or not hosts:
                reason = hosts.reason if isinstance(hosts, MXFailure) else "no MX host"
                failure(transactions, f"no mail host for {domain}: {reason}", None)
                return
            resolver.address(hosts[0], lambda address: connect(address, transactions))

        def connect(address: str | None, transactions: list[Transaction]) -> None:
            target = next((n for n, h in node.network.hosts.items() if h.ip == address), None)
            if target is None:
                failure(transactions, f"no host has the address {address}", None)
                return
            config = ClientConfig(helo_name=node.name, starttls="never")
            node.network.connect(node.name, target, SMTP_PORT,
                                 SMTPClientSession(config, transactions, result, failure))

        resolver.mail_hosts(domain, got_hosts)
