"""The mail client (MUA) on a user's device: writes and submits mail, reads mail.

The device has its own store: what POP3 downloaded, or what the IMAP client
cached. Offline, it can open only those; everything else lives on the server.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr

from mailsim.mail.message import build_message, make_message_id, summary
from mailsim.nodes.base import Node
from mailsim.nodes.direct_send import send_direct
from mailsim.nodes.imap_reader import IMAPReader
from mailsim.nodes.pop3_reader import POP3Reader

# Incoming and the message types live with the readers; the scenario builder
# names Incoming from here, with the account.
from mailsim.nodes.reading import Device, ListedMessage, LocalMessage, Reader
from mailsim.nodes.reading import Incoming as Incoming
from mailsim.nodes.resolver import Resolver
from mailsim.nodes.smtp_sessions import SMTPClientSession, recipient_chunks
from mailsim.protocols.smtp import ClientConfig, Reply, Transaction, TransactionResult
from mailsim.protocols.smtp.commands import mailbox_key
from mailsim.sim.network import MICROS, Network
from mailsim.trace.states import (
    CheckFailed,
    Composed,
    DuplicateRecipient,
    Offline,
    Online,
    ReadFailed,
    Refusal,
    SubmissionFailed,
    Submitted,
)


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
    auth: bool = True  # False: send without a password, as before SMTP AUTH (POP before SMTP)
    outgoing_server: str | None = None  # where it sends, when not ``server``


def one_per_mailbox(addresses: Sequence[str]) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """Each mailbox once, as first written (RFC 5321 §2.4: the domain in any case),
    and every repeat with the spelling it repeats."""
    first: dict[tuple[str, str], str] = {}
    repeats: list[tuple[str, str]] = []
    for address in addresses:
        key = mailbox_key(address)
        if key in first:
            repeats.append((address, first[key]))
        else:
            first[key] = address
    return tuple(first.values()), repeats


# One reader per retrieval protocol: the client picks its reader here, once.
READERS: dict[str, Callable[[Device], Reader]] = {"pop3": POP3Reader, "imap": IMAPReader}


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
        self.listing: dict[int, ListedMessage] = {}  # IMAP: what the server showed last
        self.sent: list[str] = []
        self.reader = READERS[self.incoming.protocol](self)
        # Set for a client that sends straight to the MX (send_direct), as a spam bot does.
        self.resolver: Resolver | None = None

    @property
    def now_seconds(self) -> float:
        return self.network.now / MICROS

    # --- sending -------------------------------------------------------------

    def send(self, to: Sequence[str], cc: Sequence[str], subject: str, body: str,
             header_from: str | None = None) -> None:
        """Compose a message and submit it on the submission port.

        ``header_from`` is the From: a reader sees when it is not the account's own: a
        forgery, which only the receiver's checks (DMARC) can catch.
        """
        account = self.account
        domain = account.address.rsplit("@", 1)[1]
        # formataddr quotes a name such as "Doe, John" (RFC 5322 §3.4).
        sender = header_from or formataddr((account.display_name or "", account.address))
        content = build_message(
            sender=sender, recipients=list(to), cc=list(cc), subject=subject, body=body,
            date=self.start + timedelta(microseconds=self.network.now),
            message_id=make_message_id(self.token(12).lower(), domain), eight_bit=True,
        )
        info = summary(content)
        recipients, repeats = one_per_mailbox((*to, *cc))
        self.record(Composed(message_id=info.message_id, sender=account.address,
                             recipients=recipients, subject=subject, size=len(content)))
        for again, first in repeats:
            self.record(DuplicateRecipient(message_id=info.message_id, recipient=again,
                                           same_as=first))
        if not self.online:
            self.record(SubmissionFailed(message_id=info.message_id, accepted=(),
                                         reply="offline: the mail waits in the outbox"))
            return
        saved: list[bool] = []

        def result(outcome: TransactionResult) -> None:
            reply = outcome.data_reply or outcome.mail_reply
            if outcome.data_reply is None and outcome.failed:  # no recipient taken: say why
                reply = outcome.failed[0][1]
            refused = tuple(Refusal(recipient=r, reply=f"{rep.code} {rep.text}")
                            for r, rep in outcome.failed)
            self.record((Submitted if outcome.delivered else SubmissionFailed)(
                message_id=info.message_id, accepted=tuple(outcome.delivered),
                refused=refused, reply=f"{reply.code} {reply.text}"))
            self.sent.append(info.message_id)
            if outcome.delivered and not saved:  # the copy in Sent: on the server (IMAP) or here
                saved.append(True)  # once, however many transactions the recipients took
                self.reader.save_sent(content)

        def failure(_: Sequence[Transaction], reason: str, reply: Reply | None) -> None:
            self.record(SubmissionFailed(
                message_id=info.message_id, accepted=(),
                reply=f"{reply.code} {reply.text}" if reply else reason))

        if self.resolver is not None:  # send_direct: no server of its own, no AUTH
            send_direct(self, self.resolver, info.message_id, account.address, recipients, content,
                        result, failure)
            return
        config = ClientConfig(
            helo_name=self.name,
            starttls="required" if account.starttls else "never",
            credentials=(account.address, account.password) if account.auth else None,
            auth_mechanism=account.auth_mechanism,
        )
        transactions = [Transaction(f"{info.message_id}#{n}", account.address, chunk, content)
                        for n, chunk in enumerate(recipient_chunks(recipients))]

        session = SMTPClientSession(config, transactions, result, failure)
        self.network.connect(self.name, account.outgoing_server or account.server,
                             account.submission_port, session)

    # --- reading ---------------------------------------------------------------

    def check_mail(self) -> None:
        if not self.online:
            self.record(CheckFailed(protocol=self.incoming.protocol.upper(), reason="offline"))
            return
        self.reader.check()

    def pick(self, choice: str | int) -> list[str]:
        """Message-IDs the user means by ``latest``, ``oldest``, ``all`` or a position."""
        ordered = self.reader.order()
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
            self.record(ReadFailed(message_id="", reason="no message to open"))
        for message_id in targets:
            self.reader.open(message_id)

    def delete(self, choice: str | int) -> None:
        for message_id in self.pick(choice):
            self.reader.delete(message_id)

    def go_offline(self) -> None:
        self.online = False
        self.record(Offline())
        self.reader.went_offline()

    def move(self, choice: str | int, folder: str) -> None:
        for message_id in self.pick(choice):
            self.reader.move(message_id, folder)

    def go_online(self) -> None:
        self.online = True
        self.record(Online())
