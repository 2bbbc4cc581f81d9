"""Octets and lines of one mailbox check, by the engines' own formulas, for whole arrays at once.

Every line a device and its server exchange at "check mail" is built from a
fixed text and a few numbers (counts, sizes, UIDs, message numbers). The fixed
parts are measured here once by calling the engines' reply builders
(:mod:`mailsim.protocols.pop3.codes`, :mod:`mailsim.protocols.imap.codes`,
:func:`mailsim.protocols.imap.fetch.render`) and the numbers enter through
their decimal widths, so the session engine can price millions of checks with
numpy. ``tests/study/test_sizes.py`` compares every formula with the engines'
real bytes.

Only what a generated workload does is priced: no TLS, no reads or deletions
by the user (so no ``\\Seen``), the mail client's fixed command sequences of
:mod:`mailsim.nodes.pop3_reader` and :mod:`mailsim.nodes.imap_reader`.

One part of a POP3 dialogue is random: the APOP timestamp in the greeting
(RFC 1939 §7) holds a number drawn from the run's random generator, 1 to 7
digits wide. It is priced at :data:`APOP_RANDOM_DIGITS` (its most likely
width); the agreement test corrects the line-level count by the widths it
actually finds in the greetings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from mailsim.protocols.imap import codes as imap_codes
from mailsim.protocols.imap.fetch import FetchItem, render, section_bytes
from mailsim.protocols.mailstore import StoredMessage
from mailsim.protocols.pop3 import codes as pop3_codes

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    IntArray = NDArray[np.int64]

APOP_RANDOM_DIGITS = 6  # getrandbits(20) is 6 digits wide 86 % of the time
CRLF = 2
UIDVALIDITY = 1  # the mailbox's, fixed (mailsim.protocols.mailstore.Mailbox)


def digits(values: IntArray) -> IntArray:
    """Decimal widths of non-negative integers (0 is one digit)."""
    import numpy as np

    values = np.asarray(values)
    width = np.ones(values.shape, dtype=np.int64)
    if values.size:
        for power in range(1, len(str(int(values.max())))):
            width += values >= 10**power
    return width


def digit_sum(counts: IntArray) -> IntArray:
    """``digits(1) + ... + digits(n)`` for each n: the widths of the numbers 1..n."""
    import numpy as np

    n = np.asarray(counts, dtype=np.int64)
    total = np.zeros_like(n)
    widest = len(str(int(n.max()))) if len(n) else 0
    for width in range(1, widest + 1):
        low, high = 10 ** (width - 1), 10**width - 1
        total += width * np.clip(np.minimum(n, high) - low + 1, 0, None)
    return total


def _len(data: bytes | str) -> int:
    return len(data.encode() if isinstance(data, str) else data)


# --- POP3 (RFC 1939), as POP3Check in mailsim/nodes/pop3_reader.py speaks it ----------

POP3_CAPA = _len(b"CAPA\r\n") + _len(pop3_codes.CAPA_FOLLOWS.with_body(
    pop3_codes.lines_body(pop3_codes.capabilities(stls=False, sasl=()))))
POP3_SEND_PASS = _len(pop3_codes.SEND_PASS.to_bytes())
POP3_STAT_CMD = _len(b"STAT\r\n")
POP3_UIDL_HEAD = _len(b"UIDL\r\n") + _len(pop3_codes.UIDL_FOLLOWS.to_bytes()) + _len(b".\r\n")
POP3_QUIT_CMD = _len(b"QUIT\r\n")
POP3_BASE_LINES = 13  # greeting, CAPA, USER, PASS, STAT, UIDL, QUIT and their answers
# Widths with zeros put in, so the numbers' own widths can be added back.
_MAILDROP_0 = _len(pop3_codes.maildrop(0, 0).to_bytes()) - 2  # "0 messages (0 octets)"
_STAT_0 = _len(pop3_codes.stat(0, 0).to_bytes()) - 2
_OCTETS_0 = _len(pop3_codes.octets(0).to_bytes()) - 1
_DELETED_0 = _len(pop3_codes.deleted(0).to_bytes()) - 1


def pop3_greeting(hostname: str, now_digits: IntArray) -> IntArray:
    """``+OK POP3 server ready <random.now@host>``: ``now`` in microseconds (its width)."""
    fixed = _len(pop3_codes.greeting(f"<.@{hostname}>").to_bytes())
    return fixed + APOP_RANDOM_DIGITS + now_digits


def pop3_login(address: str, password: str) -> int:
    """USER and PASS with the server's first answer (not the maildrop line)."""
    return _len(f"USER {address}\r\n") + POP3_SEND_PASS + _len(f"PASS {password}\r\n")


def pop3_maildrop_and_stat(count: IntArray, octets: IntArray) -> IntArray:
    """The answer to PASS (``maildrop has n messages (o octets)``), STAT and its answer."""
    numbers = digits(count) + digits(octets)
    plural: IntArray = (count != 1).astype(count.dtype)  # "1 message", "2 messages"
    total: IntArray = (_MAILDROP_0 - 1 + plural + numbers) + POP3_STAT_CMD + (_STAT_0 + numbers)
    return total


def pop3_uidl(count: IntArray, uid_digit_total: IntArray) -> IntArray:
    """UIDL and its listing, one ``n 1.uid`` line per message."""
    per_line = 1 + len(f"{UIDVALIDITY}.") + CRLF  # " ", "1.", CRLF
    return POP3_UIDL_HEAD + digit_sum(count) + uid_digit_total + per_line * count


def pop3_quit(hostname: str, left: IntArray) -> IntArray:
    """QUIT and ``... signing off (maildrop empty | n messages left)``."""
    import numpy as np

    empty = _len(pop3_codes.signing_off(hostname, 0).to_bytes())
    some = _len(pop3_codes.signing_off(hostname, 2).to_bytes()) - 1  # without the "2"
    plural = (left != 1).astype(left.dtype)
    return POP3_QUIT_CMD + np.where(left == 0, empty, some - 1 + plural + digits(left))


def pop3_retr(numbers_digits: IntArray, size: IntArray) -> IntArray:
    """``RETR n`` and ``+OK s octets``, the message, ``.`` (the content has no leading dots)."""
    return (_len("RETR \r\n") + numbers_digits) + (_OCTETS_0 + digits(size) + size + 3)


def pop3_dele(numbers_digits: IntArray) -> IntArray:
    """``DELE n`` and ``+OK message n deleted``."""
    return (_len("DELE \r\n") + numbers_digits) + (_DELETED_0 + numbers_digits)


# --- IMAP (RFC 3501), as IMAPSync.check in mailsim/nodes/imap_reader.py speaks it -------
# A check: greeting, CAPABILITY, LOGIN, SELECT; with mail there, the flags of all
# (RFC 4549 §4.3.1) and the listing of the new ones (UIDs only grow, RFC 3501 §2.3.1.1);
# the cache fetch; LOGOUT.

IMAP_TAG = len("A001")
IMAP_GREETING = _len(
    f"* OK [CAPABILITY {imap_codes.capabilities(starttls=False, login_disabled=False)}] "
    f"{imap_codes.GREETING_TEXT}\r\n")
IMAP_CAPABILITY = (_len("A001 CAPABILITY\r\n")
                   + _len(f"* CAPABILITY {imap_codes.capabilities(starttls=False, login_disabled=False)}\r\n")
                   + _len("A001 OK CAPABILITY completed\r\n"))
IMAP_LOGIN_OK = _len(f"A002 OK [CAPABILITY "
                     f"{imap_codes.capabilities(starttls=False, login_disabled=False)}] "
                     f"{imap_codes.LOGIN_OK}\r\n")
IMAP_SELECT_FIXED = (
    _len("A003 SELECT INBOX\r\n")
    + _len(f"* FLAGS {imap_codes.flag_list(imap_codes.MAILBOX_FLAGS)}\r\n")
    + _len("*  EXISTS\r\n") + _len("*  RECENT\r\n")
    + _len(f"* OK [UIDVALIDITY {UIDVALIDITY}] UIDs valid\r\n")
    + _len("* OK [UIDNEXT ] Predicted next UID\r\n")
    + _len(f"* OK [PERMANENTFLAGS {imap_codes.flag_list(imap_codes.PERMANENT_FLAGS)}] Limited\r\n")
    + _len(f"A003 OK {imap_codes.SELECT_OK}\r\n"))
IMAP_UNSEEN_1 = _len("* OK [UNSEEN 1] Message 1 is first unseen\r\n")  # no mail is ever \Seen
LIST_ITEMS = "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)])"
# The sync is incremental: every message's flags, then the listing of the new ones only.
IMAP_FLAGS = _len("A004 UID FETCH 1:* (UID FLAGS)\r\n") + _len("A004 OK UID FETCH completed\r\n")
IMAP_FLAG_ROW_FIXED = _len("*  FETCH (UID  FLAGS ())\r\n")  # besides the seq and UID widths
IMAP_LIST = _len(f"A005 UID FETCH :* {LIST_ITEMS}\r\n") + _len("A005 OK UID FETCH completed\r\n")
IMAP_CACHE_FIXED = (_len("A005 UID FETCH  (UID BODY.PEEK[])\r\n")
                    + _len("A005 OK UID FETCH completed\r\n"))
IMAP_LOGOUT = _len("A005 LOGOUT\r\n") + _len("A005 OK LOGOUT completed\r\n")
RECENT_FLAG = len(imap_codes.RECENT)  # "(\Recent)" instead of "()"
IMAP_BASE_LINES = 9  # greeting, CAPABILITY, LOGIN, SELECT, LOGOUT and their answers

_LIST_ITEMS = (FetchItem("UID", "UID"), FetchItem("FLAGS", "FLAGS"),
               FetchItem("RFC822.SIZE", "RFC822.SIZE"),
               FetchItem("SECTION", "BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID)]",
                         section="HEADER.FIELDS", fields=("SUBJECT", "MESSAGE-ID")))
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _listing_fixed() -> int:
    """One listing line's octets besides its numbers' widths and the header fields."""
    content = b"Subject: x\r\nMessage-ID: <x@x>\r\n\r\nx\r\n"
    header = section_bytes(content, _LIST_ITEMS[-1])
    row = render(1, StoredMessage(1, "<x@x>", content, _EPOCH), _LIST_ITEMS, ())
    # seq 1 and UID 1 are one digit each
    return len(row) - 2 - len(str(len(content))) - len(str(len(header))) - len(header)


IMAP_LISTING_FIXED = _listing_fixed()


def imap_login(address: str, password: str) -> int:
    """LOGIN (the password quoted as the reader quotes it) and its answer."""
    quoted = '"' + password.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _len(f"A002 LOGIN {address} {quoted}\r\n") + IMAP_LOGIN_OK


def imap_logout(hostname: str) -> int:
    return IMAP_LOGOUT + _len(f"* BYE {hostname} {imap_codes.LOGOUT_BYE}\r\n")


def imap_select(count: IntArray, next_uid: IntArray) -> IntArray:
    """SELECT INBOX and its answer, with ``* 0 RECENT`` (see :func:`imap_recent`)."""
    return (IMAP_SELECT_FIXED + digits(count) + 1 + digits(next_uid)
            + IMAP_UNSEEN_1 * (count > 0))


def imap_listing_row(uid: IntArray, size: IntArray, header: IntArray) -> IntArray:
    """One message's listing line without its sequence number's width.

    ``header`` is the octets of its Subject and Message-ID fields with the blank line.
    """
    return IMAP_LISTING_FIXED + digits(uid) + digits(size) + digits(header) + header


def imap_recent(recent: IntArray) -> IntArray:
    """What ``r`` messages seen first by this session add: ``* r RECENT`` and their flags
    in the flags fetch (their listing rows, if listed, add :data:`RECENT_FLAG` each again)."""
    return digits(recent) - 1 + RECENT_FLAG * recent


def imap_flags(count: IntArray, uid_digit_total: IntArray) -> IntArray:
    """``UID FETCH 1:* (UID FLAGS)`` of ``count`` (> 0) messages, no flags set, seqs included."""
    return IMAP_FLAGS + IMAP_FLAG_ROW_FIXED * count + uid_digit_total + digit_sum(count)


def imap_new_listing(low_uid: IntArray, rows: IntArray, seq_digit_total: IntArray) -> IntArray:
    """``UID FETCH lo:* (listing items)`` for the new messages: their rows and seq widths."""
    return IMAP_LIST + digits(low_uid) + rows + seq_digit_total


def imap_cache_fetch(count: IntArray, uid_digit_total: IntArray, seq_digit_total: IntArray,
                     size_total: IntArray, size_digit_total: IntArray) -> IntArray:
    """``UID FETCH u1,u2 (UID BODY.PEEK[])`` for ``count`` (> 0) messages and the bodies."""
    per_row = _len("*  FETCH (UID  BODY[] {}\r\n)\r\n")
    return (IMAP_CACHE_FIXED + uid_digit_total + (count - 1)
            + per_row * count + seq_digit_total + uid_digit_total + size_digit_total + size_total)


@dataclass(frozen=True, slots=True)
class Account:
    """The fixed texts of one user's checks: its login and its server's name."""

    address: str
    password: str
    server: str
