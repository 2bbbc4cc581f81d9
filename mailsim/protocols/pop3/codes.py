"""POP3 responses: the Reply value, every fixed response as a named constant.

A POP3 response is a status line, ``+OK`` or ``-ERR`` with optional text
(RFC 1939 §3), possibly followed by a dot-terminated multi-line body. Bracketed
response codes such as ``[AUTH]`` come from RFC 2449 §8 and RFC 3206. Texts follow
the examples in RFC 1939 and RFC 2595 where there are any.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.protocols.smtp.dotstuff import stuff

OK_INDICATOR = "+OK"
ERR_INDICATOR = "-ERR"


@dataclass(frozen=True, slots=True)
class Reply:
    """One POP3 status line: positive (``+OK``) or negative (``-ERR``)."""

    ok: bool
    text: str = ""

    def to_bytes(self) -> bytes:
        """Wire form of the status line, CRLF included."""
        indicator = OK_INDICATOR if self.ok else ERR_INDICATOR
        return f"{indicator} {self.text}\r\n".encode() if self.text else f"{indicator}\r\n".encode()

    def with_body(self, body: bytes) -> bytes:
        """Status line plus a multi-line body: dot-stuffed, ``.`` CRLF at the end (RFC 1939 §3)."""
        return self.to_bytes() + stuff(body)

    def __str__(self) -> str:
        return self.to_bytes().decode("utf-8").rstrip("\r\n")


def ok(text: str = "") -> Reply:
    """A ``+OK`` status line."""
    return Reply(True, text)


def err(text: str) -> Reply:
    """A ``-ERR`` status line."""
    return Reply(False, text)


def lines_body(lines: list[str]) -> bytes:
    """Text lines as a multi-line body (each ended with CRLF)."""
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


# --- Positive -------------------------------------------------------------------
OK = ok()
SEND_PASS = ok("send PASS")
BEGIN_TLS = ok("Begin TLS negotiation")  # RFC 2595 §4
CAPA_FOLLOWS = ok("Capability list follows")  # RFC 2449 §5
UIDL_FOLLOWS = ok("unique-id listing follows")

# --- Negative: syntax and sequence ------------------------------------------------
UNKNOWN_COMMAND = err("unknown command")
WRONG_STATE = err("command not valid in this state")
LINE_TOO_LONG = err("line too long")  # RFC 2449 §4: commands are at most 255 octets
BAD_ENCODING = err("invalid characters in command")
NO_SUCH_MESSAGE = err("no such message")
NEED_USER = err("no USER given")  # RFC 1939 §7: PASS only right after USER
APOP_NOT_SUPPORTED = err("APOP not supported")
TLS_ACTIVE = err("Command not permitted when TLS active")  # RFC 2595 §4
UNRECOGNIZED_AUTH = err("Unrecognized authentication type")
AUTH_CANCELLED = err("authentication cancelled")  # RFC 5034 §4: client sent "*"
AUTH_MALFORMED = err("cannot decode response")

# --- Negative: policy -------------------------------------------------------------
# RFC 3206: [AUTH] says the credentials were wrong, not a temporary problem.
AUTH_FAILED = err("[AUTH] Authentication failed")
TOO_MANY_FAILURES = err("[AUTH] Authentication failed; too many failures, disconnecting")
IN_USE = err("[IN-USE] Maildrop already locked by another session")  # RFC 2449 §8.1.1


def syntax(usage: str) -> Reply:
    """-ERR for a command with wrong arguments."""
    return err(f"syntax: {usage}")


def greeting(timestamp: str) -> Reply:
    """Greeting; with an APOP timestamp it ends in ``<...>`` (RFC 1939 §4, §7)."""
    return ok(f"POP3 server ready {timestamp}" if timestamp else "POP3 server ready")


def maildrop(count: int, octets: int) -> Reply:
    """After a login or RSET: how big the maildrop is (RFC 1939 §7, §5 RSET)."""
    return ok(f"maildrop has {_messages(count)} ({octets} octets)")


def signing_off(hostname: str, left: int | None) -> Reply:
    """QUIT: ``left`` is the message count after UPDATE, None for AUTHORIZATION (RFC 1939 §6)."""
    if left is None:
        return ok(f"{hostname} POP3 server signing off")
    state = "maildrop empty" if left == 0 else f"{_messages(left)} left"
    return ok(f"{hostname} POP3 server signing off ({state})")


def stat(count: int, octets: int) -> Reply:
    """STAT drop listing: exactly ``count octets`` (RFC 1939 §5)."""
    return ok(f"{count} {octets}")


def scan_listing(count: int, octets: int) -> Reply:
    """Status line of a multi-line LIST (RFC 1939 §5)."""
    return ok(f"{_messages(count)} ({octets} octets)")


def scan_line(number: int, size: int) -> str:
    """One scan listing: message number and exact size (RFC 1939 §5 LIST)."""
    return f"{number} {size}"


def unique_id_line(number: int, unique_id: str) -> str:
    """One unique-id listing (RFC 1939 §7 UIDL)."""
    return f"{number} {unique_id}"


def octets(size: int) -> Reply:
    """Status line of RETR/TOP: how many octets follow (before dot-stuffing)."""
    return ok(f"{size} octets")


def deleted(number: int) -> Reply:
    """DELE accepted; the deletion happens at QUIT (RFC 1939 §5)."""
    return ok(f"message {number} deleted")


def already_deleted(number: int) -> Reply:
    """DELE of a message already marked deleted (RFC 1939 §5 example)."""
    return err(f"message {number} already deleted")


def challenge(text: str) -> bytes:
    """SASL continuation line ``+ base64`` (RFC 5034 §4); not a +OK/-ERR status."""
    return f"+ {text}\r\n".encode("ascii")


def capabilities(*, stls: bool, sasl: tuple[str, ...]) -> list[str]:
    """CAPA lines (RFC 2449 §6); the same list in AUTHORIZATION and TRANSACTION."""
    lines = ["TOP", "UIDL", "USER", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"]
    if stls:
        lines.append("STLS")  # RFC 2595 §4
    if sasl:
        lines.append("SASL " + " ".join(sasl))  # RFC 5034 §3
    lines.append("IMPLEMENTATION mailsim")
    return lines


def _messages(count: int) -> str:
    return f"{count} message" if count == 1 else f"{count} messages"
