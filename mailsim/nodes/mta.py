"""A mail transfer agent: accepts mail over SMTP and queues it.

The sender's mail server and the SMTP relay are both MTAs; they differ in what
they accept (submission with AUTH, trusted neighbours, local domains) and in
where they send (a smarthost, or the MX hosts DNS names). Relaying is allowed
only for authenticated submission or trusted clients — never an open relay.
Taking mail out of the queue is :mod:`mailsim.nodes.delivery`'s job.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime

from mailsim.mail.auth_results import MethodResult, authentication_results
from mailsim.mail.message import prepend_header, received_header, summary, with_esmtp_protocol
from mailsim.nodes.auth import AuthClient
from mailsim.nodes.base import Node
from mailsim.nodes.delivery import QueueRunner
from mailsim.nodes.message_checks import (
    DKIMSigning,
    InboundChecks,
    check_message,
    modify_message,
    sign_submission,
)
from mailsim.nodes.pop_relay import PopBeforeSMTP
from mailsim.nodes.queue import QueueEntry, RetryPolicy
from mailsim.nodes.reply_faults import ReplyFault
from mailsim.nodes.resolver import Resolver
from mailsim.nodes.sender_checks import check_spf
from mailsim.nodes.smtp_sessions import SMTPServerSession
from mailsim.protocols.mailstore import Mailbox
from mailsim.protocols.smtp import Envelope, Reply, ServerConfig
from mailsim.protocols.smtp.codes import (
    MAILBOX_FULL,
    MAILBOX_FULL_TRANSIENT,
    OK_MAIL,
    OK_RCPT,
    queued,
    relay_denied,
    unknown_user,
)
from mailsim.protocols.smtp.commands import mailbox_key
from mailsim.sim.network import Network
from mailsim.trace.states import (
    FaultReply,
    Login,
    LoginFailed,
    LoginOutcome,
    LoginUnavailable,
    OverQuota,
    Stored,
)

SMTP_PORT = 25
# RFC 5321 §6.3: count Received: fields to catch loops, with a threshold of at least 100.
MAX_HOPS = 100
TOO_MANY_HOPS = Reply(554, ("5.4.6 Too many hops: a mail loop?",))


@dataclass(frozen=True, slots=True)
class MTAConfig:
    hostname: str
    start: datetime
    local_domains: tuple[str, ...] = ()
    smarthost: str | None = None
    trusted_clients: tuple[str, ...] = ()
    relay_domains: tuple[str, ...] = ()
    outbound_tls: str = "opportunistic"
    inbound_starttls: bool = False
    max_message_size: int = 10_240_000
    auth_server: tuple[str, int] | None = None
    over_quota: str = "temporary"
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    checks: InboundChecks | None = None  # what it checks of mail arriving on port 25
    dkim: DKIMSigning | None = None  # how it signs its users' mail
    modify: tuple[str | None, str | None] | None = None  # (footer, subject tag) it adds


class MTA(Node):
    """Queue, route and deliver; also the SMTP policy for its server sessions."""

    role = "mta"
    pop_relay: PopBeforeSMTP | None = None  # a mail server's POP before SMTP (pop_relay.py)

    def __init__(self, name: str, network: Network, rng: random.Random, config: MTAConfig,
                 *, resolver: Resolver | None, mailboxes: dict[str, Mailbox],
                 faults: list[ReplyFault] | None = None) -> None:
        super().__init__(name, network, rng)
        self.config = config
        self.resolver = resolver
        self.mailboxes = mailboxes
        self.faults = faults or []
        self.runner = QueueRunner(self)
        self.message_ids: dict[tuple[str, int], str] = {}  # (mailbox, uid) -> Message-ID
        smtp = ServerConfig(hostname=config.hostname, starttls=config.inbound_starttls,
                            max_message_size=config.max_message_size)
        network.listen(name, SMTP_PORT, "SMTP", lambda: SMTPServerSession(self, smtp))

    def fault_reply(self, command: str) -> Reply | None:
        """The reply a scenario fault imposes on ``command`` now, if any."""
        for fault in self.faults:
            if fault.fires(command, self.network.now):
                self.record(FaultReply(command=command,
                                       reply=f"{fault.reply.code} {fault.reply.text}"))
                return fault.reply
        return None

    # --- time --------------------------------------------------------------

    def wall_clock(self, micros: int | None = None) -> datetime:
        """The date a header shows for a simulated instant (now by default)."""
        return self.config.start + timedelta(
            microseconds=self.network.now if micros is None else micros)

    # --- SMTP policy -------------------------------------------------------

    def _one_per_mailbox(self, recipients: Sequence[str]) -> list[str]:
        """Recipients that are one mailbox here (Bob@ and bob@: local parts are looked
        up in any case) queue once, as Postfix eliminates duplicates, so the mailbox
        gets one copy and quotas and bounces count it once; others stay as written."""
        seen: dict[object, str] = {}
        for recipient in recipients:
            local = self.is_local(recipient) and recipient.lower() in self.mailboxes
            seen.setdefault(recipient.lower() if local else mailbox_key(recipient), recipient)
        return list(seen.values())

    def is_local(self, address: str) -> bool:
        return address.rsplit("@", 1)[-1].lower() in self.config.local_domains

    def check_connect(self, session: SMTPServerSession) -> Reply | None:
        return self.fault_reply("connect")

    def check_sender(self, session: SMTPServerSession, sender: str) -> Reply | None:
        fault = self.fault_reply("mail")
        if fault is not None:
            return fault
        settings = self.config.checks.spf if self.config.checks is not None else None
        engine = session.engine
        if (settings is None or self.resolver is None or engine.config.submission
                or engine.authenticated_user):
            return OK_MAIL  # SPF is about mail between servers, not a user's submission
        check_spf(self, session, sender, settings)
        return None  # answered when the check's DNS lookups are done

    def quota_reply(self) -> Reply:
        """RFC 3463 X.2.2 "mailbox full": try later (452) or give up (552)."""
        return MAILBOX_FULL_TRANSIENT if self.config.over_quota == "temporary" else MAILBOX_FULL

    def check_recipient(self, session: SMTPServerSession, recipient: str) -> Reply:
        fault = self.fault_reply("rcpt")
        if fault is not None:
            return fault
        if self.is_local(recipient):
            mailbox = self.mailboxes.get(recipient.lower())
            if mailbox is None:
                return unknown_user(recipient)
            if session.declared_size is not None and not mailbox.fits(session.declared_size):
                self._over_quota(mailbox, session.declared_size)
                return self.quota_reply()  # RFC 1870 §6.1: refuse at RCPT when SIZE shows it
            return OK_RCPT
        if session.engine.authenticated_user or session.peer_host in self.config.trusted_clients:
            return OK_RCPT
        if recipient.rsplit("@", 1)[-1].lower() in self.config.relay_domains:
            return OK_RCPT  # a backup MX takes mail for the domains it backs up
        if self.pop_relay is not None and self.pop_relay.allows(self, session.peer_host, recipient):
            return OK_RCPT  # POP before SMTP: its address logged in with POP3 a moment ago
        return relay_denied(recipient)

    def check_credentials(self, session: SMTPServerSession, username: str, password: str,
                          done: Callable[[bool | None], None]) -> None:
        self.authenticate(username, password, done, service="SMTP AUTH")

    def authenticate(self, username: str, password: str, done: Callable[[bool | None], None],
                     service: str = "") -> None:
        """Ask the authentication server (the article's login step).

        ``done`` hears True, False, or None when the server could not be asked.
        """
        if self.config.auth_server is None:
            done(False)
            return
        host, port = self.config.auth_server

        def answered(ok: bool | None) -> None:
            outcome: type[LoginOutcome] = {
                True: Login, False: LoginFailed, None: LoginUnavailable}[ok]
            self.record(outcome(user=username, service=service))
            done(ok)

        AuthClient(self, host, port, username, password, answered)

    def receive_message(self, session: SMTPServerSession, envelope: Envelope,
                        content: bytes) -> Reply | None:
        fault = self.fault_reply("data")
        if fault is not None:
            return fault
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
        engine = session.engine
        from_user = engine.config.submission or engine.authenticated_user is not None
        if from_user and self.config.dkim is not None:
            content = sign_submission(self, self.config.dkim, content, summary(content).message_id)
        if self.config.modify is not None and not from_user:
            content = modify_message(self, content, queue_id, *self.config.modify)
        checks = self.config.checks
        if checks is not None and not from_user and (checks.dkim or checks.dmarc):
            def checked(content: bytes, folder: str | None, refusal: Reply | None) -> None:
                session.answer(refusal or self._accept(envelope, content, queue_id, peer, folder))

            check_message(self, session, checks, content, checked)
            return None  # answered when the DNS lookups of the checks are done
        if session.spf is not None:  # RFC 8601: what this server checked, above its Received:
            spf = session.spf
            content = prepend_header(content, "Authentication-Results", authentication_results(
                self.config.hostname, [MethodResult("spf", spf.result, spf.domain,
                                                    f"{session.spf_ip} {spf.result}")]))
        return self._accept(envelope, content, queue_id, peer)

    @property
    def hostname(self) -> str:
        return self.config.hostname

    def address_of(self, host: str) -> str:
        return str(self.network.hosts[host].ip)

    def _accept(self, envelope: Envelope, content: bytes, queue_id: str, peer: str,
                folder: str | None = None) -> Reply:
        """Queue the mail (to be filed in ``folder`` here), or the reply that refuses it."""
        recipients = self._one_per_mailbox(envelope.recipients)
        if all(self._is_full(r, len(content)) for r in recipients):
            for recipient in recipients:
                mailbox = self.mailboxes[recipient.lower()]
                self._over_quota(mailbox, len(content))
            return self.quota_reply()
        info = summary(content)
        if info.received_count > MAX_HOPS:
            return TOO_MANY_HOPS
        entry = QueueEntry(queue_id, info.message_id, envelope.sender, recipients,
                           content, self.network.now, info.subject, folder=folder)
        self.runner.add(entry, from_host=peer)
        return queued(queue_id)

    # --- delivery (see delivery.py) ------------------------------------------

    @property
    def queue(self) -> dict[str, QueueEntry]:
        return self.runner.queue

    def deliver_local(self, entry: QueueEntry, recipient: str) -> Reply | None:
        """Final delivery into a mailbox here (step 5 of the article's route).

        Returns None once the message is stored, or the reply that refuses it;
        the queue runner settles the recipient from that.
        """
        mailbox = self.mailboxes[recipient.lower()]
        content = prepend_header(entry.content, "Return-Path", f"<{entry.sender}>")
        if not mailbox.fits(len(content)):
            self._over_quota(mailbox, len(content))
            return self.quota_reply()
        box = self.folder_box(recipient, entry.folder) if entry.folder else mailbox
        stored = box.store(content, entry.message_id, self.wall_clock())
        if box is mailbox:
            self.message_ids[(mailbox.address, stored.uid)] = entry.message_id
        self.record(Stored(mailbox=mailbox.address, queue_id=entry.queue_id,
                           message_id=entry.message_id, uid=stored.uid, size=stored.size,
                           subject=entry.subject, sender=entry.sender,
                           folder=None if box is mailbox else box.name))
        return None

    def folder_box(self, recipient: str, folder: str) -> Mailbox:
        """The user's ``folder`` (an MTA keeps INBOX only; a mail server has folders)."""
        return self.mailboxes[recipient.lower()]

    def _over_quota(self, mailbox: Mailbox, size: int) -> None:
        """Report that ``size`` more octets do not fit ``mailbox`` (so it has a quota)."""
        assert mailbox.quota is not None
        self.record(OverQuota(mailbox=mailbox.address, size=size, used=mailbox.used,
                              quota=mailbox.quota))

    def _is_full(self, recipient: str, size: int) -> bool:
        mailbox = self.mailboxes.get(recipient.lower()) if self.is_local(recipient) else None
        return mailbox is not None and not mailbox.fits(size)

    def local_received(self) -> str:
        """The trace header for mail this server writes itself (a bounce)."""
        return f"by {self.config.hostname} (mailsim); {format_datetime(self.wall_clock())}"
