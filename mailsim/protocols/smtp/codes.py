"""SMTP replies: the Reply value, every fixed reply as a named constant, a parser.

Reply texts are modelled on Postfix; enhanced status codes (RFC 3463, advertised
as ENHANCEDSTATUSCODES, RFC 2034) are part of the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mailsim.protocols.lines import LineReader


@dataclass(frozen=True, slots=True)
class Reply:
    """One (possibly multi-line) SMTP reply."""

    code: int
    lines: tuple[str, ...]

    def to_bytes(self) -> bytes:
        """Wire form; all but the last line use ``code-`` (RFC 5321 §4.2.1)."""
        lines = self.lines
        if len(lines) == 1 and lines[0]:  # most replies: one line with text
            return f"{self.code} {lines[0]}\r\n".encode()
        lines = lines or ("",)
        out = [f"{self.code}-{line}\r\n" for line in lines[:-1]]
        last = lines[-1]
        out.append(f"{self.code} {last}\r\n" if last or self.code == 334 else f"{self.code}\r\n")
        return "".join(out).encode("utf-8")

    @property
    def text(self) -> str:
        """All lines joined with one space."""
        return " ".join(self.lines)

    @property
    def is_positive(self) -> bool:
        """2xx or 3xx (RFC 5321 §4.2.1)."""
        return 200 <= self.code < 400

    @property
    def is_transient(self) -> bool:
        """4xx: try again later."""
        return 400 <= self.code < 500

    @property
    def is_permanent(self) -> bool:
        """5xx: do not repeat as is."""
        return 500 <= self.code < 600

    def __str__(self) -> str:
        return self.to_bytes().decode("utf-8").rstrip("\r\n").replace("\r\n", " | ")


class _ReplyDraft:
    """A :class:`Reply` being filled in: the same slots, so it can take Reply's class."""

    __slots__ = ("code", "lines")
    code: int
    lines: tuple[str, ...]


assert _ReplyDraft.__slots__ == tuple(sorted(Reply.__slots__))
_new = object.__new__


def reply(code: int, *lines: str) -> Reply:
    """Build a Reply from a code and its text lines."""
    return Reply(code, tuple(lines))


# --- Positive completion (2xx) and intermediate (3xx) ---------------------------
READY_TLS = reply(220, "2.0.0 Ready to start TLS")
BYE = reply(221, "2.0.0 Bye")
HELP = reply(214, "2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY AUTH STARTTLS")
OK = reply(250, "2.0.0 Ok")
OK_MAIL = reply(250, "2.1.0 Ok")
OK_RCPT = reply(250, "2.1.5 Ok")
VRFY_CANNOT = reply(
    252, "2.0.0 Cannot VRFY user, but will accept message and attempt delivery"
)
AUTH_OK = reply(235, "2.7.0 Authentication successful")
START_DATA = reply(354, "End data with <CR><LF>.<CR><LF>")

# --- Transient failures (4xx) ----------------------------------------------------
TOO_MANY_RECIPIENTS = reply(452, "4.5.3 Error: too many recipients")
MAILBOX_FULL_TRANSIENT = reply(452, "4.2.2 Mailbox full")
TLS_NOT_AVAILABLE = reply(454, "4.7.0 TLS not available due to local problem")
AUTH_TEMPORARY_FAILURE = reply(454, "4.7.0 Temporary authentication failure")  # RFC 4954 §6

# --- Permanent failures (5xx): syntax and sequence ------------------------------
UNRECOGNIZED = reply(500, "5.5.2 Error: command not recognized")
BAD_ENCODING = reply(500, "5.5.2 Error: bad syntax (non-ASCII command)")
LINE_TOO_LONG = reply(500, "5.5.0 Error: line too long")
DATA_LINE_TOO_LONG = reply(500, "5.5.0 Error: message line too long; message not accepted")
BAD_SENDER_SYNTAX = reply(501, "5.1.7 Bad sender address syntax")
BAD_RECIPIENT_SYNTAX = reply(501, "5.1.3 Bad recipient address syntax")
BAD_PARAMETER_SYNTAX = reply(501, "5.5.4 Bad parameter syntax")
BAD_SIZE_SYNTAX = reply(501, "5.5.4 Bad message size syntax")
BAD_BODY_SYNTAX = reply(501, "5.5.4 Unsupported BODY type")
NO_ARGUMENT_EXPECTED = reply(501, "5.5.4 Syntax: no arguments expected")
AUTH_CANCELLED = reply(501, "5.7.0 Authentication cancelled")
AUTH_CANNOT_DECODE = reply(501, "5.5.2 Cannot decode response")
NOT_IMPLEMENTED = reply(502, "5.5.1 Error: command not implemented")
NEED_HELO = reply(503, "5.5.1 Error: send HELO/EHLO first")
NEED_MAIL = reply(503, "5.5.1 Error: need MAIL command")
NEED_RCPT = reply(503, "5.5.1 Error: need RCPT command")
NESTED_MAIL = reply(503, "5.5.1 Error: nested MAIL command")
ALREADY_AUTHENTICATED = reply(503, "5.5.1 Error: already authenticated")
AUTH_IN_TRANSACTION = reply(503, "5.5.1 Error: MAIL transaction in progress")
AUTH_NOT_ENABLED = reply(503, "5.5.1 Error: authentication not enabled")
STARTTLS_IN_TRANSACTION = reply(503, "5.5.1 Error: MAIL transaction in progress")
BAD_SEQUENCE = reply(503, "5.5.1 Error: bad sequence of commands")  # RFC 5321 §4.2.4
UNRECOGNIZED_AUTH = reply(504, "5.5.4 Unrecognized authentication type")
NO_VALID_RECIPIENTS = reply(554, "5.5.1 Error: no valid recipients")
TLS_ALREADY_ACTIVE = reply(554, "5.5.1 Error: TLS already active")

# --- Permanent failures (5xx): policy --------------------------------------------
AUTH_REQUIRED = reply(530, "5.7.0 Authentication required")
TLS_REQUIRED = reply(530, "5.7.0 Must issue a STARTTLS command first")
AUTH_FAILED = reply(535, "5.7.8 Error: authentication failed")
# RFC 4954 §6: the mechanism may only be used over an encrypted channel.
ENCRYPTION_REQUIRED = reply(
    538, "5.7.11 Encryption required for requested authentication mechanism"
)
MESSAGE_TOO_BIG = reply(552, "5.3.4 Message size exceeds fixed limit")
MAILBOX_FULL = reply(552, "5.2.2 Mailbox full")


def greeting(hostname: str, banner: str) -> Reply:
    """220 service ready (RFC 5321 §4.3.1)."""
    return reply(220, f"{hostname} {banner}")


def helo_ok(hostname: str) -> Reply:
    """250 answer to HELO: just the server's name."""
    return reply(250, hostname)


def ehlo_reply(hostname: str, max_size: int, *, starttls: bool, auth: tuple[str, ...]) -> Reply:
    """250 answer to EHLO: the name, then one service extension per line (RFC 5321 §4.1.1.1)."""
    lines = [hostname, "PIPELINING", f"SIZE {max_size}"]  # RFC 2920, RFC 1870
    if starttls:
        lines.append("STARTTLS")  # RFC 3207
    if auth:
        lines.append("AUTH " + " ".join(auth))  # RFC 4954
    lines += ["ENHANCEDSTATUSCODES", "8BITMIME"]  # RFC 2034, RFC 6152
    return Reply(250, tuple(lines))


def too_many_errors(hostname: str) -> Reply:
    """421: the server gives up on a misbehaving client and closes (RFC 5321 §3.8)."""
    return reply(421, f"4.7.0 {hostname} Error: too many errors")


def syntax(usage: str) -> Reply:
    """501 with the command's usage line."""
    return reply(501, f"5.5.4 Syntax: {usage}")


def auth_challenge(text: str) -> Reply:
    """334 carrying a base64 SASL challenge (RFC 4954 §4); may be empty."""
    return reply(334, text)


def queued(queue_id: str) -> Reply:
    """250 after DATA: the message is now the server's responsibility."""
    return reply(250, f"2.0.0 Ok: queued as {queue_id}")


def will_forward(rcpt: str) -> Reply:
    """251 user not local; the server forwards (RFC 5321 §3.4)."""
    return reply(251, f"2.1.5 User not local; will forward to <{rcpt}>")


def too_many_recipients() -> Reply:
    """452 4.5.3 (RFC 5321 §4.5.3.1.10): the client should retry the rest later."""
    return TOO_MANY_RECIPIENTS


def relay_denied(rcpt: str) -> Reply:
    """554 5.7.1: the server is not an open relay."""
    return reply(554, f"5.7.1 <{rcpt}>: Relay access denied")


def unknown_user(rcpt: str) -> Reply:
    """550 5.1.1: no such mailbox here."""
    return reply(
        550, f"5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table"
    )


def bad_address(path: str, detail: str = "Bad address syntax") -> Reply:
    """553 5.1.3: the mailbox name is not allowed (RFC 5321 §4.2.2)."""
    shown = path if len(path) <= 64 else path[:64] + "..."
    return reply(553, f"5.1.3 <{shown}>: {detail}")


def unsupported_parameter(keyword: str) -> Reply:
    """555: MAIL/RCPT parameter not recognized (RFC 5321 §4.1.1.11)."""
    return reply(555, f"5.5.4 Unsupported option: {keyword}")


_SPACE, _HYPHEN = 0x20, 0x2D
# Every valid code's three octets, read with one lookup per reply line.
_CODES = {str(code).encode("ascii"): code for code in range(100, 600)}


def _parse_reply_line(line: bytes) -> tuple[int, bool, str] | None:
    """(code, is_last, text) of one reply line, or None if it is not one.

    The code is three ASCII digits, the first 1 to 5 (RFC 5321 §4.2), read from
    the octets themselves: no decoding of the whole line, and a Unicode digit
    such as ``²`` is no digit here (``int`` would refuse it).
    """
    code = _CODES.get(line[:3])
    if code is None:
        return None
    if len(line) == 3:
        return code, True, ""
    separator = line[3]
    if separator != _SPACE and separator != _HYPHEN:
        return None
    return code, separator == _SPACE, line[4:].decode("utf-8", errors="replace")


class ReplyParser(LineReader):
    """Assemble replies from received bytes (multi-line per RFC 5321 §4.2.1).

    A line reader itself (bytes go straight into its buffer, no layer between).
    :meth:`next_reply` returns a Reply, None (need more bytes), or the string
    ``"malformed"`` when the server sent something that is not a reply.
    """

    def __init__(self, max_line: int = 2048) -> None:
        super().__init__(max_line)
        self._code: int | None = None
        self._lines: list[str] = []

    def clear(self) -> None:
        """Drop buffered bytes (e.g. anything injected before a TLS handshake)."""
        super().clear()
        self._code, self._lines = None, []

    def next_reply(self) -> Reply | str | None:
        """The next complete reply, None, or "malformed"."""
        while (line := self.next_line()) is not None:
            parsed = None if line.overlong else _parse_reply_line(line.data)
            if parsed is None or (self._code is not None and parsed[0] != self._code):
                self._code, self._lines = None, []
                return "malformed"
            code, last, text = parsed
            if last and self._code is None:  # most replies: one line
                # Reply(code, (text,)), without the frozen dataclass's per-field calls
                one: Any = _new(_ReplyDraft)
                one.code, one.lines = code, (text,)
                one.__class__ = Reply
                return one  # type: ignore[no-any-return]
            self._code = code
            self._lines.append(text)
            if last:
                done = Reply(code, tuple(self._lines))
                self._code, self._lines = None, []
                return done
        return None
