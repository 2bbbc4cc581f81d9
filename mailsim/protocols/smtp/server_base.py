"""The SMTP server's session: STARTTLS (RFC 3207), AUTH (RFC 4954), error counting, closing.

Split from :mod:`mailsim.protocols.smtp.server` along the line between what lasts
for the connection (this module) and the dialogue of commands and mail
transactions (that one).
"""

from __future__ import annotations

from mailsim.protocols import sasl
from mailsim.protocols.engine import ServerEngine
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.lines import Line, LineReader
from mailsim.protocols.smtp import codes, states
from mailsim.protocols.smtp import commands as cmd
from mailsim.protocols.smtp import events as ev
from mailsim.protocols.smtp.codes import Reply
from mailsim.protocols.smtp.config import ServerConfig
from mailsim.protocols.smtp.dotstuff import MessageCollector
from mailsim.protocols.smtp.events import Event
from mailsim.protocols.smtp.states import MailTransaction, ServerState, Session
from mailsim.protocols.smtp.states import ServerTrigger as ST


class SMTPServerBase(ServerEngine[ServerState, ST, Event]):
    """The session of one SMTP server connection: TLS, AUTH, errors and the last word.

    :class:`~mailsim.protocols.smtp.server.SMTPServer` adds the dialogue and the
    mail transaction on top.
    """

    _reader: LineReader

    def __init__(self, config: ServerConfig) -> None:
        super().__init__(states.SERVER_MACHINE, LineReader(cmd.AUTH_LINE_LIMIT),
                         handshake=ServerState.TLS_HANDSHAKE, greet=ST.GREET,
                         tls_done=ST.TLS_DONE, lost=ST.LOST, starttls="STARTTLS")
        self.config = config
        self._session = Session(tls=config.implicit_tls)
        self._txn = MailTransaction()
        self._errors = 0
        self._failed_logins = 0
        self._sasl: sasl.SaslServer | None = None
        self._collector: MessageCollector | None = None

    # --- public surface (with SMTPServer's and ServerEngine's) -------------------
    @property
    def tls_active(self) -> bool:
        """True after a completed STARTTLS, or from the start with implicit TLS."""
        return self._session.tls

    @property
    def helo(self) -> str | None:
        """The name the client gave in EHLO or HELO (None before it did)."""
        return self._session.helo

    @property
    def authenticated_user(self) -> str | None:
        """User name of a successful AUTH in this session."""
        return self._session.auth_user

    def auth_result(self, ok: bool, *, temporary: bool = False) -> list[Event]:
        """Answer the pending AuthRequested: 235, 535, or 454 when the check
        itself could not be made (RFC 4954 §6)."""
        pending = self._pending
        if not isinstance(pending, ev.AuthRequested):
            raise LocalProtocolError("auth_result() with no AUTH decision pending", self._state)
        self._pending, self._sasl = None, None
        self._transition(ST.AUTH_DONE)
        if ok:
            self._session.auth_user = pending.username
            self._send(codes.AUTH_OK)
            return self._process()
        if temporary:
            self._send(codes.AUTH_TEMPORARY_FAILURE)
            return self._process()
        self._failed_logins += 1
        refused = ev.LoginRefused(self._failed_logins)
        closing = self._error(codes.AUTH_FAILED)
        if closing is None and self._failed_logins >= self.config.max_failed_logins:
            closing = self._shutdown(codes.too_many_errors(self.config.hostname))
        return [refused, closing] if closing else [refused, *self._process()]

    # --- ServerEngine hooks ----------------------------------------------------------
    def _greeting(self) -> bytes:
        return codes.greeting(self.config.hostname, self.config.banner).to_bytes()

    def _after_tls(self) -> None:
        """Forget the session (RFC 3207 §4.2): a new EHLO, AUTH and transaction follow."""
        self._session = Session(tls=True)
        self._txn = MailTransaction()

    def _forget(self) -> None:
        """An open transaction is discarded, never delivered."""
        self._sasl, self._collector = None, None
        self._txn = MailTransaction()

    # --- STARTTLS and AUTH commands -------------------------------------------------
    def _starttls(self, argument: str) -> Event | None:
        if not self.config.starttls:
            return self._error(codes.NOT_IMPLEMENTED)
        if self._session.tls:
            return self._error(codes.TLS_ALREADY_ACTIVE)
        if argument:
            return self._error(codes.NO_ARGUMENT_EXPECTED)  # RFC 3207 §4
        self._send(codes.READY_TLS)
        # Plaintext pipelined behind STARTTLS must not be executed after the
        # handshake (RFC 3207 §4.2; the CVE-2011-0411 command injection).
        self._reader.clear()
        self._transition(ST.STARTTLS)
        return ev.StartTLS()

    def _auth(self, argument: str) -> Event | None:
        cfg = self.config
        if not cfg.auth_mechanisms:
            return self._error(codes.AUTH_NOT_ENABLED)
        if self._session.auth_user is not None:
            return self._error(codes.ALREADY_AUTHENTICATED)  # RFC 4954 §4
        split = cmd.split_auth_argument(argument)
        if split is None:
            return self._error(codes.syntax("AUTH mechanism"))
        mechanism, initial = split
        offered = {m.upper() for m in cfg.auth_mechanisms} & set(sasl.MECHANISMS)
        if mechanism not in offered:
            # RFC 4954 §4: a mechanism the server does not support is 504, with TLS or without.
            return self._error(codes.UNRECOGNIZED_AUTH)
        if cfg.auth_requires_tls and not self._session.tls:
            # RFC 4954 §6: 538 is for a mechanism this server has but uses only over TLS.
            return self._error(codes.ENCRYPTION_REQUIRED)
        self._sasl = sasl.SaslServer(mechanism)
        self._transition(ST.AUTH)
        return self._sasl_step(self._sasl.start(initial))

    def _auth_line(self, line: Line) -> Event | None:
        text = None if line.overlong else cmd.decode_line(line.data)
        return self._sasl_step(sasl.step_line(self._sasl, text))

    def _sasl_step(self, step: sasl.SaslStep) -> Event | None:
        if isinstance(step, sasl.Challenge):
            self._send(codes.auth_challenge(step.text))
            return None
        mechanism = self._sasl.mechanism if self._sasl else ""
        if isinstance(step, sasl.Credentials):
            self._pending = ev.AuthRequested(mechanism, step.username, step.password)
            return self._pending
        self._sasl = None
        self._transition(ST.AUTH_DONE)
        return self._error({"cancelled": codes.AUTH_CANCELLED, "empty": codes.AUTH_FAILED}
                           .get(step.reason, codes.AUTH_CANNOT_DECODE))  # "=": 535, RFC 4954 §4

    # --- helpers ------------------------------------------------------------------
    def _send(self, reply: Reply) -> None:
        self._outbox.append(reply.to_bytes())

    def _error(self, reply: Reply) -> Event | None:
        """Send an error reply; after too many, give up with 421 (like Postfix)."""
        self._send(reply)
        return self._count_error()

    def _count_error(self) -> Event | None:
        """One more error (the reply is already queued); at the limit, 421 and close."""
        self._errors += 1
        if self._errors >= self.config.max_errors:
            return self._shutdown(codes.too_many_errors(self.config.hostname))
        return None

    def _shutdown(self, reply: Reply, *, send: bool = True, trigger: ST = ST.CLOSE) -> Event:
        if send:
            self._send(reply)
        self._pending = None
        self._transition(trigger)
        return ev.CloseConnection(reply)
