"""A mail transfer agent: accepts mail over SMTP, queues it, delivers or forwards it.

The sender's mail server and the SMTP relay are both MTAs; they differ in what
they accept (submission with AUTH, trusted neighbours, local domains) and in
where they send (a smarthost, or the MX hosts DNS names). Relaying is allowed
only for authenticated submission or trusted clients — never an open relay.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mailsim.mail import prepend_header, received_header, summary, with_esmtp_protocol
from mailsim.network import Network
from mailsim.nodes.auth import AuthClient
from mailsim.nodes.base import Node
from mailsim.nodes.resolver import Resolver
from mailsim.nodes.smtp_sessions import SMTPClientSession, SMTPServerSession
from mailsim.protocols.dns import MailHost, MXFailure
from mailsim.protocols.mailstore import Mailbox
from mailsim.protocols.smtp import (
    ClientConfig,
    Envelope,
    Reply,
    ServerConfig,
    Transaction,
    TransactionResult,
)
from mailsim.protocols.smtp.codes import (
    MAILBOX_FULL,
    MAILBOX_FULL_TRANSIENT,
    OK_MAIL,
    OK_RCPT,
    queued,
    relay_denied,
    unknown_user,
)

SMTP_PORT = 25


@dataclass(slots=True)
class QueueEntry:
    """A message in the queue and the recipients it still has to reach."""

    queue_id: str
    message_id: str
    sender: str
    recipients: list[str]
    content: bytes
    subject: str = ""
    attempts: int = 0
    in_flight: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class MTAConfig:
    hostname: str
    start: datetime
    local_domains: tuple[str, ...] = ()
    smarthost: str | None = None
    trusted_clients: tuple[str, ...] = ()
    outbound_tls: str = "opportunistic"
    inbound_starttls: bool = False
    max_message_size: int = 10_240_000
    auth_server: tuple[str, int] | None = None
    over_quota: str = "temporary"


class MTA(Node):
    """Queue, route and deliver; also the SMTP policy for its server sessions."""

    role = "mta"

    def __init__(self, name: str, network: Network, rng: random.Random, config: MTAConfig,
                 *, resolver: Resolver | None, mailboxes: dict[str, Mailbox]) -> None:
        super().__init__(name, network, rng)
        self.config = config
        self.resolver = resolver
        self.mailboxes = mailboxes
        self.queue: dict[str, QueueEntry] = {}
        self.message_ids: dict[tuple[str, int], str] = {}  # (mailbox, uid) -> Message-ID
        smtp = ServerConfig(hostname=config.hostname, starttls=config.inbound_starttls,
                            max_message_size=config.max_message_size)
        network.listen(name, SMTP_PORT, "SMTP", lambda: SMTPServerSession(self, smtp))

    # --- time --------------------------------------------------------------

    def wall_clock(self) -> datetime:
        """The date a header shows for the current simulated instant."""
        return self.config.start + timedelta(microseconds=self.network.now)

    # --- SMTP policy -------------------------------------------------------

    def is_local(self, address: str) -> bool:
        return address.rsplit("@", 1)[-1].lower() in self.config.local_domains

    def check_sender(self, session: SMTPServerSession, sender: str) -> Reply:
        return OK_MAIL

    def quota_reply(self) -> Reply:
        """RFC 3463 X.2.2 "mailbox full": try later (452) or give up (552)."""
        return MAILBOX_FULL_TRANSIENT if self.config.over_quota == "temporary" else MAILBOX_FULL

    def check_recipient(self, session: SMTPServerSession, recipient: str) -> Reply:
        if self.is_local(recipient):
            mailbox = self.mailboxes.get(recipient.lower())
            if mailbox is None:
                return unknown_user(recipient)
            if session.declared_size is not None and not mailbox.fits(session.declared_size):
                self.state("over_quota", mailbox=mailbox.address, size=session.declared_size,
                           used=mailbox.size, quota=mailbox.quota)
                return self.quota_reply()  # RFC 1870 §6.1: refuse at RCPT when SIZE shows it
            return OK_RCPT
        if session.engine.authenticated_user or session.peer_host in self.config.trusted_clients:
            return OK_RCPT
        return relay_denied(recipient)

    def check_credentials(self, session: SMTPServerSession, username: str, password: str,
                          done: Callable[[bool], None]) -> None:
        self.authenticate(username, password, done, service="SMTP AUTH")

    def authenticate(self, username: str, password: str, done: Callable[[bool], None],
                     service: str = "") -> None:
        """Ask the authentication server (the article's login step)."""
        if self.config.auth_server is None:
            done(False)
            return
        host, port = self.config.auth_server

        def answered(ok: bool) -> None:
            self.state("login" if ok else "login_failed", user=username, service=service)
            done(ok)

        AuthClient(self, host, port, username, password, answered)

    def receive_message(self, session: SMTPServerSession, envelope: Envelope,
                        content: bytes) -> Reply:
        queue_id = self.token()
        peer = session.peer_host
        trace_header = received_header(
            from_helo=envelope.helo, from_host=peer, from_ip=self.network.hosts[peer].ip,
            by_host=self.config.hostname,
            protocol=with_esmtp_protocol(envelope.esmtp, envelope.tls, envelope.auth_user is not None),
            queue_id=queue_id,
            recipient=envelope.recipients[0] if len(envelope.recipients) == 1 else None,
            date=self.wall_clock(),
        )
        content = prepend_header(content, "Received", trace_header)
        if all(self._is_full(r, len(content)) for r in envelope.recipients):
            for recipient in envelope.recipients:
                mailbox = self.mailboxes[recipient.lower()]
                self.state("over_quota", mailbox=mailbox.address, size=len(content),
                           used=mailbox.size, quota=mailbox.quota)
            return self.quota_reply()
        info = summary(content)
        entry = QueueEntry(queue_id, info.message_id, envelope.sender,
                           list(envelope.recipients), content, info.subject)
        self.queue[queue_id] = entry
        self.state("queued", queue_id=queue_id, message_id=info.message_id,
                   sender=envelope.sender, recipients=list(envelope.recipients),
                   size=len(content), subject=info.subject, from_host=peer)
        self.after(self.processing, lambda: self.deliver(entry))
        return queued(queue_id)

    # --- delivery ----------------------------------------------------------

    def deliver(self, entry: QueueEntry) -> None:
        """Try every recipient not yet delivered and not already in flight."""
        entry.attempts += 1
        todo = [r for r in entry.recipients if r not in entry.in_flight]
        for recipient in [r for r in todo if self.is_local(r)]:
            self._deliver_local(entry, recipient)
        remote = [r for r in todo if not self.is_local(r)]
        if not remote:
            return
        entry.in_flight.update(remote)
        if self.config.smarthost is not None:
            hosts = [MailHost(self.config.smarthost, 0, self.network.hosts[self.config.smarthost].ip)]
            self._try_hosts(entry, remote, hosts)
            return
        by_domain: dict[str, list[str]] = {}
        for recipient in remote:
            by_domain.setdefault(recipient.rsplit("@", 1)[1], []).append(recipient)
        for domain, recipients in by_domain.items():
            self._route(entry, domain, recipients)

    def _route(self, entry: QueueEntry, domain: str, recipients: list[str]) -> None:
        assert self.resolver is not None

        def got_hosts(hosts: list[MailHost] | MXFailure) -> None:
            if isinstance(hosts, MXFailure):
                reply = Reply(550 if hosts.permanent else 451,
                              (f"{'5' if hosts.permanent else '4'}.4.4 {hosts.reason}",))
                self._settle(entry, recipients, reply, to_host=None)
            else:
                self._try_hosts(entry, recipients, hosts)

        self.resolver.mail_hosts(domain, got_hosts)

    def _try_hosts(self, entry: QueueEntry, recipients: list[str], hosts: Sequence[MailHost]) -> None:
        """Deliver to the first host that answers; on no answer, the next (MX failover)."""
        if not hosts:
            self._settle(entry, recipients, Reply(451, ("4.4.1 No answer from any mail host",)),
                         to_host=None)
            return
        first, rest = hosts[0], hosts[1:]

        def with_address(address: str | None) -> None:
            target = self._host_by_ip(address)
            if target is None:
                self._try_hosts(entry, recipients, rest)
                return
            self._open_session(entry, recipients, target, lambda: self._try_hosts(entry, recipients, rest))

        if self.resolver is None:
            with_address(first.address)
        else:
            self.resolver.address(first, with_address)

    def _host_by_ip(self, address: str | None) -> str | None:
        for name, info in self.network.hosts.items():
            if address is not None and info.ip == address:
                return name
        return None

    def _open_session(self, entry: QueueEntry, recipients: list[str], target: str,
                      no_answer: Callable[[], None]) -> None:
        config = ClientConfig(helo_name=self.config.hostname,
                              starttls=self.config.outbound_tls)  # type: ignore[arg-type]
        transaction = Transaction(entry.queue_id, entry.sender, tuple(recipients), entry.content)

        def result(outcome: TransactionResult) -> None:
            for recipient, reply in outcome.rcpt_replies:
                final = outcome.data_reply if reply.code < 400 and outcome.data_reply else reply
                self._settle(entry, [recipient], final, to_host=target)

        def failure(_: Sequence[Transaction], reason: str, reply: Reply | None) -> None:
            if reply is None:
                self.state("connection_failed", queue_id=entry.queue_id, host=target, reason=reason)
                no_answer()
                return
            self._settle(entry, recipients, reply, to_host=target)

        session = SMTPClientSession(config, [transaction], result, failure)
        self.network.connect(self.name, target, SMTP_PORT, session)

    def _is_full(self, recipient: str, size: int) -> bool:
        mailbox = self.mailboxes.get(recipient.lower()) if self.is_local(recipient) else None
        return mailbox is not None and not mailbox.fits(size)

    def _deliver_local(self, entry: QueueEntry, recipient: str) -> None:
        mailbox = self.mailboxes[recipient.lower()]
        content = prepend_header(entry.content, "Return-Path", f"<{entry.sender}>")
        if not mailbox.fits(len(content)):
            self.state("over_quota", mailbox=mailbox.address, size=len(content),
                       used=mailbox.size, quota=mailbox.quota)
            self._settle(entry, [recipient], self.quota_reply(), to_host=None)
            return
        stored = mailbox.store(content, entry.message_id, self.wall_clock())
        self.message_ids[(mailbox.address, stored.uid)] = entry.message_id
        self.state("stored", mailbox=mailbox.address, queue_id=entry.queue_id,
                   message_id=entry.message_id, uid=stored.uid, size=stored.size,
                   subject=entry.subject, sender=entry.sender)
        self._done_with(entry, recipient)

    def _settle(self, entry: QueueEntry, recipients: Sequence[str], reply: Reply,
                to_host: str | None) -> None:
        """Record what happened to ``recipients`` after one delivery attempt."""
        for recipient in recipients:
            entry.in_flight.discard(recipient)
        data = {"queue_id": entry.queue_id, "message_id": entry.message_id,
                "recipients": list(recipients), "reply": f"{reply.code} {reply.text}"}
        if 200 <= reply.code < 300:
            self.state("relayed", to_host=to_host, **data)
        elif 400 <= reply.code < 500:
            self.state("deferred", to_host=to_host, **data)
            return
        else:
            self.state("failed", to_host=to_host, **data)
        for recipient in recipients:
            self._done_with(entry, recipient)

    def _done_with(self, entry: QueueEntry, recipient: str) -> None:
        if recipient in entry.recipients:
            entry.recipients.remove(recipient)
        if not entry.recipients and entry.queue_id in self.queue:
            del self.queue[entry.queue_id]
            self.state("removed", queue_id=entry.queue_id, message_id=entry.message_id)
