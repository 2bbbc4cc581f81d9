"""An SPF record's terms, parsed as RFC 7208 §4.6.1 and §12 (the ABNF) define them.

Any syntax error anywhere in the record makes the whole check a permerror
(§4.6), so :func:`parse_record` reads every term before anything is evaluated.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from mailsim.protocols.spf.macros import MacroError, check_macro_string

QUALIFIERS = {"+": "pass", "-": "fail", "~": "softfail", "?": "neutral"}
MECHANISMS = frozenset({"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"})
LOOKUP_TERMS = frozenset({"include", "a", "mx", "ptr", "exists", "redirect"})  # §4.6.4
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9\-_.]*$")  # §12: a modifier's name
_CIDR4 = re.compile(r"(?:0|[1-9]\d?)$")
_CIDR6 = re.compile(r"(?:0|[1-9]\d{0,2})$")
# §12: toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ):
# never all digits, so "a:192.0.2.1" is no domain
_TOPLABEL = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$|[A-Za-z0-9]+-[A-Za-z0-9\-]*[A-Za-z0-9]$")
_DOTTED_QUAD = re.compile(r"\d{1,3}(\.\d{1,3}){3}$")


class SPFSyntaxError(ValueError):
    """A record RFC 7208 does not allow: the check's result is permerror."""


@dataclass(frozen=True, slots=True)
class Directive:
    """``[qualifier] mechanism[:domain-spec or network][/cidr4][//cidr6]``."""

    qualifier: str  # "pass", "fail", "softfail" or "neutral"
    mechanism: str
    target: str | None = None  # domain-spec (include, a, mx, ptr, exists) or network (ip4, ip6)
    cidr4: int = 32
    cidr6: int = 128
    text: str = ""  # the term as written, for the result's reason

    @property
    def network(self) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
        """The ip4/ip6 mechanism's network (host bits allowed, as in the RFC's examples)."""
        assert self.target is not None
        prefix = self.cidr4 if self.mechanism == "ip4" else self.cidr6
        return ipaddress.ip_network(f"{self.target}/{prefix}", strict=False)


@dataclass(frozen=True, slots=True)
class Record:
    """A parsed ``v=spf1`` record: its directives in order, and its modifiers."""

    directives: tuple[Directive, ...]
    redirect: str | None = None
    explanation: str | None = None


def is_spf_record(text: str) -> bool:
    """§4.5: a record is SPF if it starts with "v=spf1" followed by a space or nothing."""
    head = text[:6].lower()
    return head == "v=spf1" and (len(text) == 6 or text[6] == " ")


def parse_record(text: str) -> Record:
    """The record's terms; :class:`SPFSyntaxError` for anything §12 does not allow."""
    if not is_spf_record(text):
        raise SPFSyntaxError("not an SPF record")
    if not text.isascii() or any(ch < " " or ch == "\x7f" for ch in text):
        raise SPFSyntaxError("a record is printable US-ASCII only")  # §12: terms are VCHAR
    directives: list[Directive] = []
    modifiers: dict[str, str] = {}
    for term in text[6:].split(" "):
        if not term:
            continue  # 1*SP between terms
        name, equals, value = term.partition("=")
        if equals and _NAME.match(name):  # §12: name "=" macro-string
            key = name.lower()
            if key in ("redirect", "exp"):
                if key in modifiers:  # §6: each at most once
                    raise SPFSyntaxError(f"{key}= appears twice")
                _check_domain_spec(value, term)
            else:
                _macro_string(value, term)  # an unknown modifier is ignored, if well formed
            modifiers[key] = value
            continue
        directives.append(_directive(term))
    return Record(tuple(directives), modifiers.get("redirect"), modifiers.get("exp"))


def _directive(term: str) -> Directive:
    qualifier = "pass"
    body = term
    if body[:1] in QUALIFIERS:
        qualifier, body = QUALIFIERS[body[0]], body[1:]
    match = re.match(r"([A-Za-z0-9]+)(.*)$", body)
    if match is None or match.group(1).lower() not in MECHANISMS:
        raise SPFSyntaxError(f"unknown mechanism in {term!r}")
    mechanism, rest = match.group(1).lower(), match.group(2)
    if mechanism == "all":
        if rest:
            raise SPFSyntaxError(f"{term!r}: 'all' takes nothing")
        return Directive(qualifier, mechanism, text=term)
    if mechanism in ("ip4", "ip6"):
        return _network(qualifier, mechanism, rest, term)
    target: str | None = None
    cidr4, cidr6 = 32, 128
    if mechanism in ("a", "mx"):
        rest, cidr4, cidr6 = _dual_cidr(rest, term)
    if rest:
        if not rest.startswith(":"):
            raise SPFSyntaxError(f"{term!r}: expected ':' after {mechanism}")
        target = rest[1:]
        _check_domain_spec(target, term)
    elif mechanism in ("include", "exists"):
        raise SPFSyntaxError(f"{term!r}: {mechanism} needs a domain")
    return Directive(qualifier, mechanism, target, cidr4, cidr6, term)


def _dual_cidr(rest: str, term: str) -> tuple[str, int, int]:
    """Split ``:domain/24//64`` into the domain part and the two prefix lengths."""
    cidr4, cidr6 = 32, 128
    head, sep6, six = rest.partition("//")
    if sep6:
        if not _CIDR6.match(six) or int(six) > 128:
            raise SPFSyntaxError(f"{term!r}: bad IPv6 prefix length")
        cidr6 = int(six)
        rest = head
    # a single "/" after the domain: the IPv4 prefix (a domain-spec has no "/" of its own
    # before its end, except inside a macro's delimiters, which sit in braces)
    slash = _last_cidr_slash(rest)
    if slash >= 0 and not rest[slash + 1:].isdigit():
        slash = -1  # "a:foo:bar/baz.example.com": the slash belongs to the domain
    if slash >= 0:
        four = rest[slash + 1:]
        if not _CIDR4.match(four) or int(four) > 32:
            raise SPFSyntaxError(f"{term!r}: bad IPv4 prefix length")
        cidr4 = int(four)
        rest = rest[:slash]
    elif sep6 and head.endswith("/"):
        raise SPFSyntaxError(f"{term!r}: bad prefix length")
    return rest, cidr4, cidr6


def _last_cidr_slash(text: str) -> int:
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch == "}":
            depth += 1
        elif ch == "{":
            depth -= 1
        elif ch == "/" and depth == 0:
            return i
    return -1


def _network(qualifier: str, mechanism: str, rest: str, term: str) -> Directive:
    if not rest.startswith(":"):
        raise SPFSyntaxError(f"{term!r}: {mechanism} needs an address")
    address, slash, prefix = rest[1:].partition("/")
    pattern, largest = (_CIDR4, 32) if mechanism == "ip4" else (_CIDR6, 128)
    if slash and (not pattern.match(prefix) or int(prefix) > largest):
        raise SPFSyntaxError(f"{term!r}: bad prefix length")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise SPFSyntaxError(f"{term!r}: not an address") from None
    if (parsed.version == 4) != (mechanism == "ip4"):
        raise SPFSyntaxError(f"{term!r}: not an {mechanism} address")
    if mechanism == "ip4" and not _DOTTED_QUAD.match(address):
        raise SPFSyntaxError(f"{term!r}: ip4 needs a dotted quad")
    length = int(prefix) if slash else largest
    return Directive(qualifier, mechanism, address, length if mechanism == "ip4" else 32,
                     length if mechanism == "ip6" else 128, term)


def _macro_string(text: str, term: str) -> None:
    try:
        check_macro_string(text)
    except MacroError as exc:
        raise SPFSyntaxError(f"{term!r}: {exc}") from None


def _check_domain_spec(spec: str, term: str) -> None:
    """§12: domain-spec = macro-string domain-end (a top label, or a macro at the end)."""
    if not spec:
        raise SPFSyntaxError(f"{term!r}: empty domain")
    _macro_string(spec, term)
    if spec.endswith("}"):
        return  # domain-end = macro-expand
    last = spec.rstrip(".").rsplit(".", 1)
    if len(last) < 2 or not _TOPLABEL.match(last[1]):
        raise SPFSyntaxError(f"{term!r}: the domain must end in a top-level label")
