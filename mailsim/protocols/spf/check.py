"""check_host() of RFC 7208 as a sans-IO engine: it asks for DNS records, it is given answers.

The evaluation is a generator that yields a :class:`Lookup` whenever it needs DNS
and is sent the :class:`Answer`; :class:`SPFCheck` drives it, so a caller (a mail
server in the simulation, or a test with a table of records) does the lookups in
its own way and its own time — every query of an evaluation can be a real DNS line.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Generator
from dataclasses import dataclass

from mailsim.protocols.lookups import Answer, Lookup, LookupEngine
from mailsim.protocols.spf.macros import MacroContext, check_macro_string, expand, truncate_domain
from mailsim.protocols.spf.terms import (
    LOOKUP_TERMS,
    Directive,
    SPFSyntaxError,
    is_spf_record,
    parse_record,
)

RESULTS = ("none", "neutral", "pass", "fail", "softfail", "temperror", "permerror")  # §2.6
MAX_LOOKUP_TERMS = 10  # §4.6.4
MAX_VOID_LOOKUPS = 2  # §4.6.4 (SHOULD; the default it recommends)
MAX_MX_NAMES = 10  # §4.6.4: more MX records than this is a permerror
MAX_PTR_NAMES = 10  # §4.6.4: PTR names past the first ten are ignored


@dataclass(frozen=True, slots=True)
class SPFResult:
    """The outcome: one of :data:`RESULTS`, for ``domain``, and why."""

    result: str
    domain: str
    reason: str  # the directive that matched, or what went wrong
    lookups: int = 0  # DNS-querying terms evaluated (at most 10, §4.6.4)
    explanation: str | None = None  # from exp= on a fail (§6.2)


class _Stop(Exception):
    """Ends the whole evaluation at once (a permerror or temperror anywhere, §4.6.4, §5)."""

    def __init__(self, result: str, reason: str) -> None:
        super().__init__(reason)
        self.result = result
        self.reason = reason


Steps = Generator[Lookup, Answer, tuple[str, str]]


class SPFCheck(LookupEngine):
    """One SPF check of ``ip`` sending as ``mail_from`` (``""``: a bounce) after ``helo``.

    ``start()`` and then ``answer(...)`` return the next :class:`Lookup`, or None when
    ``result`` is known. An empty MAIL FROM is checked as postmaster@HELO (§2.4); a
    sender without a local part as postmaster@domain (§4.3).
    """

    def __init__(self, ip: str, mail_from: str, helo: str, *, receiver: str = "unknown") -> None:
        address = ipaddress.ip_address(ip)
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped  # ::ffff:192.0.2.1 is an IPv4 client (RFC 4291 §2.5.5.2)
        self.ip: ipaddress.IPv4Address | ipaddress.IPv6Address = address
        sender = mail_from or f"postmaster@{helo}"
        local, _, domain = sender.rpartition("@")
        self.sender = f"{local or 'postmaster'}@{domain}"
        self.domain = domain
        self.helo = helo
        self.receiver = receiver
        self.lookups = 0
        self.voids = 0
        self.result: SPFResult | None = None
        self._explanations: dict[str, str | None] = {}  # each record's exp= by its domain
        self._decided_by = self.domain  # the domain whose record matched last
        super().__init__()

    def _run(self) -> Generator[Lookup, Answer, None]:
        explanation: str | None = None
        try:
            result, reason = yield from self._check_host(self.domain, top=True)
            if result == "fail":
                explanation = yield from self._explain()
        except _Stop as stop:
            result, reason = stop.result, stop.reason
        self.result = SPFResult(result, self.domain, reason, self.lookups, explanation)

    # --- check_host() ------------------------------------------------------------------

    def _context(self, domain: str) -> MacroContext:
        return MacroContext(self.sender, domain, str(self.ip), self.helo, self.receiver)

    def _check_host(self, domain: str, *, top: bool = False) -> Steps:
        """§4: the result for ``domain``; a nested call (include, redirect) reports its own."""
        if not valid_domain(domain):
            return "none", f"{domain!r} is not a domain name"  # §4.3
        answer = yield Lookup(domain, "TXT")
        if answer.rcode == "NXDOMAIN":
            return "none", f"no domain {domain}"
        if answer.rcode != "NOERROR":
            raise _Stop("temperror", f"DNS error for {domain} TXT ({answer.rcode})")
        records = [r for r in answer.records if is_spf_record(r)]  # §4.5
        if not records:
            return "none", f"no SPF record at {domain}"
        if len(records) > 1:
            raise _Stop("permerror", f"{len(records)} SPF records at {domain}")
        try:
            record = parse_record(records[0])
        except SPFSyntaxError as exc:
            raise _Stop("permerror", f"{domain}: {exc}") from None
        self._explanations[domain] = record.explanation
        for directive in record.directives:
            matched = yield from self._matches(directive, domain)
            if matched:
                # the last match of the whole evaluation decides it (an include's own result
                # never ends it), so its record's exp= explains a fail
                self._decided_by = domain
                return directive.qualifier, directive.text
        if record.redirect is not None:  # §6.1: only when no mechanism matched
            self._count_lookup("redirect")
            target = self._target(record.redirect, domain)
            result, reason = yield from self._check_host(target)
            if result == "none":
                raise _Stop("permerror", f"redirect to {target}: no SPF record")
            return result, reason
        return "neutral", f"no mechanism matched at {domain}"  # §4.7

    # --- mechanisms ---------------------------------------------------------------------

    def _matches(self, d: Directive, domain: str) -> Generator[Lookup, Answer, bool]:
        if d.mechanism in LOOKUP_TERMS:
            self._count_lookup(d.mechanism)
        if d.mechanism == "all":
            return True
        if d.mechanism in ("ip4", "ip6"):
            return self.ip.version == d.network.version and self.ip in d.network
        target = self._target(d.target, domain) if d.target else domain
        if not valid_domain(target):  # an empty or over-long label: no such name, no query
            return False
        if d.mechanism == "include":
            result, reason = yield from self._check_host(target)
            if result in ("temperror", "permerror"):
                raise _Stop(result, reason)
            if result == "none":  # §5.2: include of a domain without SPF
                raise _Stop("permerror", f"include:{target}: no SPF record")
            return result == "pass"
        if d.mechanism == "exists":  # §5.7: an A query, whatever the client's address family
            found = yield from self._records(target, "A")
            return bool(found)
        if d.mechanism == "a":
            return (yield from self._address_match(target, d))
        if d.mechanism == "mx":
            exchanges = yield from self._records(target, "MX")
            if len(exchanges) > MAX_MX_NAMES:
                raise _Stop("permerror", f"mx:{target}: more than {MAX_MX_NAMES} MX records")
            for exchange in exchanges:
                if (yield from self._address_match(exchange, d, count_void=False)):
                    return True
            return False
        return (yield from self._ptr_match(target))

    def _address_match(self, name: str, d: Directive, *,
                       count_void: bool = True) -> Generator[Lookup, Answer, bool]:
        qtype = "A" if self.ip.version == 4 else "AAAA"
        prefix = d.cidr4 if self.ip.version == 4 else d.cidr6
        for address in (yield from self._records(name, qtype, count_void=count_void)):
            try:
                network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
            except ValueError:
                continue
            if self.ip.version == network.version and self.ip in network:
                return True
        return False

    def _ptr_match(self, target: str) -> Generator[Lookup, Answer, bool]:
        """§5.5: a name of the client's address, confirmed by its own A/AAAA, under ``target``."""
        answer = yield Lookup(self.ip.reverse_pointer, "PTR")
        if answer.rcode != "NOERROR":
            return False  # §5.5: a DNS error in the PTR lookup makes the mechanism not match
        qtype = "A" if self.ip.version == 4 else "AAAA"
        wanted = target.lower().rstrip(".")
        for name in answer.records[:MAX_PTR_NAMES]:
            plain = name.lower().rstrip(".")
            if plain != wanted and not plain.endswith("." + wanted):
                continue
            addresses = yield Lookup(plain, qtype)
            if addresses.rcode == "NOERROR" and any(_same_address(a, self.ip)
                                                    for a in addresses.records):
                return True
        return False

    def _records(self, name: str, qtype: str, *,
                 count_void: bool = True) -> Generator[Lookup, Answer, tuple[str, ...]]:
        """The answer's records; a DNS error stops everything with temperror (§5)."""
        answer = yield Lookup(name, qtype)
        if answer.rcode not in ("NOERROR", "NXDOMAIN"):
            raise _Stop("temperror", f"DNS error for {name} {qtype} ({answer.rcode})")
        records = answer.records if answer.rcode == "NOERROR" else ()
        if not records and count_void:
            self.voids += 1
            if self.voids > MAX_VOID_LOOKUPS:
                raise _Stop("permerror", f"more than {MAX_VOID_LOOKUPS} void lookups")
        return records

    def _count_lookup(self, term: str) -> None:
        if self.lookups == MAX_LOOKUP_TERMS:
            raise _Stop("permerror", f"more than {MAX_LOOKUP_TERMS} DNS-querying terms "
                                     f"(at {term})")
        self.lookups += 1

    def _target(self, spec: str | None, domain: str) -> str:
        assert spec is not None
        return truncate_domain(expand(spec, self._context(domain)).rstrip("."))

    # --- exp= ----------------------------------------------------------------------------

    def _explain(self) -> Generator[Lookup, Answer, str | None]:
        """§6.2: the explanation of a fail, from the exp= of the record that failed; any
        problem on the way just leaves it out."""
        domain = self._decided_by
        spec = self._explanations.get(domain)
        if spec is None:
            return None
        try:
            target = self._target(spec, domain)
        except ValueError:
            return None
        answer = yield Lookup(target, "TXT")
        if answer.rcode != "NOERROR" or len(answer.records) != 1 or not answer.records[0].isascii():
            return None
        try:
            check_macro_string(answer.records[0], explanation=True)
            return expand(answer.records[0], self._context(domain), explanation=True)
        except ValueError:
            return None


def _same_address(text: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    try:
        return ipaddress.ip_address(text) == ip
    except ValueError:
        return False


def valid_domain(name: str) -> bool:
    """§4.3: a multi-label name, no empty label but the root's, no label over 63 octets."""
    labels = name.rstrip(".").split(".")
    if len(labels) < 2 or len(name.rstrip(".")) > 253:
        return False
    return all(0 < len(label) <= 63 for label in labels)
