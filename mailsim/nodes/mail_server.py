"""The mail server of a domain: submission (MSA, RFC 6409), transfer and mailboxes."""

from __future__ import annotations

import random
from dataclasses import dataclass

from mailsim.network import Network
from mailsim.nodes.mta import MTA, MTAConfig
from mailsim.nodes.resolver import Resolver
from mailsim.nodes.smtp_sessions import SMTPServerSession
from mailsim.protocols.mailstore import Mailbox
from mailsim.protocols.smtp import ServerConfig


@dataclass(frozen=True, slots=True)
class SubmissionSettings:
    port: int = 587
    starttls: bool = True
    auth_requires_tls: bool = True
    mechanisms: tuple[str, ...] = ("PLAIN", "LOGIN")


class MailServer(MTA):
    """An MTA that also takes submissions from its users' mail clients."""

    role = "mail_server"

    def __init__(self, name: str, network: Network, rng: random.Random, config: MTAConfig, *,
                 resolver: Resolver | None, mailboxes: dict[str, Mailbox],
                 submission: SubmissionSettings | None) -> None:
        super().__init__(name, network, rng, config, resolver=resolver, mailboxes=mailboxes)
        self.submission = submission
        if submission is not None:
            msa = ServerConfig(
                hostname=config.hostname, submission=True,
                auth_mechanisms=submission.mechanisms, starttls=submission.starttls,
                auth_requires_tls=submission.auth_requires_tls and submission.starttls,
                max_message_size=config.max_message_size,
            )
            network.listen(name, submission.port, "SMTP", lambda: SMTPServerSession(self, msa))
