"""The mail client (MUA) on a user's device: writes and submits mail, reads mail.

The device has its own store: what POP3 downloaded, or what the IMAP client
cached. Offline, it can open only those; everything else lives on the server.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr

from mailsim.mail.message import build_message, make_message_id, summary
from mailsim.nodes.base import Node
from mailsim.nodes.smtp_sessions import SMTPClientSession
from mailsim.protocols.smtp import ClientConfig, Reply, Transaction, TransactionResult
from mailsim.sim.network import MICROS, Network


@dataclass(frozen=True, slots=True)
class Account:
    """What the user typed into the mail client's account settings."""

    address: str
    password: str
    display_name: str | None
    server: str
    submission_port: int = 587
    starttls: bool = True
    auth_mechanism: str = "PLAIN"


@dataclass(frozen=True, slots=True)
class Incoming:
    """How this device reads mail, and where."""

    protocol: str = "imap"  # "pop3" or "imap"
    port: int = 143
    tls: str = "none"  # "none", "starttls" or "implicit" (then ``port`` is 995/993)
    leave_on_server: bool = False
    delete_after: float | None = None  # seconds
    cache: bool = False


@dataclass(slots=True)
class LocalMessage:
    """A message body on the device."""

    key: str  # POP3 UIDL, or the IMAP UID as text
    message_id: str
    subject: str
    content: bytes
    kept_at: float  # simulated seconds

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(slots=True)
class ListedMessage:
    """An entry of the IMAP message list: the body stays on the server."""

    uid: int
    message_id: str
    subject: str
    size: int
    flags: tuple[str, ...] = ()


# RFC 5321 §4.5.3.1.8: a server must take at least 100 recipients per message;
# more go into further transactions on the same connection (§4.5.3.1.10).
RECIPIENTS_PER_TRANSACTION = 100


def recipient_chunks(recipients: Sequence[str]) -> list[tuple[str, ...]]:
    size = RECIPIENTS_PER_TRANSACTION
    return [tuple(recipients[i:i + size]) for i in range(0, len(recipients), size)]


class MailClient(Node):
    role = "client"

    def __init__(self, name: str, network: Network, rng: random.Random, *,
                 account: Account, start: datetime, incoming: Incoming | None = None,
                 online: bool = True) -> None:
        super().__init__(name, network, rng)
        self.account = account
        self.start = start
        self.incoming = incoming or Incoming()
        self.online = online
        self.local: dict[str, LocalMessage] = {}
        self.listing: dict[int, ListedMessage] = {}
        self.sent: list[str] = []
        # POP3 clients remember every UIDL they took (even after the user deleted
        # the local copy), so leave-on-server mode never downloads twice.
        self.downloaded: dict[str, float] = {}

    @property
    def now_seconds(self) -> float:
        return self.network.now / MICROS

    # --- sending -------------------------------------------------------------

    def send(self, to: Sequence[str], cc: Sequence[str], subject: str, body: str) -> None:
        """Compose a message and submit it on the submission port."""
        account = self.account
        domain = account.address.rsplit("@", 1)[1]
        # formataddr quotes a name such as "Doe, John" (RFC 5322 §3.4).
        sender = formataddr((account.display_name or "", account.address))
        content = build_message(
            sender=sender, recipients=list(to), cc=list(cc), subject=subject, body=body,
            date=self.start + timedelta(microseconds=self.network.now),
            message_id=make_message_id(self.token(12).lower(), domain), eight_bit=True,
        )
        info = summary(content)
        recipients = (*to, *cc)
        self.state("composed", message_id=info.message_id, sender=account.address,
                   recipients=list(recipients), subject=subject, size=len(content))
        if not self.online:
            self.state("submission_failed", message_id=info.message_id, accepted=[],
                       reply="offline: the mail waits in the outbox")
            return
        config = ClientConfig(
            helo_name=self.name,
            starttls="required" if account.starttls else "never",
            credentials=(account.address, account.password),
            auth_mechanism=account.auth_mechanism,
        )
        transactions = [Transaction(f"{info.message_id}#{n}", account.address, chunk, content)
                        for n, chunk in enumerate(recipient_chunks(recipients))]

        def result(outcome: TransactionResult) -> None:
            reply = outcome.data_reply or outcome.mail_reply
            refused = [{"recipient": r, "reply": f"{rep.code} {rep.text}"}
                       for r, rep in outcome.failed]
            self.state("submitted" if outcome.delivered else "submission_failed",
                       message_id=info.message_id, accepted=list(outcome.delivered),
                       refused=refused, reply=f"{reply.code} {reply.text}")
            self.sent.append(info.message_id)

        def failure(_: Sequence[Transaction], reason: str, reply: Reply | None) -> None:
            self.state("submission_failed", message_id=info.message_id, accepted=[],
                       reply=f"{reply.code} {reply.text}" if reply else reason)

        session = SMTPClientSession(config, transactions, result, failure)
        self.network.connect(self.name, account.server, account.submission_port, session)

    # --- reading ---------------------------------------------------------------

    def check_mail(self) -> None:
        protocol = self.incoming.protocol.upper()
        if not self.online:
            self.state("check_failed", protocol=protocol, reason="offline")
            return
        if self.incoming.protocol == "pop3":
            from mailsim.nodes.pop3_reader import POP3Check

            POP3Check(self, self.incoming.port, stls=self.incoming.tls == "starttls",
                      implicit_tls=self.incoming.tls == "implicit")
        else:
            from mailsim.nodes.imap_reader import IMAPSync

            IMAPSync(self).check()

    def pick(self, choice: str | int) -> list[str]:
        """Message-IDs the user means by ``latest``, ``oldest``, ``all`` or a position."""
        if self.incoming.protocol == "imap":
            ordered = [m.message_id for _, m in sorted(self.listing.items())]
            ordered += [m.message_id for m in self.local.values() if m.message_id not in ordered]
        else:
            ordered = [m.message_id for m in sorted(self.local.values(), key=lambda m: m.kept_at)]
        if not ordered:
            return []
        if choice == "all":
            return ordered
        if choice == "latest":
            return ordered[-1:]
        if choice == "oldest":
            return ordered[:1]
        assert isinstance(choice, int)
        return ordered[choice - 1 : choice]

    def read(self, choice: str | int) -> None:
        targets = self.pick(choice)
        if not targets:
            self.state("read_failed", message_id="", reason="no message to open")
        for message_id in targets:
            self._read_one(message_id)

    def _read_one(self, message_id: str) -> None:
        copy = self._local_by_id(message_id)
        if self.incoming.protocol == "pop3" or copy is not None:
            if copy is None:
                self.state("read_failed", message_id=message_id, reason="not on this device")
                return
            source = "local" if self.incoming.protocol == "pop3" else "cache"
            self.state("read", message_id=message_id, subject=copy.subject, source=source)
            listed = self.listing.get(int(copy.key)) if source == "cache" else None
            if listed is not None and "\\Seen" not in listed.flags and self.online:
                from mailsim.nodes.imap_reader import IMAPSync

                IMAPSync(self).mark_seen(listed.uid)  # tell the server, so other devices know
            return
        if not self.online:
            self.state("read_failed", message_id=message_id,
                       reason="offline: the message is only on the server")
            return
        from mailsim.nodes.imap_reader import IMAPSync

        IMAPSync(self).read(message_id)

    def delete(self, choice: str | int) -> None:
        for message_id in self.pick(choice):
            copy = self._local_by_id(message_id)
            if self.incoming.protocol == "pop3":
                if copy is not None:
                    del self.local[copy.key]
                    self.state("local_deleted", message_id=message_id)
            elif not self.online:
                self.state("read_failed", message_id=message_id,
                           reason="offline: cannot delete on the server")
            else:
                from mailsim.nodes.imap_reader import IMAPSync

                IMAPSync(self).delete(message_id)

    def go_offline(self) -> None:
        self.online = False
        self.state("offline")

    def go_online(self) -> None:
        self.online = True
        self.state("online")

    # --- the local store (used by the POP3 and IMAP sessions) -------------------

    def has_uidl(self, uidl: str) -> bool:
        return uidl in self.downloaded

    def keep_download(self, uidl: str, content: bytes) -> None:
        info = summary(content)
        self.local[uidl] = LocalMessage(uidl, info.message_id, info.subject, content,
                                        self.now_seconds)
        self.downloaded[uidl] = self.now_seconds
        self.state("downloaded", mailbox=self.account.address, uid=uidl,
                   message_id=info.message_id, size=len(content), subject=info.subject)

    def keep_cached(self, uid: int, content: bytes) -> None:
        info = summary(content)
        self.local[str(uid)] = LocalMessage(str(uid), info.message_id, info.subject, content,
                                            self.now_seconds)
        self.state("cached", mailbox=self.account.address, uid=uid,
                   message_id=info.message_id, size=len(content), subject=info.subject)

    def update_listing(self, listing: dict[int, ListedMessage]) -> None:
        """The IMAP message list as the server showed it; drop cached copies of
        messages that are gone from the server."""
        self.listing = listing
        for key in [k for k in self.local if int(k) not in listing]:
            gone = self.local.pop(key)
            self.state("local_deleted", message_id=gone.message_id)
        self._report_listing()

    def _report_listing(self) -> None:
        self.state("synced", mailbox=self.account.address, messages=[
            {"uid": m.uid, "message_id": m.message_id, "size": m.size, "subject": m.subject,
             "flags": list(m.flags)}
            for _, m in sorted(self.listing.items())
        ])

    def uid_of(self, message_id: str) -> int | None:
        return next((uid for uid, m in self.listing.items() if m.message_id == message_id), None)

    def opened_from_server(self, uid: int, body: bytes) -> None:
        info = summary(body)
        self.state("read", message_id=info.message_id, subject=info.subject, source="server")
        listed = self.listing.get(uid)
        if listed is not None and "\\Seen" not in listed.flags:
            listed.flags = (*listed.flags, "\\Seen")
        if self.incoming.cache and str(uid) not in self.local:
            self.keep_cached(uid, body)

    def mark_seen_locally(self, uid: int) -> None:
        listed = self.listing.get(uid)
        if listed is not None and "\\Seen" not in listed.flags:
            listed.flags = (*listed.flags, "\\Seen")

    def forget_uid(self, uid: int) -> None:
        """A message this device deleted on the server (IMAP EXPUNGE)."""
        listed = self.listing.pop(uid, None)
        copy = self.local.pop(str(uid), None)
        message_id = listed.message_id if listed else copy.message_id if copy else ""
        self.state("local_deleted", message_id=message_id)
        self._report_listing()

    def uidls_older_than(self, age: float) -> list[str]:
        """POP3 leave-on-server: the server copies old enough to delete now."""
        limit = self.now_seconds - age
        return [uidl for uidl, when in self.downloaded.items() if when <= limit]

    def _local_by_id(self, message_id: str) -> LocalMessage | None:
        return next((m for m in self.local.values() if m.message_id == message_id), None)
