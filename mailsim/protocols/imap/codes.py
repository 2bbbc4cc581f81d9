"""IMAP4rev1 response texts, response codes, capabilities, flags and value formats.

Every fixed response text lives here, so that tests and captions can name them.
Response codes in brackets are from RFC 3501 §7.1 and RFC 5530.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from mailsim.protocols.mailstore import SYSTEM_FLAGS

INBOX = "INBOX"
DELIMITER = "/"
RECENT = "\\Recent"
SEEN = "\\Seen"
DELETED = "\\Deleted"
# RFC 3501 §7.2.6 FLAGS: the flags defined in this mailbox (RFC example order).
MAILBOX_FLAGS = ("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft")
# §7.1 PERMANENTFLAGS: what a client may change for good; \* = it may make up keywords.
PERMANENT_FLAGS = ("\\Deleted", "\\Seen", "\\Answered", "\\Flagged", "\\Draft", "\\*")
_CANONICAL = {flag.lower(): flag for flag in SYSTEM_FLAGS}

# --- fixed texts ---------------------------------------------------------------------
GREETING_TEXT = "mailsim IMAP4rev1 ready"
LOGOUT_BYE = "IMAP4rev1 server logging out"
BEGIN_TLS = "Begin TLS negotiation now"
LITERAL_READY = "Ready for literal data"
IDLING = "idling"  # RFC 2177 §3 example
IDLE_DONE = "IDLE terminated"
LOGIN_OK = "LOGIN completed"
AUTH_FAILED = "[AUTHENTICATIONFAILED] Invalid credentials"  # RFC 5530
TOO_MANY_FAILURES = "Too many failed logins, disconnecting"
LOGIN_DISABLED = "[PRIVACYREQUIRED] LOGIN is disabled until STARTTLS"  # RFC 5530, §6.2.3
NONEXISTENT = "[NONEXISTENT] Mailbox doesn't exist"  # RFC 5530
READ_ONLY = "[READ-ONLY] Mailbox is read-only"
SELECT_OK = "[READ-WRITE] SELECT completed"
EXAMINE_OK = "[READ-ONLY] EXAMINE completed"

# --- BAD reasons ---------------------------------------------------------------------
UNKNOWN_COMMAND = "Unknown command"
WRONG_STATE = "Command not valid in this state"
LINE_TOO_LONG = "Command line too long"
LITERAL_TOO_LARGE = "Literal too large"
INVALID_TAG = "Invalid tag"
EMPTY_LINE = "Empty command line"
INVALID_SEQUENCE = "Invalid message sequence number"
TLS_ACTIVE = "TLS is already active"
EXPECTED_DONE = "Expected DONE"  # RFC 2177: only DONE ends IDLE


def capabilities(*, starttls: bool, login_disabled: bool) -> str:
    """The CAPABILITY list (RFC 3501 §7.2.1); IMAP4rev1 must come first for imaplib."""
    caps = ["IMAP4rev1", "LITERAL+"]  # RFC 7888 non-synchronizing literals
    if starttls:
        caps.append("STARTTLS")  # §6.2.1
    if login_disabled:
        caps.append("LOGINDISABLED")  # §6.2.3
    return " ".join([*caps, *EXTENSIONS])


# What the engine implements besides IMAP4rev1, each with its RFC.
EXTENSIONS = (
    "CHILDREN",  # RFC 3348: \HasChildren / \HasNoChildren in LIST
    "ENABLE",  # RFC 5161
    "ID",  # RFC 2971
    "IDLE",  # RFC 2177
    "MOVE",  # RFC 6851
    "NAMESPACE",  # RFC 2342
    "SPECIAL-USE",  # RFC 6154: \Sent, \Trash, \Drafts, \Junk in LIST
    "UIDPLUS",  # RFC 4315: APPENDUID, COPYUID, UID EXPUNGE
)


def canonical_flag(flag: str) -> str | None:
    """A system flag in its usual spelling, a keyword as given, None if not storable.

    System flags are case-insensitive (RFC 3501 §2.3.2); \\Recent is the server's
    and unknown backslash flags do not exist.
    """
    if flag.startswith("\\"):
        return _CANONICAL.get(flag.lower())
    if not flag or any(c in flag for c in '(){%*"]\\ ') or not flag.isascii():
        return None
    return flag


def ordered_flags(flags: Iterable[str]) -> tuple[str, ...]:
    """System flags in a fixed order, then keywords sorted, then \\Recent last."""
    given = set(flags)
    system = [flag for flag in SYSTEM_FLAGS if flag in given]
    keywords = sorted(flag for flag in given if not flag.startswith("\\"))
    return (*system, *keywords, *([RECENT] if RECENT in given else []))


def flag_list(flags: Iterable[str]) -> str:
    """``(\\Seen \\Deleted)`` — a parenthesized flag list."""
    return "(" + " ".join(flags) + ")"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def imap_date_time(moment: datetime) -> str:
    """RFC 3501 §9 date-time, e.g. ``"01-Apr-2026 09:00:00 +0900"`` (quotes included).

    Month names are spelt out here rather than with ``%b``, which follows the
    locale. A naive datetime is taken as UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = moment.strftime("%z") or "+0000"
    return (f'"{moment.day:02d}-{_MONTHS[moment.month - 1]}-{moment.year:04d} '
            f'{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} {zone[:5]}"')


def month_number(name: str) -> int | None:
    """1-12 for a three-letter month name (any case), else None."""
    lowered = [m.lower() for m in _MONTHS]
    return lowered.index(name.lower()) + 1 if name.lower() in lowered else None


def string(value: bytes | str | None) -> bytes:
    """An nstring in a response: NIL, a quoted string, or a literal if it must be.

    Quoted strings cannot hold CR, LF, NUL or 8-bit octets (RFC 3501 §4.3, §9).
    """
    if value is None:
        return b"NIL"
    data = value.encode("utf-8") if isinstance(value, str) else value
    if any(b in (0x0D, 0x0A, 0x00) or b > 0x7F for b in data):
        return b"{%d}\r\n" % len(data) + data
    return b'"' + data.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


def mailbox_name(name: str) -> str:
    """INBOX is case-insensitive (RFC 3501 §5.1), also as the parent of other names;
    other names are returned as given."""
    if name.upper() == INBOX:
        return INBOX
    if name[:6].upper() == INBOX + DELIMITER:
        return INBOX + name[5:]
    return name
