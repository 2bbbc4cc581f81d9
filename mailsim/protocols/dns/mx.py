"""From an MX answer to the ordered list of hosts to try (RFC 5321 §5.1).

Randomness (ties between equal preferences) comes in as a ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from mailsim.protocols.dns.records import (
    NOERROR,
    NXDOMAIN,
    Record,
    Response,
    _normalize_target,
    normalize_name,
)


@dataclass(frozen=True, slots=True)
class MailHost:
    """A host to try for delivery; ``address`` comes from the additional section."""

    hostname: str
    preference: int
    address: str | None = None


@dataclass(frozen=True, slots=True)
class MXFailure:
    """No host to deliver to; ``permanent`` means bounce (5xx), else retry later."""

    domain: str
    reason: str
    permanent: bool


def mail_exchangers(
    domain: str, mx_answer: Response, rng: random.Random
) -> list[MailHost] | MXFailure:
    """Turn an MX response into the ordered list of hosts to try (RFC 5321 §5.1)."""
    domain = normalize_name(domain)
    if mx_answer.rcode == NXDOMAIN:
        return MXFailure(domain, "domain does not exist (NXDOMAIN)", permanent=True)
    if mx_answer.rcode != NOERROR:
        return MXFailure(domain, f"DNS lookup failed ({mx_answer.rcode})", permanent=False)
    mx = [r for r in mx_answer.answers if r.rtype == "MX"]
    addresses = _addresses(mx_answer.additional)
    if not mx:
        # RFC 5321 §5.1: no MX -> the domain itself is the implicit MX, preference 0.
        return [MailHost(domain, 0, addresses.get(domain))]
    groups: dict[int, list[MailHost]] = {}
    for record in mx:
        host = _normalize_target(record.value)
        if host == ".":
            # RFC 7505 §3: an MX of "." is a null MX; alone it means "no mail here"
            # (handled below), mixed with real MXs it is invalid and skipped.
            continue
        preference = record.preference or 0
        groups.setdefault(preference, []).append(MailHost(host, preference, addresses.get(host)))
    ordered: list[MailHost] = []
    for preference in sorted(groups):
        group = groups[preference]
        if len(group) > 1:
            # RFC 5321 §5.1: equal preferences are tried in random order.
            rng.shuffle(group)
        ordered += group
    if not ordered:
        return MXFailure(domain, "domain does not accept mail (null MX)", permanent=True)
    return ordered


def _addresses(additional: tuple[Record, ...]) -> dict[str, str]:
    """Map each host to its first address, preferring A over AAAA."""
    found: dict[str, str] = {}
    for rtype in ("A", "AAAA"):
        for record in additional:
            if record.rtype == rtype:
                found.setdefault(normalize_name(record.name), record.value)
    return found
