"""The mail server of a domain: submission (MSA, RFC 6409), transfer, mailboxes,
and reading them with POP3 (RFC 1939) and IMAP (RFC 3501)."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mailsim.nodes.mailbox_access import IMAPServerSession, POP3ServerSession
from mailsim.nodes.mta import MTA, MTAConfig
from mailsim.nodes.pop_relay import PopBeforeSMTP
from mailsim.nodes.reply_faults import ReplyFault
from mailsim.nodes.resolver import Resolver
from mailsim.nodes.smtp_sessions import SMTPServerSession
from mailsim.protocols import imap, pop3
from mailsim.protocols.mailstore import DEFAULT_FOLDERS, Account, Mailbox
from mailsim.protocols.smtp import ServerConfig
from mailsim.sim.network import Network


@dataclass(frozen=True, slots=True)
class SubmissionSettings:
    port: int = 587
    starttls: bool = True
    auth_requires_tls: bool = True
    mechanisms: tuple[str, ...] = ("PLAIN", "LOGIN")


@dataclass(frozen=True, slots=True)
class AccessSettings:
    """A POP3 or IMAP service: its port, STARTTLS/STLS, and an implicit-TLS port."""

    port: int
    starttls: bool = False
    tls_port: int | None = None


class MailServer(MTA):
    """An MTA that also takes submissions and lets users read their mailboxes."""

    role = "mail_server"

    def __init__(self, name: str, network: Network, rng: random.Random, config: MTAConfig, *,
                 resolver: Resolver | None, mailboxes: dict[str, Mailbox],
                 submission: SubmissionSettings | None = None,
                 pop3_access: AccessSettings | None = None,
                 imap_access: AccessSettings | None = None,
                 secrets: Mapping[str, str] | None = None,
                 faults: list[ReplyFault] | None = None,
                 folders: Sequence[str | tuple[str, str | None]] = DEFAULT_FOLDERS,
                 pop_before_smtp: int | None = None) -> None:
        super().__init__(name, network, rng, config, resolver=resolver, mailboxes=mailboxes,
                         faults=faults)
        # Folders besides INBOX every user gets (name, RFC 6154 special use), made
        # when an IMAP session first opens the account.
        self.folders = folders
        self.accounts: dict[str, Account] = {}
        self.submission = submission
        self.secrets = dict(secrets or {})
        self.pop3_locks: set[str] = set()
        if pop_before_smtp is not None:  # the window, in microseconds
            self.pop_relay = PopBeforeSMTP(pop_before_smtp)
        if submission is not None:
            msa = ServerConfig(
                hostname=config.hostname, submission=True,
                auth_mechanisms=submission.mechanisms, starttls=submission.starttls,
                auth_requires_tls=submission.auth_requires_tls and submission.starttls,
                max_message_size=config.max_message_size,
            )
            network.listen(name, submission.port, "SMTP", lambda: SMTPServerSession(self, msa))
        if pop3_access is not None:
            self._listen_pop3(pop3_access)
        if imap_access is not None:
            self._listen_imap(imap_access)

    def _listen_pop3(self, access: AccessSettings) -> None:
        def session(implicit: bool) -> Callable[[], POP3ServerSession]:
            def make() -> POP3ServerSession:
                # RFC 1939 §7: a timestamp unique to this greeting, from the run's RNG.
                stamp = f"<{self.rng.getrandbits(20)}.{self.network.now}@{self.config.hostname}>"
                config = pop3.POP3ServerConfig(self.config.hostname, stamp,
                                               stls=access.starttls and not implicit)
                return POP3ServerSession(self, config, implicit_tls=implicit)
            return make

        self.network.listen(self.name, access.port, "POP3", session(False))
        if access.tls_port is not None:
            self.network.listen(self.name, access.tls_port, "POP3", session(True))

    def _listen_imap(self, access: AccessSettings) -> None:
        def session(implicit: bool) -> Callable[[], IMAPServerSession]:
            config = imap.IMAPServerConfig(self.config.hostname,
                                           starttls=access.starttls and not implicit)
            return lambda: IMAPServerSession(self, config, implicit_tls=implicit)

        self.network.listen(self.name, access.port, "IMAP", session(False))
        if access.tls_port is not None:
            self.network.listen(self.name, access.tls_port, "IMAP", session(True))

    # --- what POP3 and IMAP sessions ask -----------------------------------

    def mailbox_of(self, user: str) -> Mailbox | None:
        return self.mailboxes.get(user.lower())

    def account_of(self, user: str) -> Account | None:
        """The user's folders (INBOX is :meth:`mailbox_of`'s mailbox), made on first use."""
        inbox = self.mailbox_of(user)
        if inbox is None:
            return None
        account = self.accounts.get(inbox.address)
        if account is None:
            account = self.accounts[inbox.address] = Account.with_folders(inbox, self.folders)
        return account

    def folder_box(self, recipient: str, folder: str) -> Mailbox:
        """The user's ``folder`` (Junk for a quarantined mail), else its special-use twin."""
        account = self.account_of(recipient)
        assert account is not None
        box = account.folder(folder) or account.special(folder)
        return box if box is not None else account.inbox

    def lock_maildrop(self, address: str) -> bool:
        """Take the POP3 lock on a maildrop; False if another session has it."""
        if address in self.pop3_locks:
            return False
        self.pop3_locks.add(address)
        return True

    def unlock_maildrop(self, address: str) -> None:
        self.pop3_locks.discard(address)

    def pop3_logged_in(self, user: str, peer: str) -> None:
        """A POP3 login succeeded: with POP before SMTP, ``peer``'s address may relay a while."""
        if self.pop_relay is not None:
            self.pop_relay.logged_in(self, user, peer)

    def apop_secret(self, user: str) -> str | None:
        return self.secrets.get(user.lower())

    def message_id_of(self, mailbox: str, uid: int) -> str:
        return self.message_ids.get((mailbox, uid), "")
