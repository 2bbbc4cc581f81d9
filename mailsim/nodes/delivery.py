"""Taking mail out of an MTA's queue: route, deliver, retry, or bounce.

Per recipient, an attempt ends in one of three ways: delivered (stored here
or accepted by the next hop), deferred (a 4xx, no answer, a DNS failure: it
stays queued and is retried with backoff), or failed (a 5xx, NXDOMAIN, or too
old: the sender gets a delivery status notification, RFC 3464). Nothing is
dropped silently, so every accepted message is delivered, bounced or still
queued when the run ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mailsim.mail.dsn import RecipientStatus, build_dsn, status_code
from mailsim.mail.message import make_message_id, prepend_header, summary
from mailsim.nodes.queue import QueueEntry, QueueOwner, RetryPolicy
from mailsim.nodes.smtp_sessions import SMTPClientSession, recipient_chunks
from mailsim.protocols.dns import MailHost, MXFailure
from mailsim.protocols.smtp import ClientConfig, Reply, Transaction, TransactionResult
from mailsim.sim.network import seconds
from mailsim.trace.states import (
    AttemptOutcome,
    Bounced,
    ConnectionFailed,
    Deferred,
    DelayNotice,
    Discarded,
    Expired,
    Failed,
    Notice,
    Queued,
    Relayed,
    Removed,
    Retry,
    RetryScheduled,
)

SMTP_PORT = 25
NO_ANSWER = Reply(451, ("4.4.1 No answer from any mail host",))
NO_REPLY = Reply(451, ("4.4.2 The session ended before the server answered",))
EXPIRED = "4.4.7"  # RFC 3463: delivery time expired


class QueueRunner:
    """The delivery side of an MTA (Postfix's qmgr and smtp client in one)."""

    def __init__(self, mta: QueueOwner) -> None:
        self.mta = mta
        self.queue: dict[str, QueueEntry] = {}

    @property
    def policy(self) -> RetryPolicy:
        return self.mta.config.retry

    def add(self, entry: QueueEntry, *, from_host: str, notice_of: str | None = None) -> None:
        """Put a message in the queue and start its first attempt.

        ``from_host`` handed it over; ``notice_of`` names the message a bounce is about.
        """
        self.queue[entry.queue_id] = entry
        self.mta.record(Queued(queue_id=entry.queue_id, message_id=entry.message_id,
                               sender=entry.sender, recipients=tuple(entry.recipients),
                               size=len(entry.content), subject=entry.subject,
                               from_host=from_host, notice_of=notice_of))
        self.mta.after(self.mta.processing, lambda: self.attempt(entry))

    # --- one attempt -------------------------------------------------------------

    def attempt(self, entry: QueueEntry) -> None:
        """Try every recipient not yet done and not in flight."""
        network = self.mta.network
        if not network.outages.host_up(self.mta.name, network.now):
            back = network.outages.host_back_at(self.mta.name, network.now)
            if back is not None:  # a host that is down does nothing; its queue is on disk
                network.after(back - network.now, lambda: self.attempt(entry))
            return
        entry.retry_at = None
        entry.attempts += 1
        if entry.attempts > 1:
            self.mta.record(Retry(queue_id=entry.queue_id, message_id=entry.message_id,
                                  attempt=entry.attempts, recipients=tuple(entry.recipients)))
        todo = [r for r in entry.recipients if r not in entry.in_flight]
        entry.deferred = {r: reply for r, reply in entry.deferred.items() if r not in todo}
        entry.in_flight.update(todo)
        for recipient in [r for r in todo if self.mta.is_local(r)]:
            refusal = self.mta.deliver_local(entry, recipient)
            if refusal is None:
                self.done_with(entry, recipient)
            else:
                self.settle(entry, [recipient], refusal, to_host=None)
        remote = [r for r in todo if not self.mta.is_local(r)]
        smarthost = self.mta.config.smarthost
        if smarthost is not None and remote:
            self._try_hosts(entry, remote, [MailHost(smarthost, 0, network.hosts[smarthost].ip)])
        else:
            by_domain: dict[str, list[str]] = {}
            for recipient in remote:
                by_domain.setdefault(recipient.rsplit("@", 1)[1], []).append(recipient)
            for domain, recipients in by_domain.items():
                self._route(entry, domain, recipients)
        self._after_attempt(entry)

    def _route(self, entry: QueueEntry, domain: str, recipients: list[str]) -> None:
        resolver = self.mta.resolver
        assert resolver is not None

        def got_hosts(hosts: list[MailHost] | MXFailure) -> None:
            if isinstance(hosts, MXFailure):
                reply = (Reply(550, (f"5.4.4 Host or domain name not found: {hosts.reason}",))
                         if hosts.permanent else
                         Reply(451, (f"4.4.3 Temporary DNS failure: {hosts.reason}",)))
                self.settle(entry, recipients, reply, to_host=None)
            elif not (better := self._better_than_me(hosts)):
                # Only this server or worse ones are listed: delivering would loop.
                self.settle(entry, recipients, Reply(554, (
                    f"5.4.6 mail for {domain} loops back to myself",)), to_host=None)
            else:
                self._try_hosts(entry, recipients, better)

        resolver.mail_hosts(domain, got_hosts)

    def _better_than_me(self, hosts: list[MailHost]) -> list[MailHost]:
        """RFC 5321 §5.1: an MTA in the MX list drops itself and every MX not
        better than itself, so a backup MX hands mail only to the primary."""
        mine = [h.preference for h in hosts if h.hostname.rstrip(".") == self.mta.config.hostname]
        return [h for h in hosts if h.preference < min(mine)] if mine else hosts

    def _try_hosts(self, entry: QueueEntry, recipients: list[str], hosts: Sequence[MailHost]) -> None:
        """Deliver to the first host that answers; if none does, the next (MX failover)."""
        if not hosts:
            self.settle(entry, recipients, NO_ANSWER, to_host=None)
            return
        first, rest = hosts[0], hosts[1:]

        def with_address(address: str | None) -> None:
            target = next((n for n, h in self.mta.network.hosts.items() if h.ip == address), None)
            if target is None:
                self._try_hosts(entry, recipients, rest)
            else:
                self._open_session(entry, recipients, target,
                                   lambda: self._try_hosts(entry, recipients, rest))

        if self.mta.resolver is None:
            with_address(first.address)
        else:
            self.mta.resolver.address(first, with_address)

    def _open_session(self, entry: QueueEntry, recipients: list[str], target: str,
                      no_answer: Callable[[], None]) -> None:
        config = ClientConfig(helo_name=self.mta.config.hostname,
                              starttls=self.mta.config.outbound_tls)  # type: ignore[arg-type]
        transactions = [Transaction(f"{entry.queue_id}#{n}", entry.sender, chunk, entry.content)
                        for n, chunk in enumerate(recipient_chunks(recipients))]

        def result(outcome: TransactionResult) -> None:
            chunk = outcome.transaction.recipients
            if outcome.mail_reply.code >= 400:  # MAIL FROM refused: no RCPT was even asked
                self.settle(entry, chunk, outcome.mail_reply, to_host=target)
                return
            answered = dict(outcome.rcpt_replies)
            for recipient in chunk:
                reply = answered.get(recipient, NO_REPLY)
                if reply.code < 400:  # accepted at RCPT: the reply to the data decides
                    reply = outcome.data_reply or NO_REPLY
                self.settle(entry, [recipient], reply, to_host=target)

        def failure(pending: Sequence[Transaction], reason: str, reply: Reply | None) -> None:
            left = [r for t in pending for r in t.recipients]
            if reply is None and len(left) == len(recipients):  # nobody answered at all
                self.mta.record(ConnectionFailed(queue_id=entry.queue_id, host=target,
                                                 reason=reason))
                no_answer()
            else:
                self.settle(entry, left, reply or NO_REPLY, to_host=target)

        session = SMTPClientSession(config, transactions, result, failure)
        self.mta.network.connect(self.mta.name, target, SMTP_PORT, session,
                                 timeout=self.policy.connect_timeout)

    # --- outcomes ------------------------------------------------------------------

    def settle(self, entry: QueueEntry, recipients: Sequence[str], reply: Reply,
               to_host: str | None) -> None:
        """Record what one attempt did for ``recipients``: the reply code picks the outcome."""
        outcome: type[AttemptOutcome] = (
            Relayed if 200 <= reply.code < 300 else Deferred if 400 <= reply.code < 500
            else Failed)
        self.mta.record(outcome(to_host=to_host, queue_id=entry.queue_id,
                                message_id=entry.message_id, recipients=tuple(recipients),
                                reply=f"{reply.code} {reply.text}"))
        for recipient in recipients:
            entry.in_flight.discard(recipient)
        if outcome is Relayed:
            for recipient in recipients:
                self.done_with(entry, recipient)
        elif outcome is Deferred:
            entry.deferred.update((r, reply) for r in recipients)
        else:
            diagnostic = f"{reply.code} {reply.text}"
            entry.failed += [RecipientStatus(r, "failed", status_code(diagnostic, "5.0.0"),
                                             diagnostic, to_host) for r in recipients]
            for recipient in recipients:
                entry.recipients.remove(recipient)
        self._after_attempt(entry)

    def done_with(self, entry: QueueEntry, recipient: str) -> None:
        if recipient in entry.recipients:
            entry.recipients.remove(recipient)
        entry.in_flight.discard(recipient)

    def _after_attempt(self, entry: QueueEntry) -> None:
        """Once nothing is in flight: bounce what failed, schedule what waits, or finish."""
        if entry.in_flight or entry.queue_id not in self.queue:
            return
        now = self.mta.network.now
        if entry.recipients and now - entry.arrived >= self.policy.lifetime:
            for r in entry.recipients:
                last = entry.deferred.get(r)
                diagnostic = f"{last.code} {last.text}" if last else "message expired in the queue"
                # Like Postfix: the status of the last deferral, or 4.4.7 (RFC 3463).
                entry.failed.append(RecipientStatus(r, "failed", status_code(diagnostic, EXPIRED),
                                                    diagnostic))
            self.mta.record(Expired(queue_id=entry.queue_id, message_id=entry.message_id,
                                    recipients=tuple(entry.recipients)))
            entry.recipients.clear()
        if entry.failed:
            self.bounce(entry, entry.failed)
            entry.failed = []
        if not entry.recipients:
            del self.queue[entry.queue_id]
            self.mta.record(Removed(queue_id=entry.queue_id, message_id=entry.message_id))
            return
        self._warn_if_late(entry, now)
        if entry.retry_at is None:
            wait = min(self.policy.wait_after(entry.attempts),
                       entry.arrived + self.policy.lifetime - now)
            entry.retry_at = now + wait
            self.mta.record(RetryScheduled(queue_id=entry.queue_id,
                                           message_id=entry.message_id,
                                           at=seconds(entry.retry_at),
                                           attempt=entry.attempts + 1,
                                           recipients=tuple(entry.recipients)))
            self.mta.after(wait, lambda: self.attempt(entry))

    def _warn_if_late(self, entry: QueueEntry, now: int) -> None:
        warning = self.policy.delay_warning
        if warning is None or entry.warned or entry.is_bounce or now - entry.arrived < warning:
            return
        entry.warned = True
        statuses = [RecipientStatus(r, "delayed", status_code(f"{e.code} {e.text}", "4.0.0"),
                                    f"{e.code} {e.text}") for r, e in entry.deferred.items()]
        self._notify(entry, statuses, DelayNotice)

    def bounce(self, entry: QueueEntry, statuses: Sequence[RecipientStatus]) -> None:
        """Return the message to its sender as a DSN, sent with ``MAIL FROM:<>``.

        A bounce is never bounced (RFC 5321 §4.5.5): it is discarded instead.
        """
        if entry.is_bounce:
            self.mta.record(Discarded(
                queue_id=entry.queue_id, message_id=entry.message_id,
                recipients=tuple(s.recipient for s in statuses),
                reason="a bounce that cannot be delivered is not bounced again"))
            return
        self._notify(entry, statuses, Bounced)

    def _notify(self, entry: QueueEntry, statuses: Sequence[RecipientStatus],
                kind: type[Notice]) -> None:
        mta = self.mta
        notice_id = make_message_id(mta.token(12).lower(), mta.config.hostname)
        content = build_dsn(
            reporting_mta=mta.config.hostname, original=entry.content,
            original_sender=entry.sender, statuses=statuses, date=mta.wall_clock(),
            message_id=notice_id, arrival=mta.wall_clock(entry.arrived),
        )
        mta.record(kind(queue_id=entry.queue_id, message_id=entry.message_id,
                        recipients=tuple(s.recipient for s in statuses), notice_id=notice_id,
                        reply="; ".join(s.diagnostic for s in statuses)))
        notice = QueueEntry(mta.token(), notice_id, "", [entry.sender],
                            prepend_header(content, "Received", mta.local_received()),
                            mta.network.now, summary(content).subject)
        self.add(notice, from_host=mta.name, notice_of=entry.message_id)
