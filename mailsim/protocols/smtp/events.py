"""Events the SMTP engines return: small frozen dataclasses (the h11 style).

Server events marked *pending* leave the server waiting: the caller decides and
answers with ``respond()`` (or ``auth_result()``), and only then does the server
read further input.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.protocols import events as shared
from mailsim.protocols.events import Event, LoginRefused, StartTLS
from mailsim.protocols.makers import maker
from mailsim.protocols.smtp.codes import Reply

__all__ = ["AuthRequested", "ClientStartTLS", "CloseConnection", "Envelope", "Event", "LoginRefused",
           "MailFrom", "MessageReceived", "RcptTo", "SessionEnded", "SessionFailed", "StartTLS",
           "Transaction", "TransactionResult"]

Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Envelope:
    """What the SMTP dialogue said about a message besides its content (RFC 5321 §2.3.1)."""

    helo: str
    sender: str  # "" for the null reverse-path <>
    recipients: tuple[str, ...]
    auth_user: str | None
    tls: bool
    esmtp: bool
    params: Params  # MAIL FROM parameters, e.g. (("SIZE", "1234"),)


@dataclass(frozen=True, slots=True)
class Transaction:
    """One message a client is asked to send."""

    id: str  # the caller's id, for correlation
    sender: str  # "" for the null reverse-path <>
    recipients: tuple[str, ...]
    content: bytes  # RFC 5322 message, CRLF line ends (the client dot-stuffs it)


# --- Server side -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MailFrom(Event):
    """MAIL FROM passed the syntax checks. Pending: accept or refuse it."""

    sender: str
    params: Params

    def param(self, keyword: str) -> str | None:
        """The value of a parameter (keywords are upper-case), or None."""
        return dict(self.params).get(keyword.upper())


@dataclass(frozen=True, slots=True)
class RcptTo(Event):
    """RCPT TO passed the syntax checks. Pending: accept, forward or refuse."""

    recipient: str
    params: Params


@dataclass(frozen=True, slots=True)
class MessageReceived(Event):
    """A complete message. Pending: answer e.g. ``codes.queued(id)``.

    ``content`` has dot-stuffing removed and CRLF line ends, without the final
    ``.`` line.
    """

    envelope: Envelope
    content: bytes


@dataclass(frozen=True, slots=True)
class AuthRequested(Event):
    """The client presented credentials. Pending: call ``auth_result(ok)``."""

    mechanism: str
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class CloseConnection(shared.CloseConnection):
    """The server has said its last word (221 or 421): close the TCP connection."""

    reply: Reply


# --- Client side -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientStartTLS(Event):
    """The server said 220 to STARTTLS: run the handshake, then ``tls_established()``."""


@dataclass(frozen=True, slots=True)
class TransactionResult(Event):
    """How one transaction ended, with every reply the server gave it."""

    transaction: Transaction
    rcpt_replies: tuple[tuple[str, Reply], ...]
    data_reply: Reply | None  # None if DATA was never sent (MAIL refused, no recipient)
    mail_reply: Reply

    @property
    def delivered(self) -> tuple[str, ...]:
        """Recipients the server took responsibility for (RCPT 2xx and final 2xx)."""
        if self.data_reply is None or self.data_reply.code // 100 != 2:
            return ()
        return tuple(r for r, rep in self.rcpt_replies if rep.code // 100 == 2)

    @property
    def failed(self) -> tuple[tuple[str, Reply], ...]:
        """(recipient, the reply that decided its fate) for every undelivered one."""
        delivered = set(self.delivered)
        by_rcpt = dict(self.rcpt_replies)
        out: list[tuple[str, Reply]] = []
        for rcpt in self.transaction.recipients:
            if rcpt in delivered:
                continue
            rcpt_reply = by_rcpt.get(rcpt)
            if self.mail_reply.code // 100 != 2 or rcpt_reply is None:
                out.append((rcpt, self.mail_reply))
            elif rcpt_reply.code // 100 != 2 or self.data_reply is None:
                out.append((rcpt, rcpt_reply))
            else:
                out.append((rcpt, self.data_reply))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class SessionFailed(Event):
    """The session cannot go on; ``pending`` lists transactions not completed."""

    stage: str
    reply: Reply | None
    reason: str
    pending: tuple[Transaction, ...] = ()


@dataclass(frozen=True, slots=True)
class SessionEnded(Event):
    """The session is over (QUIT answered, or the client gave up): close TCP."""


# Made once per mail transaction or more (see mailsim.protocols.makers): every field,
# in order, without the frozen dataclass's per-field calls.
make_envelope = maker(Envelope)
make_mail_from = maker(MailFrom)
make_rcpt_to = maker(RcptTo)
make_message_received = maker(MessageReceived)
make_transaction_result = maker(TransactionResult)
