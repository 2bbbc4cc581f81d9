"""The mail client (MUA) on a user's device: writes a mail and submits it."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from mailsim.mail import build_message, make_message_id, summary
from mailsim.network import Network
from mailsim.nodes.base import Node
from mailsim.nodes.smtp_sessions import SMTPClientSession
from mailsim.protocols.smtp import ClientConfig, Reply, Transaction, TransactionResult


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


class MailClient(Node):
    role = "client"

    def __init__(self, name: str, network: Network, rng: random.Random, *,
                 account: Account, start: datetime) -> None:
        super().__init__(name, network, rng)
        self.account = account
        self.start = start
        self.sent: list[str] = []

    def send(self, to: Sequence[str], cc: Sequence[str], subject: str, body: str) -> None:
        """Compose a message and submit it on the submission port."""
        account = self.account
        domain = account.address.rsplit("@", 1)[1]
        sender = f"{account.display_name} <{account.address}>" if account.display_name else account.address
        content = build_message(
            sender=sender, recipients=list(to), cc=list(cc), subject=subject, body=body,
            date=self.start + timedelta(microseconds=self.network.now),
            message_id=make_message_id(self.token(12).lower(), domain), eight_bit=True,
        )
        info = summary(content)
        recipients = (*to, *cc)
        self.state("composed", message_id=info.message_id, sender=account.address,
                   recipients=list(recipients), subject=subject, size=len(content))
        config = ClientConfig(
            helo_name=self.name,
            starttls="required" if account.starttls else "never",
            credentials=(account.address, account.password),
            auth_mechanism=account.auth_mechanism,
        )
        transaction = Transaction(info.message_id, account.address, recipients, content)

        def result(outcome: TransactionResult) -> None:
            reply = outcome.data_reply or outcome.mail_reply
            self.state("submitted" if outcome.delivered else "submission_failed",
                       message_id=info.message_id, accepted=list(outcome.delivered),
                       reply=f"{reply.code} {reply.text}")
            self.sent.append(info.message_id)

        def failure(_: Sequence[Transaction], reason: str, reply: Reply | None) -> None:
            self.state("submission_failed", message_id=info.message_id, accepted=[],
                       reply=f"{reply.code} {reply.text}" if reply else reason)

        session = SMTPClientSession(config, [transaction], result, failure)
        self.network.connect(self.name, account.server, account.submission_port, session)
