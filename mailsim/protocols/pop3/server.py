"""Sans-IO POP3 server engine (RFC 1939, with CAPA RFC 2449, STLS RFC 2595, AUTH RFC 5034).

Bytes go in through :meth:`POP3Server.receive_data`; responses come out of
:meth:`POP3Server.data_to_send`, one item per response (a multi-line response
with its final ``.`` line is one item). Checking credentials is the mail server
node's business: the engine emits a pending :class:`LoginRequested` and reads no
further input until :meth:`POP3Server.auth_result` answers, so pipelined commands
(RFC 2449 §6.6) simply wait in the buffer meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mailsim.protocols import sasl
from mailsim.protocols.engine import ServerEngine
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.lines import Line, LineReader
from mailsim.protocols.mailstore import Mailbox
from mailsim.protocols.pop3 import codes, states, transaction
from mailsim.protocols.pop3 import events as ev
from mailsim.protocols.pop3.codes import Reply
from mailsim.protocols.pop3.commands import (
    COMMAND_LINE_LIMIT,
    SASL_LINE_LIMIT,
    Command,
    apop_digest,
    decode_line,
    is_hex_digest,
    is_timestamp,
    parse_command,
)
from mailsim.protocols.pop3.events import Event
from mailsim.protocols.pop3.maildrop import Maildrop
from mailsim.protocols.pop3.states import ServerState
from mailsim.protocols.pop3.states import ServerTrigger as ST

__all__ = ["POP3Server", "POP3ServerConfig", "apop_digest"]


@dataclass(frozen=True, slots=True)
class POP3ServerConfig:
    """What a server offers. The APOP timestamp is the caller's: the engine has no clock."""

    hostname: str
    apop_timestamp: str  # e.g. "<1896.697170952@mx.example.jp>"; "" = no APOP (RFC 1939 §7)
    stls: bool = False  # advertise and accept STLS (RFC 2595 §4)
    sasl_mechanisms: tuple[str, ...] = ()  # e.g. ("PLAIN", "LOGIN"): AUTH (RFC 5034)
    max_line: int = COMMAND_LINE_LIMIT  # RFC 2449 §4, CRLF included
    # Failed USER/PASS, APOP or AUTH attempts, then -ERR and close (as Dovecot does).
    max_failed_logins: int = 3


Result = list[Event]
Handler = Callable[["POP3Server", Command], Result]


class POP3Server(ServerEngine[ServerState, ST, Event]):
    """One server side of one POP3 connection."""

    _reader: LineReader

    def __init__(self, config: POP3ServerConfig) -> None:
        if config.apop_timestamp and not is_timestamp(config.apop_timestamp):
            raise LocalProtocolError("apop_timestamp must look like <...>", ServerState.CONNECTED)
        unknown = {m.upper() for m in config.sasl_mechanisms} - set(sasl.MECHANISMS)
        if unknown:
            raise LocalProtocolError(f"unsupported SASL mechanisms {sorted(unknown)}",
                                     ServerState.CONNECTED)
        super().__init__(states.SERVER_MACHINE, LineReader(config.max_line),
                         handshake=ServerState.TLS_HANDSHAKE, greet=ST.GREET,
                         tls_done=ST.TLS_DONE, lost=ST.LOST, starttls="STLS")
        self.config = config
        self._user: str | None = None  # from USER, waiting for PASS
        self._login: str | None = None  # who logged in
        self._maildrop: Maildrop | None = None
        self._sasl: sasl.SaslServer | None = None
        self._failed_logins = 0

    # --- public surface (the rest is ServerEngine's) ------------------------------
    @property
    def user(self) -> str | None:
        """The user who logged in (None before TRANSACTION)."""
        return self._login

    def auth_result(self, ok: bool, mailbox: Mailbox | None, *,
                    in_use: bool = False) -> list[Event]:
        """Answer the pending LoginRequested; on success snapshot ``mailbox`` (RFC 1939 §5).

        ``in_use``: the credentials were right but another session holds the
        maildrop's lock (RFC 1939 §4), so the answer is ``-ERR [IN-USE]``.
        """
        pending = self._pending
        if not isinstance(pending, ev.LoginRequested):
            raise LocalProtocolError("auth_result() with no login pending", self._state)
        if ok and mailbox is None:
            raise LocalProtocolError("auth_result(True) needs the user's mailbox", self._state)
        self._pending, self._sasl, self._user = None, None, None
        if in_use:
            self._transition(ST.LOGIN_FAILED)
            self._send(codes.IN_USE)
        elif ok and mailbox is not None:
            self._maildrop = Maildrop(mailbox)
            self._login = pending.user
            self._transition(ST.LOGIN_OK)
            self._send(codes.maildrop(*self._maildrop.stat()))
        else:
            return self._login_failed()
        return self._process()

    def _login_failed(self) -> list[Event]:
        """-ERR; the client may try again, until the limit (RFC 1939 §7 lets a server close)."""
        self._transition(ST.LOGIN_FAILED)
        self._failed_logins += 1
        refused = ev.LoginRefused(self._failed_logins)
        if self._failed_logins < self.config.max_failed_logins:
            self._send(codes.AUTH_FAILED)
            return [refused, *self._process()]
        self._send(codes.TOO_MANY_FAILURES)
        self._transition(ST.QUIT)
        return [refused, ev.CloseConnection()]

    # --- ServerEngine hooks ----------------------------------------------------------
    def _greeting(self) -> bytes:
        """The greeting, with the APOP timestamp if any (RFC 1939 §4, §7)."""
        return codes.greeting(self.config.apop_timestamp).to_bytes()

    def _forget(self) -> None:
        """No UPDATE state, so nothing is deleted (RFC 1939 §6)."""
        self._sasl, self._maildrop = None, None

    # --- input loop -------------------------------------------------------------
    def _read_one(self) -> Result | None:
        in_sasl = self._state is ServerState.SASL
        line = self._reader.next_line(SASL_LINE_LIMIT if in_sasl else None)
        if line is None:
            return None
        return self._sasl_line(line) if in_sasl else self._command_line(line)

    def _command_line(self, line: Line) -> Result:
        if line.overlong:
            return self._reply(codes.LINE_TOO_LONG)  # RFC 2449 §4; the session goes on
        text = decode_line(line.data)
        if text is None:
            return self._reply(codes.BAD_ENCODING)
        command = parse_command(text)
        if command is None or not states.COMMANDS.known(command.keyword):
            return self._reply(codes.UNKNOWN_COMMAND)  # e.g. LAST, removed from RFC 1939
        refusal = states.COMMANDS.refusal(command.keyword, self._state)
        if refusal is not None:
            return self._reply(refusal)
        if command.keyword != "PASS":
            self._user = None  # RFC 1939 §7: PASS must come right after USER
        return _HANDLERS[command.keyword](self, command)

    # --- AUTHORIZATION (RFC 1939 §4, §7) -----------------------------------------
    def _user_cmd(self, command: Command) -> Result:
        if len(command.args) != 1:
            return self._reply(codes.syntax("USER name"))
        self._user = command.args[0]
        return self._reply(codes.SEND_PASS)

    def _pass(self, command: Command) -> Result:
        user, self._user = self._user, None
        if user is None:
            return self._reply(codes.NEED_USER)
        if not command.rest:
            return self._reply(codes.syntax("PASS password"))
        # RFC 1939 §7 (PASS): spaces may be part of the password, so take the rest of the line.
        self._pending = ev.LoginRequested(user, command.rest, None)
        return [self._pending]

    def _apop(self, command: Command) -> Result:
        if not self.config.apop_timestamp:
            return self._reply(codes.APOP_NOT_SUPPORTED)
        if len(command.args) != 2 or not is_hex_digest(command.args[1]):
            return self._reply(codes.syntax("APOP name digest"))
        self._pending = ev.LoginRequested(command.args[0], None, command.args[1].lower())
        return [self._pending]

    def _stls(self, command: Command) -> Result:
        if not self.config.stls:
            return self._reply(codes.UNKNOWN_COMMAND)
        if self._tls:
            return self._reply(codes.TLS_ACTIVE)
        self._send(codes.BEGIN_TLS)
        # Plaintext pipelined behind STLS must not run after the handshake (the
        # CVE-2011-0411 command injection); bytes arriving later are held.
        self._reader.clear()
        self._transition(ST.STLS)
        return [ev.StartTLS()]

    def _auth(self, command: Command) -> Result:
        offered = tuple(m.upper() for m in self.config.sasl_mechanisms)
        if not offered:
            return self._reply(codes.UNKNOWN_COMMAND)
        if not command.args or len(command.args) > 2:
            return self._reply(codes.syntax("AUTH mechanism [initial-response]"))
        mechanism = command.args[0].upper()
        if mechanism not in offered:
            return self._reply(codes.UNRECOGNIZED_AUTH)
        self._sasl = sasl.SaslServer(mechanism)
        self._transition(ST.SASL)
        initial = command.args[1] if len(command.args) == 2 else None
        return self._sasl_step(self._sasl.start(initial))  # "=" is empty: RFC 5034 §4

    def _sasl_line(self, line: Line) -> Result:
        text = None if line.overlong else decode_line(line.data)
        return self._sasl_step(sasl.step_line(self._sasl, text))

    def _sasl_step(self, step: sasl.SaslStep) -> Result:
        if isinstance(step, sasl.Challenge):
            self._outbox.append(codes.challenge(step.text))
            return []
        if isinstance(step, sasl.Credentials):
            self._pending = ev.LoginRequested(step.username, step.password, None)
            return [self._pending]
        self._sasl = None
        self._transition(ST.SASL_FAILED)
        return self._reply({"cancelled": codes.AUTH_CANCELLED, "empty": codes.AUTH_FAILED}
                           .get(step.reason, codes.AUTH_MALFORMED))  # "=": RFC 5034 §4

    # --- both states ---------------------------------------------------------------
    def _capa(self, command: Command) -> Result:
        offer_stls = self.config.stls and not self._tls
        lines = codes.capabilities(stls=offer_stls,
                                   sasl=tuple(m.upper() for m in self.config.sasl_mechanisms))
        self._outbox.append(codes.CAPA_FOLLOWS.with_body(codes.lines_body(lines)))
        return []

    def _quit(self, command: Command) -> Result:
        events: list[Event] = []
        if self._maildrop is None:  # AUTHORIZATION: nothing to update (RFC 1939 §6)
            self._send(codes.signing_off(self.config.hostname, None))
            self._transition(ST.QUIT)
            return [ev.CloseConnection()]
        self._transition(ST.QUIT)  # TRANSACTION -> UPDATE
        removed = self._maildrop.commit()
        if removed:
            events.append(ev.MessagesDeleted(tuple(m.uid for m in removed)))
        self._send(codes.signing_off(self.config.hostname, len(self._maildrop.mailbox.messages)))
        self._maildrop = None
        self._transition(ST.UPDATED)
        return [*events, ev.CloseConnection()]

    # --- TRANSACTION (RFC 1939 §5, §7) --------------------------------------------
    def _transaction(self, command: Command) -> Result:
        if self._maildrop is None:
            raise LocalProtocolError("no maildrop in TRANSACTION", self._state)
        response, events = transaction.HANDLERS[command.keyword](self._maildrop, command.args)
        self._outbox.append(response)
        return events

    # --- helpers ------------------------------------------------------------------
    def _send(self, reply: Reply) -> None:
        self._outbox.append(reply.to_bytes())

    def _reply(self, reply: Reply) -> Result:
        self._send(reply)
        return []


_HANDLERS: dict[str, Handler] = {
    "USER": POP3Server._user_cmd, "PASS": POP3Server._pass, "APOP": POP3Server._apop,
    "STLS": POP3Server._stls, "AUTH": POP3Server._auth, "CAPA": POP3Server._capa,
    "QUIT": POP3Server._quit,
    **{keyword: POP3Server._transaction for keyword in transaction.HANDLERS},
}
