"""Sans-IO IMAP4rev1 server engine (RFC 3501, with LITERAL+ RFC 7888 and RFC 5530 codes).

Bytes go in through :meth:`IMAPServer.receive_data`; responses come out of
:meth:`IMAPServer.data_to_send`, one item per command (its untagged responses
and its tagged completion together), a ``+`` continuation request being an
item of its own. LOGIN comes out as a *pending* :class:`LoginRequested`; no
further input is read until the caller answers with :meth:`auth_result`.

The engine serves the user's :class:`Account` (INBOX and the other folders)
and changes it; several engines may share one account, one per device. The
selected folder is watched: while the session idles (RFC 2177) a change made
elsewhere (a delivery, another session's COPY or STORE) is queued at once as
``* n EXISTS`` / ``* n EXPUNGE`` / ``* n FETCH`` and ``on_push`` is called so
the caller sends it; otherwise it goes with the next command's response.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from mailsim.protocols.engine import ServerEngine
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.imap import append, codes, idle, states
from mailsim.protocols.imap.authenticated import HANDLERS as AUTHENTICATED
from mailsim.protocols.imap.events import (
    CloseConnection,
    Event,
    LoginRefused,
    LoginRequested,
    StartTLS,
)
from mailsim.protocols.imap.outcome import Outcome
from mailsim.protocols.imap.parser import Command, ParseError, astring, parse_command, split_tag
from mailsim.protocols.imap.reader import LiteralAnnounced, Overlong, Unit, UnitReader
from mailsim.protocols.imap.server_config import MAX_LINE, MAX_LITERAL, IMAPServerConfig
from mailsim.protocols.imap.states import ServerState
from mailsim.protocols.imap.states import ServerTrigger as ST
from mailsim.protocols.imap.view import Selection
from mailsim.protocols.mailstore import Account, Mailbox

__all__ = ["MAX_LINE", "MAX_LITERAL", "IMAPServer", "IMAPServerConfig"]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # APPEND's date when no clock was given


class IMAPServer(ServerEngine[ServerState, ST, Event]):
    """One server side of one IMAP connection."""

    _reader: UnitReader

    def __init__(self, config: IMAPServerConfig, *, clock: Callable[[], datetime] | None = None,
                 on_push: Callable[[], None] | None = None) -> None:
        super().__init__(states.SERVER_MACHINE, UnitReader(MAX_LINE, MAX_LITERAL, announce=True),
                         handshake=ServerState.TLS_HANDSHAKE, greet=ST.GREET,
                         tls_done=ST.TLS_DONE, lost=ST.LOST, starttls="STARTTLS")
        self.config = config
        self.clock = clock or (lambda: EPOCH)
        self.on_push = on_push
        self._lines: list[bytes] = []  # untagged responses of the command in progress
        self._pending_tag = ""
        self._idle_tag = ""
        self._failed_logins = 0
        self._user: str | None = None
        self._account: Account | None = None
        self._view: Selection | None = None

    # --- public surface (the rest is ServerEngine's) ----------------------------------
    @property
    def user(self) -> str | None:
        """The user logged in, if any."""
        return self._user

    @property
    def account(self) -> Account | None:
        """The logged-in user's folders."""
        return self._account

    @property
    def selection(self) -> Selection | None:
        """This session's view of the selected mailbox."""
        return self._view

    def auth_result(self, ok: bool, mailbox: Account | Mailbox | None) -> list[Event]:
        """Answer the pending LoginRequested; on success the user's folders are ``mailbox``
        (a bare INBOX :class:`Mailbox` gets the default folders, for this session only)."""
        pending = self._pending
        if not isinstance(pending, LoginRequested):
            raise LocalProtocolError("auth_result() with no LOGIN pending", self._state)
        if ok and mailbox is None:
            raise LocalProtocolError("a successful login needs the user's mailbox", self._state)
        self._pending = None
        if ok:
            self._user = pending.user
            self._account = (mailbox if isinstance(mailbox, Account)
                             else Account.with_folders(mailbox) if mailbox is not None else None)
            self._transition(ST.LOGIN_OK)
            # RFC 3501 §6.2.3 allows sending the new capabilities with the OK.
            self._finish(self._pending_tag, "OK", f"[CAPABILITY {self._capabilities()}] "
                                                  f"{codes.LOGIN_OK}")
            return self._process()
        self._finish(self._pending_tag, "NO", codes.AUTH_FAILED)
        self._failed_logins += 1
        refused = LoginRefused(self._failed_logins)
        if self._failed_logins < self.config.max_failed_logins:
            return [refused, *self._process()]
        # After the tagged NO, in the same write, the BYE that says why the server
        # hangs up (RFC 3501 §7.1.5).
        self._outbox[-1] += f"* BYE {codes.TOO_MANY_FAILURES}\r\n".encode()
        self._transition(ST.LOGOUT)
        return [refused, CloseConnection()]

    # --- ServerEngine hooks -------------------------------------------------------------
    def _greeting(self) -> bytes:
        """The greeting with its capabilities (RFC 3501 §7.1.1, §7.2.1)."""
        return f"* OK [CAPABILITY {self._capabilities()}] {codes.GREETING_TEXT}\r\n".encode()

    def _forget(self) -> None:
        self._watch(None)

    # --- the selected folder ------------------------------------------------------------
    def open_folder(self, mailbox: Mailbox | None, *, read_only: bool = False) -> None:
        """SELECT/EXAMINE: close the old view (§6.3.1, even on failure), open ``mailbox``'s;
        None means the SELECT failed."""
        self._watch(None)
        if mailbox is None:
            self._transition(ST.SELECT_FAILED)
            return
        self._watch(mailbox, read_only)
        self._transition(ST.SELECT_OK)

    def close_folder(self) -> None:
        """CLOSE (§6.4.2): back to the authenticated state."""
        self._watch(None)
        self._transition(ST.CLOSE)

    def _watch(self, mailbox: Mailbox | None, read_only: bool = False) -> None:
        """View ``mailbox`` (None: none) and watch it; stop watching the old one."""
        if self._view is not None:
            self._view.mailbox.unwatch(self._changed)
            self._view = None
        if mailbox is not None:
            self._view = Selection.open(mailbox, read_only=read_only)
            mailbox.watch(self._changed)

    def _changed(self, mailbox: Mailbox) -> None:
        """The watched folder changed: an idling session tells its client now (RFC 2177)."""
        if self._push() and self.on_push is not None:
            self.on_push()

    def _push(self) -> bool:
        """Queue the updates of an idling session; whether there were any."""
        write = idle.updates(self._view) if self._state is ServerState.IDLING else b""
        if write:
            self._outbox.append(write)
        return bool(write)

    # --- input loop -------------------------------------------------------------------
    def _read_one(self) -> list[Event] | None:
        item = self._reader.next()
        if item is None:
            return None
        if isinstance(item, LiteralAnnounced):
            self._literal_announced(item)
        elif isinstance(item, Overlong):
            reason = codes.LINE_TOO_LONG if item.what == "line" else codes.LITERAL_TOO_LARGE
            self._finish(split_tag(item.head) or "*", "BAD", reason)
        elif self._state is ServerState.IDLING:
            self._done(item)
        else:
            return self._unit(item)
        return []

    def _literal_announced(self, item: LiteralAnnounced) -> None:
        if self._state is ServerState.IDLING:  # only DONE ends IDLE: no "+" for a literal
            self._reader.clear()
            self._done(Unit(item.head))
            return
        authenticated = self._state in (ServerState.AUTHENTICATED, ServerState.SELECTED)
        refusal = append.refusal(self._account if authenticated else None, item.head, item.size)
        if refusal is None:
            self._outbox.append(f"+ {codes.LITERAL_READY}\r\n".encode())  # §7.5
            return
        # §7.5: answered at once instead of "+", so the client sends no literal.
        self._reader.clear()
        self._finish(split_tag(item.head) or "*", "NO", refusal)

    def _unit(self, unit: Unit) -> list[Event]:
        if not unit.text.strip():
            self._finish("*", "BAD", codes.EMPTY_LINE)
            return []
        tag = split_tag(unit.text)
        if tag is None:
            self._finish("*", "BAD", codes.INVALID_TAG)  # §7.1.3: untagged when untaggable
            return []
        try:
            command = parse_command(unit)
        except ParseError as error:
            self._finish(tag, "BAD", str(error))
            return []
        known = states.COMMANDS.known(command.name)
        refusal = states.COMMANDS.refusal(command.name, self._state) if known else None
        if not known or refusal is not None:
            self._finish(tag, "BAD", refusal or codes.UNKNOWN_COMMAND)
            return []
        try:
            return _HANDLERS[command.name](self, command)
        except ParseError as error:
            self._lines = []
            self._finish(tag, "BAD", str(error))
            return []

    # --- any state (§6.1) ---------------------------------------------------------------
    def _capability(self, command: Command) -> list[Event]:
        self._untagged(f"CAPABILITY {self._capabilities()}")
        return self._ok(command, "CAPABILITY completed")

    def _noop(self, command: Command) -> list[Event]:
        # NOOP and CHECK do nothing themselves; the update report in _finish is the point.
        return self._ok(command, f"{command.name} completed")

    def _logout(self, command: Command) -> list[Event]:
        self._untagged(f"BYE {self.config.hostname} {codes.LOGOUT_BYE}")  # §7.1.5
        self._watch(None)
        self._finish(command.tag, "OK", "LOGOUT completed")
        self._transition(ST.LOGOUT)
        return [CloseConnection()]

    # --- not authenticated (§6.2) ----------------------------------------------------
    def _starttls(self, command: Command) -> list[Event]:
        if not self.config.starttls:
            return self._bad(command, "STARTTLS not available")
        if self._tls:
            return self._bad(command, codes.TLS_ACTIVE)
        self._finish(command.tag, "OK", codes.BEGIN_TLS)
        # §6.2.1 / §11.1: nothing pipelined in plaintext survives the handshake.
        self._reader.clear()
        self._transition(ST.STARTTLS)
        return [StartTLS()]

    def _login(self, command: Command) -> list[Event]:
        if len(command.args) != 2:
            return self._bad(command, "LOGIN needs a user name and a password")
        if self._login_disabled():
            self._finish(command.tag, "NO", codes.LOGIN_DISABLED)
            return []
        self._pending = LoginRequested(astring(command.args[0]), astring(command.args[1]))
        self._pending_tag = command.tag
        return [self._pending]

    def _authenticate(self, command: Command) -> list[Event]:
        # No SASL mechanism is advertised (no AUTH=), so every one is unsupported (§6.2.2).
        return self._outcome(command, Outcome("Unsupported authentication mechanism", "NO"))

    # --- IDLE (RFC 2177) ------------------------------------------------------------------
    def _idle(self, command: Command) -> list[Event]:
        if command.args:
            return self._bad(command, "IDLE takes no arguments")
        self._idle_tag = command.tag
        self._transition(ST.IDLE)
        self._outbox.append(idle.CONTINUATION)
        self._push()  # what happened before IDLE, at once
        return []

    def _done(self, unit: Unit) -> None:
        """The line that ends IDLE: DONE, else BAD (and the idle ends all the same)."""
        self._transition(ST.DONE if self._view is not None else ST.DONE_UNSELECTED)
        self._finish(self._idle_tag, *idle.completion(unit))

    # --- helpers ------------------------------------------------------------------
    def _capabilities(self) -> str:
        unauthenticated = self._state in (ServerState.NOT_STARTED, ServerState.NOT_AUTHENTICATED)
        return codes.capabilities(starttls=self.config.starttls and not self._tls
                                  and unauthenticated,
                                  login_disabled=unauthenticated and self._login_disabled())

    def _login_disabled(self) -> bool:
        return self.config.login_requires_tls and not self._tls

    def _untagged(self, line: str) -> None:
        self._lines.append(f"* {line}\r\n".encode())

    def _ok(self, command: Command, text: str) -> list[Event]:
        self._finish(command.tag, "OK", text)
        return []

    def _outcome(self, command: Command, outcome: Outcome, *,
                 allow_expunge: bool = True) -> list[Event]:
        self._lines += outcome.untagged
        self._finish(command.tag, outcome.status, outcome.text, allow_expunge=allow_expunge)
        return outcome.events

    def _bad(self, command: Command, text: str) -> list[Event]:
        self._lines = []
        self._finish(command.tag, "BAD", text)
        return []

    def _finish(self, tag: str, status: str, text: str, *, allow_expunge: bool = True) -> None:
        """Queue the command's untagged responses, updates and tagged completion as one write."""
        if self._view is not None and status != "BAD":
            self._lines += [f"* {line}\r\n".encode()
                            for line in self._view.updates(allow_expunge=allow_expunge)]
        self._lines.append(f"{tag} {status} {text}\r\n".encode())
        self._outbox.append(b"".join(self._lines))
        self._lines = []


_HANDLERS: dict[str, Callable[[IMAPServer, Command], list[Event]]] = {
    "CAPABILITY": IMAPServer._capability, "NOOP": IMAPServer._noop,
    "LOGOUT": IMAPServer._logout, "STARTTLS": IMAPServer._starttls,
    "LOGIN": IMAPServer._login, "AUTHENTICATE": IMAPServer._authenticate,
    "CHECK": IMAPServer._noop, "IDLE": IMAPServer._idle,
    **AUTHENTICATED,
}
