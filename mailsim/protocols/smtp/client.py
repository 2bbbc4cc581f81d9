"""Sans-IO SMTP client engine: greets, optionally STARTTLS and AUTH, sends mail, quits.

The session around the mail (greeting, EHLO, STARTTLS, AUTH, QUIT) is in
:mod:`~mailsim.protocols.smtp.client_base`; this module adds the transactions.
Commands sent behind the awaited one (RFC 2920 pipelining) wait in a queue of
triggers, so pipelined and one-at-a-time dialogue are alike: each reply answers
the oldest outstanding command, however split.
"""

from __future__ import annotations

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.smtp import client_lines as lines
from mailsim.protocols.smtp.client_base import SMTPClientSession
from mailsim.protocols.smtp.client_lines import Attempt
from mailsim.protocols.smtp.codes import Reply
from mailsim.protocols.smtp.config import ClientConfig
from mailsim.protocols.smtp.dotstuff import TERMINATOR, stuff
from mailsim.protocols.smtp.events import Event, Transaction
from mailsim.protocols.smtp.states import ClientState
from mailsim.protocols.smtp.states import ClientTrigger as CT

__all__ = ["ClientConfig", "SMTPClient"]

C = ClientState


class SMTPClient(SMTPClientSession):
    """One client side of one SMTP connection, with a list of messages to send."""

    # --- mail transactions ---------------------------------------------------------
    def _next_transaction(self) -> list[Event]:
        if not self._queue:
            self._attempt = None
            self._command(self._verb("QUIT"), CT.QUIT)
            return []
        txn = self._queue.popleft()
        pipelined = self.config.pipelining and "PIPELINING" in self._extensions
        self._attempt = Attempt(txn, pipelined)
        if not pipelined:
            self._command(self._mail_line(txn), CT.MAIL)
            return []
        lines = [self._mail_line(txn)] + [self._rcpt_line(r) for r in txn.recipients]
        lines.append(self._verb("DATA"))
        self._outbox.append("".join(line + "\r\n" for line in lines).encode("utf-8"))
        self._queued += [CT.MAIL] + [CT.RCPT] * len(txn.recipients) + [CT.DATA]
        return []

    def _on_mail(self, reply: Reply) -> list[Event]:
        attempt = self._current()
        attempt.mail_reply = reply
        if attempt.pipelined:
            return []
        if reply.code // 100 != 2:
            return self._finish(None, reset=False)
        self._command(self._rcpt_line(attempt.transaction.recipients[0]), CT.RCPT)
        return []

    def _on_rcpt(self, reply: Reply) -> list[Event]:
        attempt = self._current()
        recipients = attempt.transaction.recipients
        attempt.rcpt_replies.append((recipients[len(attempt.rcpt_replies)], reply))
        if attempt.pipelined:
            return []
        if len(attempt.rcpt_replies) < len(recipients):
            self._command(self._rcpt_line(recipients[len(attempt.rcpt_replies)]), CT.RCPT)
        elif attempt.any_accepted:
            self._command(self._verb("DATA"), CT.DATA)
        else:
            return self._finish(None, reset=True)  # nobody accepted: RSET, no DATA
        return []

    def _on_data(self, reply: Reply) -> list[Event]:
        attempt = self._current()
        if reply.code != 354:
            mail_ok = attempt.mail_reply is not None and attempt.mail_reply.code // 100 == 2
            return self._finish(reply if mail_ok else None, reset=mail_ok)
        # RFC 2920 §3.1: a 354 with no accepted recipient still needs the terminator.
        content = stuff(attempt.transaction.content) if attempt.any_accepted else TERMINATOR
        self._outbox.append(content)
        self._queued.append(CT.CONTENT)
        return []

    def _on_content(self, reply: Reply) -> list[Event]:
        return self._finish(reply, reset=False)

    def _on_rset(self, reply: Reply) -> list[Event]:
        return self._next_transaction()

    def _finish(self, data_reply: Reply | None, *, reset: bool) -> list[Event]:
        result = self._current().result(data_reply)
        self._attempt = None
        if reset:
            self._command(self._verb("RSET"), CT.RSET)
            return [result]
        return [result, *self._next_transaction()]

    # --- helpers ---------------------------------------------------------------------
    def _current(self) -> Attempt:
        if self._attempt is None:
            raise LocalProtocolError("no transaction in progress", self._state)
        return self._attempt

    def _mail_line(self, txn: Transaction) -> str:
        return lines.mail_line(txn, self._extensions, lowercase=self.config.lowercase_verbs)

    def _rcpt_line(self, recipient: str) -> str:
        return lines.rcpt_line(recipient, lowercase=self.config.lowercase_verbs)


SMTPClient._DISPATCH = {
    C.GREETING: SMTPClient._on_greeting, C.EHLO: SMTPClient._on_ehlo,
    C.HELO: SMTPClient._on_helo, C.STARTTLS: SMTPClient._on_starttls,
    C.AUTH: SMTPClient._on_auth, C.MAIL: SMTPClient._on_mail, C.RCPT: SMTPClient._on_rcpt,
    C.DATA: SMTPClient._on_data, C.CONTENT: SMTPClient._on_content,
    C.RSET: SMTPClient._on_rset, C.QUIT: SMTPClient._on_quit,
}
