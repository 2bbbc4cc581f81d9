"""Sans-IO SMTP server engine (RFC 5321, with 6409, 4954, 3207, 2920, 1870, 6152).

Bytes go in through :meth:`SMTPServer.receive_data`; replies come out of
:meth:`SMTPServer.data_to_send`, one item per reply. Decisions that belong to the
mail server node (accept this sender? this recipient? queue this message? are
these credentials right?) come out as *pending* events; the engine reads no
further input until the caller answers with :meth:`respond` or :meth:`auth_result`.
Pipelined commands (RFC 2920) simply wait in the buffer meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

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

__all__ = ["SMTPServer", "ServerConfig"]

Handler = Callable[["SMTPServer", str], Event | None]


class SMTPServer(ServerEngine[ServerState, ST, Event]):
    """One server side of one SMTP connection."""

    _reader: LineReader

    def __init__(self, config: ServerConfig) -> None:
        super().__init__(states.SERVER_MACHINE, LineReader(cmd.AUTH_LINE_LIMIT),
                         handshake=ServerState.TLS_HANDSHAKE, greet=ST.GREET,
                         tls_done=ST.TLS_DONE, lost=ST.LOST, starttls="STARTTLS")
        self.config = config
        self._session = Session(tls=config.implicit_tls)
        self._txn = MailTransaction()
        self._errors = 0
        self._sasl: sasl.SaslServer | None = None
        self._collector: MessageCollector | None = None

    # --- public surface (the rest is ServerEngine's) ------------------------------
    @property
    def tls_active(self) -> bool:
        """True after a completed STARTTLS, or from the start with implicit TLS."""
        return self._session.tls

    @property
    def authenticated_user(self) -> str | None:
        """User name of a successful AUTH in this session."""
        return self._session.auth_user

    def respond(self, reply: Reply) -> list[Event]:
        """Answer the pending MailFrom, RcptTo or MessageReceived, then read on."""
        pending = self._pending
        if not isinstance(pending, ev.MailFrom | ev.RcptTo | ev.MessageReceived):
            raise LocalProtocolError("respond() with no MAIL/RCPT/message decision pending",
                                     self._state)
        if not 200 <= reply.code < 600 or reply.code // 100 == 3:
            raise LocalProtocolError(f"{reply.code} is not a completion reply", self._state)
        self._pending = None
        self._send(reply)
        accepted = reply.code // 100 == 2
        if isinstance(pending, ev.MailFrom) and accepted:
            self._txn.sender, self._txn.params = pending.sender, pending.params
            self._transition(ST.MAIL)
        elif isinstance(pending, ev.RcptTo):
            if accepted:
                self._txn.recipients.append(pending.recipient)
                self._transition(ST.RCPT_ACCEPTED)
            else:
                self._txn.refused += 1
        elif isinstance(pending, ev.MessageReceived):
            self._end_data()
        if reply.code == 421:  # RFC 5321 §3.8: the server is shutting the channel
            return [self._shutdown(reply, send=False)]
        return self._process()

    def refuse(self, reply: Reply) -> list[Event]:
        """Answer a new connection with 421 instead of the greeting and close
        (RFC 5321 §3.8: busy, or shutting down; the client tries again later)."""
        if reply.code != 421 or self._state is not ServerState.CONNECTED:
            raise LocalProtocolError("refuse() needs a 421 before the greeting", self._state)
        return [self._shutdown(reply)]

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
        closing = self._error(codes.AUTH_FAILED)
        return [closing] if closing else self._process()

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

    # --- input loop -------------------------------------------------------------
    def _read_one(self) -> list[Event] | None:
        limit = cmd.TEXT_LINE_LIMIT if self._state is ServerState.DATA else cmd.AUTH_LINE_LIMIT
        line = self._reader.next_line(limit)
        if line is None:
            return None
        event = self._handle_line(line)
        return [] if event is None else [event]

    def _handle_line(self, line: Line) -> Event | None:
        if self._state is ServerState.DATA:
            return self._data_line(line)
        if self._state is ServerState.AUTH:
            return self._auth_line(line)
        return self._command_line(line)

    def _command_line(self, line: Line) -> Event | None:
        if line.overlong:
            return self._error(codes.LINE_TOO_LONG)
        text = cmd.decode_line(line.data)
        if text is None:
            return self._error(codes.BAD_ENCODING)  # never an exception
        command = cmd.parse_command(text)
        if command is None or not (states.COMMANDS.known(command.verb)
                                   or command.verb in cmd.NOT_IMPLEMENTED):
            return self._error(codes.UNRECOGNIZED)
        if line.wire_length > cmd.COMMAND_LINE_LIMIT and command.verb != "AUTH":
            return self._error(codes.LINE_TOO_LONG)  # RFC 5321 §4.5.3.1.4
        if command.verb in cmd.NOT_IMPLEMENTED:
            return self._error(codes.NOT_IMPLEMENTED)  # RFC 5321 §4.2.4
        out_of_order = states.COMMANDS.refusal(command.verb, self._state)
        if command.verb == "DATA" and self._state is ServerState.MAIL and self._txn.refused:
            out_of_order = codes.NO_VALID_RECIPIENTS
        if out_of_order is not None:
            return self._error(out_of_order)
        return _HANDLERS[command.verb](self, command.argument)

    # --- commands -----------------------------------------------------------------
    def _greet(self, argument: str, *, esmtp: bool) -> Event | None:
        if not argument:
            return self._error(codes.syntax("EHLO hostname" if esmtp else "HELO hostname"))
        self._txn = MailTransaction()  # RFC 5321 §4.1.4: like RSET
        self._session.helo, self._session.esmtp = argument, esmtp
        cfg, tls = self.config, self._session.tls
        self._send(codes.ehlo_reply(
            cfg.hostname, cfg.max_message_size, starttls=cfg.starttls and not tls,
            auth=cfg.auth_mechanisms if tls or not cfg.auth_requires_tls else (),
        ) if esmtp else codes.helo_ok(cfg.hostname))
        self._transition(ST.HELO)
        return None

    def _mail(self, argument: str) -> Event | None:
        if self.config.submission and self._session.auth_user is None:
            # RFC 6409 §4.3 / RFC 4954 §6: submission requires authentication first.
            needs_tls = self.config.auth_requires_tls and not self._session.tls
            return self._error(codes.TLS_REQUIRED if needs_tls else codes.AUTH_REQUIRED)
        parsed = cmd.parse_mail(argument, self.config.max_message_size)
        if isinstance(parsed, Reply):
            return self._error(parsed)
        self._pending = ev.MailFrom(parsed.address, parsed.params)
        return self._pending

    def _rcpt(self, argument: str) -> Event | None:
        parsed = cmd.parse_rcpt(argument)
        if isinstance(parsed, Reply):
            return self._error(parsed)
        if len(self._txn.recipients) >= self.config.max_recipients:
            self._send(codes.TOO_MANY_RECIPIENTS)  # RFC 5321 §4.5.3.1.10
            return None
        self._pending = ev.RcptTo(parsed.address, parsed.params)
        return self._pending

    def _data(self, argument: str) -> Event | None:
        if argument:
            return self._error(codes.NO_ARGUMENT_EXPECTED)
        self._collector = MessageCollector(self.config.max_message_size)
        self._send(codes.START_DATA)
        self._transition(ST.DATA)
        return None

    def _data_line(self, line: Line) -> Event | None:
        collector = self._collector
        if collector is None or not collector.add(line):
            return None
        self._collector = None
        if collector.problem is not None:  # refused after the terminator, never delivered
            self._send(collector.problem)
            self._end_data()
            return None
        envelope = self._txn.envelope(self._session)
        self._pending = ev.MessageReceived(envelope, collector.content)
        return self._pending

    def _end_data(self) -> None:
        self._txn = MailTransaction()  # the session (helo, auth, tls) stays
        self._transition(ST.DATA_END)

    def _simple(self, reply: Reply) -> Event | None:
        self._send(reply)
        return None

    def _rset(self, argument: str) -> Event | None:
        self._txn = MailTransaction()
        self._send(codes.OK)
        self._transition(ST.RSET)
        return None

    def _vrfy(self, argument: str) -> Event | None:
        if not argument:
            return self._error(codes.syntax("VRFY address"))
        self._send(codes.VRFY_CANNOT)  # RFC 5321 §3.5.3
        return None

    def _quit(self, argument: str) -> Event | None:
        return self._shutdown(codes.BYE, trigger=ST.QUIT)

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
        if cfg.auth_requires_tls and not self._session.tls:
            return self._error(codes.ENCRYPTION_REQUIRED)  # RFC 4954 §6
        if self._session.auth_user is not None:
            return self._error(codes.ALREADY_AUTHENTICATED)  # RFC 4954 §4
        split = cmd.split_auth_argument(argument)
        if split is None:
            return self._error(codes.syntax("AUTH mechanism"))
        mechanism, initial = split
        offered = {m.upper() for m in cfg.auth_mechanisms} & set(sasl.MECHANISMS)
        if mechanism not in offered:
            return self._error(codes.UNRECOGNIZED_AUTH)
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
        cancelled = step.reason == "cancelled"
        return self._error(codes.AUTH_CANCELLED if cancelled else codes.AUTH_CANNOT_DECODE)

    # --- helpers ------------------------------------------------------------------
    def _send(self, reply: Reply) -> None:
        self._outbox.append(reply.to_bytes())

    def _error(self, reply: Reply) -> Event | None:
        """Send an error reply; after too many, give up with 421 (like Postfix)."""
        self._send(reply)
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


_HANDLERS: dict[str, Handler] = {
    "EHLO": lambda server, arg: server._greet(arg, esmtp=True),
    "HELO": lambda server, arg: server._greet(arg, esmtp=False),
    "NOOP": lambda server, arg: server._simple(codes.OK),
    "HELP": lambda server, arg: server._simple(codes.HELP),
    "MAIL": SMTPServer._mail,
    "RCPT": SMTPServer._rcpt, "DATA": SMTPServer._data, "RSET": SMTPServer._rset,
    "VRFY": SMTPServer._vrfy,
    "QUIT": SMTPServer._quit, "STARTTLS": SMTPServer._starttls, "AUTH": SMTPServer._auth,
}
