"""SPF macros (RFC 7208 §7): ``%{d}``, ``%{ir}.%{v}._spf.%{d2}`` and the like.

:func:`check_macro_string` checks the syntax when a record is parsed (an error
anywhere makes the whole record a permerror, §4.6); :func:`expand` fills the
macros in at evaluation time. ``%{p}`` (the client's validated host name) is
always "unknown", which §7.3 allows: it would cost PTR lookups that the RFC
itself advises against, and no scenario's DNS has PTR records.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from dataclasses import dataclass

# §7.1: macro-letter, transformers (digits, then an optional "r"), delimiters.
_MACRO = re.compile(r"%\{([slodiphcrtvSLODIPHCRTV])(\d*)(r?)([.\-+,/_=]*)\}")
_EXP_ONLY = frozenset("crt")  # §7.2: c, r and t are allowed in "exp" text only
_DELIMITERS = ".-+,/_="


class MacroError(ValueError):
    """A macro-string that RFC 7208 §7.1 does not allow (the record is a permerror)."""


@dataclass(frozen=True, slots=True)
class MacroContext:
    """What the macros stand for in one check_host() call (§7.3)."""

    sender: str  # <sender>: the MAIL FROM (or postmaster@HELO) address
    domain: str  # <domain>: the domain being checked now
    ip: str  # <ip>: the client's address
    helo: str
    receiver: str = "unknown"
    timestamp: int = 0
    validated: str = "unknown"  # %{p}: a validated domain name of <ip>, "unknown" if none


def check_macro_string(text: str, *, explanation: bool = False) -> None:
    """Raise :class:`MacroError` unless ``text`` is a valid macro-string."""
    position = 0
    while True:
        found = text.find("%", position)
        if found < 0:
            return
        following = text[found + 1:found + 2]
        if following in ("%", "_", "-"):
            position = found + 2
            continue
        match = _MACRO.match(text, found)
        if match is None:
            raise MacroError(f"bad macro at {text[found:found + 12]!r}")
        if match.group(1).lower() in _EXP_ONLY and not explanation:
            raise MacroError(f"%{{{match.group(1)}}} is allowed only in an explanation")
        if match.group(2) and int(match.group(2)) == 0:
            raise MacroError("a macro keeps at least one part")  # §7.1: digits are 1 or more
        position = match.end()


def expand(text: str, context: MacroContext, *, explanation: bool = False) -> str:
    """``text`` with its macros replaced (§7.3, §7.4); the syntax was checked at parse time."""
    out: list[str] = []
    position = 0
    while True:
        found = text.find("%", position)
        if found < 0:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position:found])
        following = text[found + 1:found + 2]
        if following in ("%", "_", "-"):
            out.append({"%": "%", "_": " ", "-": "%20"}[following])
            position = found + 2
            continue
        match = _MACRO.match(text, found)
        if match is None:  # cannot happen after check_macro_string; keep the text as it is
            out.append("%")
            position = found + 1
            continue
        letter, digits, reverse, delimiters = match.groups()
        value = _value(letter.lower(), context)
        value = _transform(value, digits, bool(reverse), delimiters)
        if letter.isupper():  # §7.3: an upper-case letter is URL-escaped
            value = urllib.parse.quote(value, safe="")
        out.append(value)
        position = match.end()


def _value(letter: str, c: MacroContext) -> str:
    local, _, domain = c.sender.rpartition("@")
    address = ipaddress.ip_address(c.ip)
    if letter == "s":
        return c.sender
    if letter == "l":
        return local or "postmaster"
    if letter == "o":
        return domain
    if letter == "d":
        return c.domain
    if letter == "i":  # §7.3: IPv6 as dot-separated nibbles
        if address.version == 6:
            return ".".join(address.exploded.replace(":", ""))
        return str(address)
    if letter == "c":  # exp only: the address in its usual text form
        return str(address)
    if letter == "v":
        return "in-addr" if address.version == 4 else "ip6"
    if letter == "h":
        return c.helo
    if letter == "r":
        return c.receiver
    if letter == "t":
        return str(c.timestamp)
    return c.validated  # "p"


def _transform(value: str, digits: str, reverse: bool, delimiters: str) -> str:
    """Split on the delimiters, reverse if asked, keep the rightmost ``digits`` parts, join by dots."""
    pattern = "[" + re.escape(delimiters or ".") + "]"
    parts = re.split(pattern, value)
    if reverse:
        parts.reverse()
    if digits:
        parts = parts[-int(digits):]
    return ".".join(parts)


def truncate_domain(name: str) -> str:
    """§7.3: an expanded domain over 253 characters loses labels on the left until it fits."""
    while len(name) > 253 and "." in name:
        name = name.split(".", 1)[1]
    return name
