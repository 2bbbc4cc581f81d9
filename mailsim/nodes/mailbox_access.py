"""POP3 (port 110) and IMAP (port 143) on a mail server: glue from TCP to the engines.

Both check the login with the authentication server, as submission does, and
report what they change in a mailbox (deletions, flags; over IMAP also folders,
APPEND, COPY and MOVE) to the trace. An IMAP session that idles (RFC 2177)
sends what its engine pushes as soon as the watched folder changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from mailsim.nodes.session import EngineSession
from mailsim.protocols import imap, pop3
from mailsim.protocols.engine import ServerEngine
from mailsim.protocols.mailstore import INBOX, Account, Mailbox
from mailsim.sim.connection import Endpoint
from mailsim.trace.states import (
    Appended,
    Copied,
    Deleted,
    FlagsChanged,
    FolderCreated,
    FolderDeleted,
    FolderRenamed,
    Login,
    LoginFailed,
    Moved,
    StateChange,
)


class MailboxHost(Protocol):
    """What the mail server node offers its POP3 and IMAP sessions."""

    name: str

    def authenticate(self, user: str, password: str,
                     done: Callable[[bool | None], None], service: str = "") -> None: ...
    def apop_secret(self, user: str) -> str | None: ...
    def mailbox_of(self, user: str) -> Mailbox | None: ...
    def account_of(self, user: str) -> Account | None: ...
    def wall_clock(self, micros: int | None = None) -> datetime: ...
    def lock_maildrop(self, address: str) -> bool: ...
    def unlock_maildrop(self, address: str) -> None: ...
    def message_id_of(self, mailbox: str, uid: int) -> str: ...
    def record(self, change: StateChange) -> None: ...
    def pop3_logged_in(self, user: str, peer: str) -> None: ...


ServerT = TypeVar("ServerT", bound=ServerEngine[Any, Any, Any])


class _Session(EngineSession[ServerT]):
    """What both services share: TLS (STARTTLS or implicit), flushing, closing."""

    def __init__(self, host: MailboxHost, implicit_tls: bool) -> None:
        super().__init__()
        self.host = host
        self.implicit_tls = implicit_tls
        self.mailbox: Mailbox | None = None

    service = ""

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        if not self.implicit_tls:  # with implicit TLS the greeting waits for the handshake
            self._greet()

    def _greet(self) -> None:
        self.greeted = True
        self.engine.start()
        self._flush()

    def on_tls(self) -> None:
        if not self.greeted:  # implicit TLS (ports 995 and 993, RFC 8314)
            self._greet()
        else:
            self._handle(self.engine.tls_established())

    greeted = False

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        self._handle(self.engine.receive_data(data))

    def on_close(self, endpoint: Endpoint) -> None:
        self.engine.connection_lost()

    def _handle(self, events: Sequence[object]) -> None:
        raise NotImplementedError

    def _login(self, user: str, password: str, answer: Callable[[bool, Mailbox | None], None]) -> None:
        mailbox = self.host.mailbox_of(user)

        def checked(ok: bool | None) -> None:
            self.mailbox = mailbox if ok else None
            answer(ok is True and mailbox is not None, self.mailbox)

        self.host.authenticate(user, password, checked, service=self.service)

    def _ids(self, uids: Sequence[int]) -> tuple[str, ...]:
        assert self.mailbox is not None
        return tuple(self.host.message_id_of(self.mailbox.address, uid) for uid in uids)

class POP3ServerSession(_Session[pop3.POP3Server]):
    service = "POP3"

    def __init__(self, host: MailboxHost, config: pop3.POP3ServerConfig, *,
                 implicit_tls: bool = False) -> None:
        super().__init__(host, implicit_tls)
        self.engine = pop3.POP3Server(config)
        self.timestamp = config.apop_timestamp

    locked: str | None = None

    def _answer(self, ok: bool, mailbox: Mailbox | None) -> None:
        # RFC 1939 §4: one POP3 session at a time holds a maildrop.
        if ok and mailbox is not None and not self.host.lock_maildrop(mailbox.address):
            self.mailbox = None
            self._handle(self.engine.auth_result(False, None, in_use=True))
            return
        if ok and mailbox is not None:
            self.locked = mailbox.address
            if self.endpoint is not None:  # POP before SMTP opens a relay window for the address
                self.host.pop3_logged_in(mailbox.address, self.endpoint.peer_host)
        self._handle(self.engine.auth_result(ok, mailbox))

    def _unlock(self) -> None:
        if self.locked is not None:
            self.host.unlock_maildrop(self.locked)
            self.locked = None

    def on_close(self, endpoint: Endpoint) -> None:
        super().on_close(endpoint)
        self._unlock()

    def _handle(self, events: Sequence[object]) -> None:
        for event in events:
            if isinstance(event, pop3.LoginRequested):
                self._flush()
                if event.apop_digest is not None:
                    self._apop(event.user, event.apop_digest)
                else:
                    self._login(event.user, event.password or "", self._answer)
            elif isinstance(event, pop3.MessagesDeleted) and self.mailbox is not None:
                self.host.record(Deleted(mailbox=self.mailbox.address, uids=tuple(event.uids),
                                         message_ids=self._ids(event.uids), protocol="POP3"))
            elif isinstance(event, pop3.LoginRefused):
                self._login_refused(event)
            elif isinstance(event, pop3.CloseConnection):
                self._unlock()  # after UPDATE (RFC 1939 §6)
                self._flush()
                self._close_later()
        self._flush()

    def _apop(self, user: str, digest: str) -> None:
        """APOP needs the shared secret on the server side (RFC 1939 §7); the
        mail server holds it, so no bind with the auth server happens."""
        secret = self.host.apop_secret(user)
        ok = secret is not None and pop3.apop_digest(self.timestamp, secret) == digest
        self.host.record((Login if ok else LoginFailed)(user=user, service="POP3 APOP"))
        mailbox = self.host.mailbox_of(user) if ok else None
        self.mailbox = mailbox
        self._answer(ok and mailbox is not None, mailbox)


class IMAPServerSession(_Session[imap.IMAPServer]):
    service = "IMAP"

    def __init__(self, host: MailboxHost, config: imap.IMAPServerConfig, *,
                 implicit_tls: bool = False) -> None:
        super().__init__(host, implicit_tls)
        # An idling engine pushes when its folder changes (a delivery, another
        # device's COPY): send that at once.
        self.engine = imap.IMAPServer(config, clock=host.wall_clock, on_push=self._pushed)

    def _pushed(self) -> None:
        if self.endpoint is not None:
            self._flush()

    def _answer(self, ok: bool, mailbox: Mailbox | None) -> None:
        account = self.host.account_of(mailbox.address) if ok and mailbox is not None else None
        self._handle(self.engine.auth_result(ok and account is not None, account))

    def _handle(self, events: Sequence[object]) -> None:
        for event in events:
            if isinstance(event, imap.LoginRequested):
                self._flush()
                self._login(event.user, event.password, self._answer)
            elif isinstance(event, imap.LoginRefused):
                self._login_refused(event)
            elif isinstance(event, imap.CloseConnection):
                self._flush()
                self._close_later()
            elif self.mailbox is not None:
                self._record(self.mailbox.address, event)
        self._flush()

    def _record(self, address: str, event: object) -> None:
        """What the engine changed in the user's folders, as state events."""
        if isinstance(event, imap.FlagsChanged):
            self.host.record(FlagsChanged(
                mailbox=address, uid=event.uid,
                message_id=event.message_id or self._ids([event.uid])[0],
                flags=tuple(sorted(event.flags)), folder=_other(event.folder)))
        elif isinstance(event, imap.Expunged):
            self.host.record(Deleted(
                mailbox=address, uids=tuple(event.uids),
                message_ids=event.message_ids or self._ids(event.uids),
                protocol="IMAP", folder=_other(event.folder)))
        elif isinstance(event, imap.Appended):
            self.host.record(Appended(
                mailbox=address, folder=event.folder, uid=event.uid,
                message_id=event.message_id, size=event.size, flags=event.flags))
        elif isinstance(event, imap.Moved):
            self.host.record(Moved(
                mailbox=address, source=event.source, target=event.target,
                uids=event.uids, new_uids=event.new_uids, message_ids=event.message_ids))
        elif isinstance(event, imap.Copied):
            self.host.record(Copied(
                mailbox=address, source=event.source, target=event.target,
                uids=event.uids, new_uids=event.new_uids, message_ids=event.message_ids))
        elif isinstance(event, imap.FolderCreated):
            self.host.record(FolderCreated(mailbox=address, folder=event.folder))
        elif isinstance(event, imap.FolderDeleted):
            self.host.record(FolderDeleted(mailbox=address, folder=event.folder))
        elif isinstance(event, imap.FolderRenamed):
            self.host.record(FolderRenamed(mailbox=address, folder=event.folder,
                                           new_name=event.new_name))


def _other(folder: str) -> str | None:
    """A folder's name for the trace: None for INBOX (the trace always meant INBOX)."""
    return None if folder == INBOX else folder
