"""APPEND (RFC 3501 §6.3.11) with UIDPLUS's APPENDUID (RFC 4315 §3).

``APPEND mailbox [(flags)] ["date-time"] literal``: the message goes into the
folder with those flags and that internal date (else the server's clock), and
the tagged OK says where: ``[APPENDUID uidvalidity uid]``. A folder that does
not exist gets ``NO [TRYCREATE]``, a message that does not fit the quota
``NO [OVERQUOTA]`` (RFC 5530) -- before the literal is sent when the client
asked for a ``+`` first (see :func:`refusal`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from mailsim.protocols.imap import codes, mime
from mailsim.protocols.imap.events import Appended
from mailsim.protocols.imap.mailboxes import name_arg
from mailsim.protocols.imap.outcome import Outcome
from mailsim.protocols.imap.parser import ParseError, Token, astring, tokenize
from mailsim.protocols.imap.reader import LITERAL_MARK
from mailsim.protocols.imap.selected import parse_flags
from mailsim.protocols.mailstore import Account

TRYCREATE = "[TRYCREATE] Mailbox doesn't exist"  # §6.3.11, §7.1
OVER_QUOTA = "[OVERQUOTA] Quota exceeded"  # RFC 5530
# RFC 3501 §9 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz", the day may be " d".
_DATE_TIME = re.compile(r"([ \d]\d)-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)")


def parse_date_time(text: str) -> datetime:
    """An RFC 3501 date-time as an aware datetime; ParseError if it is not one."""
    match = _DATE_TIME.fullmatch(text)
    month = codes.month_number(match[2]) if match else None
    if match is None or month is None:
        raise ParseError("Invalid date-time")
    zone = timedelta(hours=int(match[8]), minutes=int(match[9]))
    try:
        return datetime(int(match[3]), month, int(match[1]), int(match[4]), int(match[5]),
                        int(match[6]), tzinfo=timezone(-zone if match[7] == "-" else zone))
    except ValueError:
        raise ParseError("Invalid date-time") from None


def append(account: Account, args: tuple[Token, ...], now: datetime) -> Outcome:
    """Run APPEND; ``now`` is the internal date when the client gives none."""
    if len(args) < 2:
        raise ParseError("APPEND needs a mailbox name and a message literal")
    name = name_arg(args[0])
    rest = list(args[1:])
    message = rest.pop()
    if not isinstance(message, bytes):
        raise ParseError("APPEND needs the message as a literal")
    flags: frozenset[str] = frozenset()
    if rest and isinstance(rest[0], tuple):
        flags = parse_flags(rest.pop(0))
    when = now
    if rest and isinstance(rest[0], bytes):
        when = parse_date_time(astring(rest.pop(0)))
    if rest:
        raise ParseError("Invalid APPEND arguments")
    box = account.folder(name)
    if box is None:
        return Outcome(TRYCREATE, "NO")
    if not account.fits(len(message)):
        return Outcome(OVER_QUOTA, "NO")
    message_id = str(mime.headers(message).get("Message-ID", "") or "").strip()
    stored = box.store(message, message_id, when, flags)
    event = Appended(box.name, stored.uid, message_id, stored.size, codes.ordered_flags(flags))
    return Outcome(f"[APPENDUID {box.uidvalidity} {stored.uid}] APPEND completed",
                   events=[event])


def refusal(account: Account | None, head: bytes, size: int) -> str | None:
    """Why APPEND's synchronizing literal should not be sent at all, or None.

    RFC 3501 §7.5: instead of the ``+`` the server may answer the command at once;
    a client then sends no literal (no "+ Ready" followed by "NO").
    """
    mark = LITERAL_MARK.search(head)
    try:
        tokens = tokenize(head[: mark.start()] if mark else head)
    except ParseError:
        return None
    if (account is None or len(tokens) < 3 or not isinstance(tokens[1], str)
            or tokens[1].upper() != "APPEND" or isinstance(tokens[2], tuple)):
        return None
    try:
        name = name_arg(tokens[2])
    except ParseError:
        return None
    if account.folder(name) is None:
        return TRYCREATE
    if not account.fits(size):
        return OVER_QUOTA
    return None
