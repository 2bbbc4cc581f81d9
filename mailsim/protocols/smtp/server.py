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

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.lines import Line
from mailsim.protocols.smtp import codes, states
from mailsim.protocols.smtp import commands as cmd
from mailsim.protocols.smtp import events as ev
from mailsim.protocols.smtp.codes import Reply
from mailsim.protocols.smtp.config import ServerConfig
from mailsim.protocols.smtp.dotstuff import MessageCollector
from mailsim.protocols.smtp.events import Event
from mailsim.protocols.smtp.server_base import SMTPServerBase
from mailsim.protocols.smtp.states import MailTransaction, ServerState
from mailsim.protocols.smtp.states import ServerTrigger as ST

__all__ = ["SMTPServer", "ServerConfig"]

Handler = Callable[["SMTPServer", str], Event | None]


class SMTPServer(SMTPServerBase):
    """One server side of one SMTP connection."""

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
                self._txn.accepted[cmd.mailbox_key(pending.recipient)] = reply
                self._transition(ST.RCPT_ACCEPTED)
            else:
                self._txn.refused += 1
        elif isinstance(pending, ev.MessageReceived):
            self._end_data()
        if reply.code == 421:  # RFC 5321 §3.8: the server is shutting the channel
            return [self._shutdown(reply, send=False)]
        if not accepted and isinstance(pending, ev.MailFrom | ev.RcptTo):
            # Postfix counts a refused MAIL or RCPT towards smtpd_hard_error_limit.
            closing = self._count_error()
            if closing is not None:
                return [closing]
        return self._process()

    def refuse(self, reply: Reply) -> list[Event]:
        """Answer a new connection with 421 instead of the greeting and close
        (RFC 5321 §3.8: busy, or shutting down; the client tries again later)."""
        if reply.code != 421 or self._state is not ServerState.CONNECTED:
            raise LocalProtocolError("refuse() needs a 421 before the greeting", self._state)
        return [self._shutdown(reply)]

    # --- input loop -------------------------------------------------------------
    def _read_one(self) -> list[Event] | None:
        state = self._state
        if state is ServerState.DATA:
            return self._read_text()
        line = self._reader.next_line(cmd.AUTH_LINE_LIMIT)
        if line is None:
            return None
        event = self._auth_line(line) if state is ServerState.AUTH else self._command_line(line)
        return [] if event is None else [event]

    def _read_text(self) -> list[Event] | None:
        """Message text up to its terminator; None when more bytes are needed.

        A whole message usually arrives as one unit: the collector takes it at
        once; otherwise line after line, in one loop.
        """
        collector, reader = self._collector, self._reader
        if collector is not None:
            taken = collector.take_text(reader.unread(), cmd.TEXT_LINE_LIMIT)
            if taken:
                reader.skip(taken)
                event = self._end_of_text(collector)
                return [] if event is None else [event]
        next_line = reader.next_line
        while (line := next_line(cmd.TEXT_LINE_LIMIT)) is not None:
            if collector is not None and collector.add(line):
                event = self._end_of_text(collector)
                return [] if event is None else [event]
        return None

    def _command_line(self, line: Line) -> Event | None:
        data, overlong, _ = line
        if overlong:
            return self._error(codes.LINE_TOO_LONG)
        text = cmd.decode_line(data)
        if text is None:
            return self._error(codes.BAD_ENCODING)  # never an exception
        command = cmd.parse_command(text)
        if command is None:
            return self._error(codes.UNRECOGNIZED)
        verb, state = command.verb, self._state
        unimplemented = verb in cmd.NOT_IMPLEMENTED
        if not (unimplemented or states.COMMANDS.known(verb)):
            return self._error(codes.UNRECOGNIZED)
        if len(data) + 2 > cmd.COMMAND_LINE_LIMIT and verb != "AUTH":
            return self._error(codes.LINE_TOO_LONG)  # RFC 5321 §4.5.3.1.4
        if unimplemented:
            return self._error(codes.NOT_IMPLEMENTED)  # RFC 5321 §4.2.4
        out_of_order = states.COMMANDS.refusal(verb, state)
        if verb == "DATA" and state is ServerState.MAIL and self._txn.refused:
            out_of_order = codes.NO_VALID_RECIPIENTS
        if out_of_order is not None:
            return self._error(out_of_order)
        return _HANDLERS[verb](self, command.argument)

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
        self._pending = ev.make_mail_from(parsed.address, parsed.params)
        return self._pending

    def _rcpt(self, argument: str) -> Event | None:
        parsed = cmd.parse_rcpt(argument)
        if isinstance(parsed, Reply):
            return self._error(parsed)
        earlier = self._txn.accepted.get(cmd.mailbox_key(parsed.address))
        if earlier is not None:
            # RFC 5321 §2.4: the same local part at the same domain (in any case) is
            # one mailbox. Like Postfix, say yes again and keep one recipient, so
            # the mailbox gets one copy and quotas and bounces count it once.
            self._send(earlier)
            return None
        if len(self._txn.recipients) >= self.config.max_recipients:
            self._send(codes.TOO_MANY_RECIPIENTS)  # RFC 5321 §4.5.3.1.10
            return None
        self._pending = ev.make_rcpt_to(parsed.address, parsed.params)
        return self._pending

    def _data(self, argument: str) -> Event | None:
        if argument:
            return self._error(codes.NO_ARGUMENT_EXPECTED)
        self._collector = MessageCollector(self.config.max_message_size)
        self._send(codes.START_DATA)
        self._transition(ST.DATA)
        return None

    def _end_of_text(self, collector: MessageCollector) -> Event | None:
        """The terminator has come: refuse the message or ask the caller to take it."""
        self._collector = None
        if collector.problem is not None:  # refused after the terminator, never delivered
            self._send(collector.problem)
            self._end_data()
            return None
        envelope = self._txn.envelope(self._session)
        self._pending = ev.make_message_received(envelope, collector.content)
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
