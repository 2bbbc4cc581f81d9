"""Parse SMTP command lines: verb, argument, MAIL/RCPT paths and parameters.

Every function returns either a parsed value or the error Reply to send; remote
input never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailsim.protocols.makers import maker
from mailsim.protocols.smtp import codes
from mailsim.protocols.smtp.codes import Reply

COMMAND_LINE_LIMIT = 512  # RFC 5321 §4.5.3.1.4, including CRLF
AUTH_LINE_LIMIT = 12288  # RFC 4954 §4: AUTH lines (with initial response) may be longer
TEXT_LINE_LIMIT = 1000  # RFC 5321 §4.5.3.1.6, including CRLF
PATH_LIMIT = 256  # RFC 5321 §4.5.3.1.3, including the angle brackets

# The verbs this engine implements are those of states.COMMANDS. Known SMTP verbs
# that are deliberately not implemented get 502, not 500 (RFC 5321 §4.2.4).
NOT_IMPLEMENTED = frozenset({"EXPN", "TURN", "ETRN", "ATRN", "BDAT", "SEND", "SOML", "SAML"})

_VERB = re.compile(r"[A-Za-z]{1,16}")
_KEYWORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?)+|\[[^\[\]\s]+\]")
_LOCAL_FORBIDDEN = re.compile(r"[\s<>()\[\],;\\]|^\.|\.$|\.\.")
_ROUTE = re.compile(r"@[^,:]+(?:,@[^,:]+)*:")

Params = tuple[tuple[str, str], ...]
_MAIL_USAGE = codes.syntax("MAIL FROM:<address>")
_RCPT_USAGE = codes.syntax("RCPT TO:<address>")


@dataclass(frozen=True, slots=True)
class Command:
    """A command line split into an upper-case verb and its argument text."""

    verb: str
    argument: str


@dataclass(frozen=True, slots=True)
class PathCommand:
    """A parsed ``MAIL FROM:`` or ``RCPT TO:`` argument."""

    address: str  # without brackets and source route; "" for the null path <>
    params: Params  # (KEYWORD upper-case, value) pairs, in order


# Made for every command line and MAIL/RCPT path (see mailsim.protocols.makers).
_command = maker(Command)
_path_command = maker(PathCommand)


def decode_line(data: bytes) -> str | None:
    """Commands are ASCII (RFC 5321 §2.4); None if these bytes are not."""
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        return None


def parse_command(line: str) -> Command | None:
    """Split ``VERB [argument]``; None when there is no recognisable verb."""
    verb, _, argument = line.strip().partition(" ")
    if not _VERB.fullmatch(verb):
        return None
    return _command(verb.upper(), argument.strip())


def parse_path_command(argument: str, keyword: str) -> PathCommand | Reply:
    """Parse ``FROM:<path> params`` (keyword "FROM") or ``TO:<path> params`` ("TO")."""
    is_mail = keyword == "FROM"
    bad_syntax = codes.BAD_SENDER_SYNTAX if is_mail else codes.BAD_RECIPIENT_SYNTAX
    head, colon, rest = argument.partition(":")
    if not colon or head.strip().upper() != keyword:
        return _MAIL_USAGE if is_mail else _RCPT_USAGE
    rest = rest.lstrip()  # tolerate "MAIL FROM: <a@b>", as some clients send
    if not rest.startswith("<"):
        return bad_syntax
    close = rest.find(">")
    if close < 0:
        return bad_syntax
    path, tail = rest[1:close], rest[close + 1 :]
    if tail and not tail[0].isspace():
        return bad_syntax
    if len(path) + 2 > PATH_LIMIT:
        return codes.bad_address(path, "Address too long")
    address = _strip_source_route(path)
    if address is None or not _valid_address(address, allow_null=is_mail):
        return bad_syntax
    params = parse_params(tail)
    if isinstance(params, Reply):
        return params
    return _path_command(address, params)


def _strip_source_route(path: str) -> str | None:
    """Drop an obsolete source route ``@a,@b:`` (RFC 5321 §4.1.2 and appendix C)."""
    if not path.startswith("@"):
        return path
    match = _ROUTE.match(path)
    return None if match is None else path[match.end() :]


def _valid_address(address: str, *, allow_null: bool) -> bool:
    """A pragmatic check of ``local-part@domain`` (RFC 5321 §4.1.2)."""
    if address == "":
        return allow_null  # the null reverse-path <> (RFC 5321 §4.5.5)
    if not allow_null and address.lower() == "postmaster":
        return True  # RFC 5321 §4.5.1: <postmaster> without a domain must be accepted
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return False
    if local.startswith('"') and local.endswith('"') and len(local) >= 2:
        local_ok = not any(c in local[1:-1] for c in '"\r\n')
    else:
        local_ok = _LOCAL_FORBIDDEN.search(local) is None and '"' not in local
    return local_ok and _DOMAIN.fullmatch(domain) is not None


def parse_params(text: str) -> Params | Reply:
    """ESMTP parameters ``KEY[=VALUE]`` separated by spaces (RFC 5321 §4.1.2)."""
    params: list[tuple[str, str]] = []
    for item in text.split():
        key, _, value = item.partition("=")
        if not _KEYWORD.fullmatch(key):
            return codes.BAD_PARAMETER_SYNTAX
        params.append((key.upper(), value))
    return tuple(params)


def parse_mail(argument: str, max_size: int) -> PathCommand | Reply:
    """A MAIL FROM argument, syntax and parameters checked."""
    parsed = parse_path_command(argument, "FROM")
    if isinstance(parsed, Reply):
        return parsed
    return check_mail_params(parsed.params, max_size) or parsed


def parse_rcpt(argument: str) -> PathCommand | Reply:
    """A RCPT TO argument, syntax and parameters checked."""
    parsed = parse_path_command(argument, "TO")
    if isinstance(parsed, Reply):
        return parsed
    return check_rcpt_params(parsed.params) or parsed


def mailbox_key(address: str) -> tuple[str, str]:
    """What makes two addresses one mailbox (RFC 5321 §2.4): the local part exactly
    as written (it is case-sensitive), the domain in any case."""
    local, at, domain = address.rpartition("@")
    return (local, domain.lower()) if at else (address, "")


def check_mail_params(params: Params, max_size: int) -> Reply | None:
    """Validate MAIL parameters we advertise; the error Reply, or None if fine."""
    for key, value in params:
        if key == "SIZE":  # RFC 1870 §6
            if not value.isdigit():
                return codes.BAD_SIZE_SYNTAX
            if int(value) > max_size:
                return codes.MESSAGE_TOO_BIG
        elif key == "BODY":  # RFC 6152 §2
            if value.upper() not in ("7BIT", "8BITMIME"):
                return codes.BAD_BODY_SYNTAX
        elif key == "AUTH":
            continue  # RFC 4954 §5: accepted; we do not relay the identity further
        else:
            return codes.unsupported_parameter(key)
    return None


def check_rcpt_params(params: Params) -> Reply | None:
    """No RCPT parameters are advertised (no DSN), so any is unsupported."""
    return codes.unsupported_parameter(params[0][0]) if params else None


def split_auth_argument(argument: str) -> tuple[str, str | None] | None:
    """``MECHANISM [initial-response]`` of an AUTH command, or None if malformed."""
    parts = argument.split()
    if not parts or len(parts) > 2:
        return None
    return parts[0].upper(), (parts[1] if len(parts) == 2 else None)
