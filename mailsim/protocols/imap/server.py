"""Sans-IO IMAP4rev1 server engine (RFC 3501, with LITERAL+ RFC 7888 and RFC 5530 codes).

Bytes go in through :meth:`IMAPServer.receive_data`; responses come out of
:meth:`IMAPServer.data_to_send`, one item per command (its untagged responses
and its tagged completion together), a ``+`` continuation request being an
item of its own. LOGIN comes out as a *pending* :class:`LoginRequested`; no
further input is read until the caller answers with :meth:`auth_result`.

The engine serves the :class:`Mailbox` it is given and changes it (flags,
expunges); several engines may share one mailbox, one per device.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mailsim.protocols.engine import ServerEngine
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.imap import codes, mailboxes, selected, states
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
from mailsim.protocols.imap.states import ServerState
from mailsim.protocols.imap.states import ServerTrigger as ST
from mailsim.protocols.imap.view import Selection
from mailsim.protocols.mailstore import Mailbox

MAX_LINE = 8192  # octets per line, CRLF included; longer -> BAD
MAX_LITERAL = 65_536  # octets per literal from a client (no APPEND here)


@dataclass(frozen=True, slots=True)
class IMAPServerConfig:
    """What a server offers and enforces."""

    hostname: str
    starttls: bool = False  # advertise STARTTLS (RFC 3501 §6.2.1)
    login_requires_tls: bool = False  # LOGINDISABLED before TLS (§6.2.3)
    # Failed LOGIN/AUTHENTICATE attempts, then "* BYE" and close (as Dovecot does).
    max_failed_logins: int = 3


class IMAPServer(ServerEngine[ServerState, ST, Event]):
    """One server side of one IMAP connection."""

    _reader: UnitReader

    def __init__(self, config: IMAPServerConfig) -> None:
        super().__init__(states.SERVER_MACHINE, UnitReader(MAX_LINE, MAX_LITERAL, announce=True),
                         handshake=ServerState.TLS_HANDSHAKE, greet=ST.GREET,
                         tls_done=ST.TLS_DONE, lost=ST.LOST, starttls="STARTTLS")
        self.config = config
        self._lines: list[bytes] = []  # untagged responses of the command in progress
        self._pending_tag = ""
        self._failed_logins = 0
        self._user: str | None = None
        self._mailbox: Mailbox | None = None
        self._view: Selection | None = None

    # --- public surface (the rest is ServerEngine's) ----------------------------------
    @property
    def user(self) -> str | None:
        """The user logged in, if any."""
        return self._user

    @property
    def selection(self) -> Selection | None:
        """This session's view of the selected mailbox."""
        return self._view

    def auth_result(self, ok: bool, mailbox: Mailbox | None) -> list[Event]:
        """Answer the pending LoginRequested; on success the user's INBOX is ``mailbox``."""
        pending = self._pending
        if not isinstance(pending, LoginRequested):
            raise LocalProtocolError("auth_result() with no LOGIN pending", self._state)
        if ok and mailbox is None:
            raise LocalProtocolError("a successful login needs the user's mailbox", self._state)
        self._pending = None
        if ok:
            self._user, self._mailbox = pending.user, mailbox
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
        self._view = None

    # --- input loop -------------------------------------------------------------------
    def _read_one(self) -> list[Event] | None:
        item = self._reader.next()
        if item is None:
            return None
        if isinstance(item, LiteralAnnounced):
            self._outbox.append(f"+ {codes.LITERAL_READY}\r\n".encode())  # §7.5
        elif isinstance(item, Overlong):
            reason = codes.LINE_TOO_LONG if item.what == "line" else codes.LITERAL_TOO_LARGE
            self._finish(split_tag(item.head) or "*", "BAD", reason)
        else:
            return self._unit(item)
        return []

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
        self._view = None
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

    # --- authenticated (§6.3) ---------------------------------------------------------
    def _select(self, command: Command) -> list[Event]:
        if len(command.args) != 1:
            return self._bad(command, f"{command.name} needs a mailbox name")
        name = codes.mailbox_name(astring(command.args[0]))
        self._view = None  # §6.3.1: the old mailbox is closed first, even on failure
        if name != codes.INBOX or self._mailbox is None:
            self._transition(ST.SELECT_FAILED)
            self._finish(command.tag, "NO", codes.NONEXISTENT)
            return []
        examine = command.name == "EXAMINE"
        self._view = Selection.open(self._mailbox, read_only=examine)
        for line in mailboxes.select_lines(self._view):
            self._untagged(line)
        self._transition(ST.SELECT_OK)
        self._finish(command.tag, "OK", codes.EXAMINE_OK if examine else codes.SELECT_OK)
        return []

    def _list(self, command: Command) -> list[Event]:
        return self._outcome(command, mailboxes.list_command(command.name, command.args))

    def _status(self, command: Command) -> list[Event]:
        if self._mailbox is None:
            raise LocalProtocolError("authenticated without a mailbox", self._state)
        recent = self._view.recent if self._view is not None else set()
        return self._outcome(command, mailboxes.status_command(self._mailbox, command.args, recent))

    def _subscribe(self, command: Command) -> list[Event]:
        return self._outcome(command, mailboxes.subscribe_command(command.name, command.args))

    def _cannot(self, command: Command) -> list[Event]:
        # CREATE, DELETE, RENAME, APPEND, COPY: there is only INBOX, and no clock
        # here to date an appended message.
        return self._outcome(command, Outcome(codes.CANNOT, "NO"))

    # --- selected (§6.4) --------------------------------------------------------------
    def _selected(self, command: Command) -> list[Event]:
        if self._view is None:
            raise LocalProtocolError("SELECTED state without a selection", self._state)
        outcome, allow_expunge = selected.run(self._view, command.name, command.args)
        if command.name == "CLOSE":
            self._view = None
            self._transition(ST.CLOSE)
        return self._outcome(command, outcome, allow_expunge=allow_expunge)

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


Handler = Callable[[IMAPServer, Command], list[Event]]
_HANDLERS: dict[str, Handler] = {
    "CAPABILITY": IMAPServer._capability, "NOOP": IMAPServer._noop,
    "LOGOUT": IMAPServer._logout, "STARTTLS": IMAPServer._starttls,
    "LOGIN": IMAPServer._login, "AUTHENTICATE": IMAPServer._authenticate,
    "SELECT": IMAPServer._select, "EXAMINE": IMAPServer._select,
    "LIST": IMAPServer._list, "LSUB": IMAPServer._list, "STATUS": IMAPServer._status,
    "SUBSCRIBE": IMAPServer._subscribe, "UNSUBSCRIBE": IMAPServer._subscribe,
    "CREATE": IMAPServer._cannot, "DELETE": IMAPServer._cannot, "RENAME": IMAPServer._cannot,
    "APPEND": IMAPServer._cannot, "COPY": IMAPServer._cannot, "CHECK": IMAPServer._noop,
    "CLOSE": IMAPServer._selected, "EXPUNGE": IMAPServer._selected,
    "FETCH": IMAPServer._selected, "STORE": IMAPServer._selected,
    "SEARCH": IMAPServer._selected, "UID": IMAPServer._selected,
}
