"""What the SMTP client writes (command lines) and what it collects for one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mailsim.protocols.smtp.codes import Reply
from mailsim.protocols.smtp.dotstuff import normalize_line_endings
from mailsim.protocols.smtp.events import Transaction, TransactionResult, make_transaction_result


@dataclass(slots=True)
class Attempt:
    """Replies collected so far for the transaction in progress."""

    transaction: Transaction
    pipelined: bool
    mail_reply: Reply | None = None
    rcpt_replies: list[tuple[str, Reply]] = field(default_factory=list)

    @property
    def any_accepted(self) -> bool:
        return any(rep.code // 100 == 2 for _, rep in self.rcpt_replies)

    @property
    def any_refused(self) -> bool:
        """A RCPT got a permanent refusal (5xx)."""
        return any(rep.code // 100 == 5 for _, rep in self.rcpt_replies)

    def result(self, data_reply: Reply | None) -> TransactionResult:
        assert self.mail_reply is not None  # set by the first reply of the attempt
        result: TransactionResult = make_transaction_result(
            self.transaction, tuple(self.rcpt_replies), data_reply, self.mail_reply)
        return result


def verb(word: str, *, lowercase: bool) -> str:
    """A command verb, lower-case for a client that writes them so (Python's smtplib)."""
    return word.lower() if lowercase else word


def mail_line(txn: Transaction, extensions: Mapping[str, str], *, lowercase: bool) -> str:
    """``MAIL FROM:<...>`` with SIZE (RFC 1870 §6) and BODY (RFC 6152 §2) when offered."""
    line = f"{verb('MAIL', lowercase=lowercase)} FROM:<{txn.sender}>"
    content = normalize_line_endings(txn.content)
    if "SIZE" in extensions:
        line += f" {verb('SIZE', lowercase=lowercase)}={len(content)}"
    if "8BITMIME" in extensions and not content.isascii():
        line += " BODY=8BITMIME"
    return line


def rcpt_line(recipient: str, *, lowercase: bool) -> str:
    """``RCPT TO:<...>``."""
    return f"{verb('RCPT', lowercase=lowercase)} TO:<{recipient}>"
