"""A DMARC policy record (RFC 7489 §6.3, §6.4): ``v=DMARC1; p=reject; adkim=s; pct=50``."""

from __future__ import annotations

import re
from dataclasses import dataclass

POLICIES = ("none", "quarantine", "reject")
_TAG = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$", re.DOTALL)


class DMARCSyntaxError(ValueError):
    """Not a DMARC record RFC 7489 §6.4 allows: the receiver applies no DMARC to it."""


@dataclass(frozen=True, slots=True)
class DMARCRecord:
    """The tags a receiver acts on; left out, each takes §6.3's default."""

    policy: str  # p=
    subdomain_policy: str  # sp= (default: p)
    adkim: str = "r"  # "r" relaxed or "s" strict DKIM alignment (§3.1.1)
    aspf: str = "r"  # the same for SPF (§3.1.2)
    pct: int = 100  # the percentage of failing mail the policy applies to (§6.6.4)
    rua: tuple[str, ...] = ()  # where aggregate reports go
    ruf: tuple[str, ...] = ()
    text: str = ""


def is_dmarc_record(text: str) -> bool:
    """§6.6.3 step 4: a record whose first tag is exactly ``v=DMARC1``."""
    first = text.split(";", 1)[0]
    match = _TAG.match(first.strip())
    return match is not None and match.group(1) == "v" and match.group(2).strip() == "DMARC1"


def parse_dmarc(text: str) -> DMARCRecord:
    """The record's policy; :class:`DMARCSyntaxError` when it has none a receiver may use.

    A record without a valid ``p`` (or with a bad ``sp``) still counts as ``p=none``
    when it names a report address (§6.6.3 step 6); unknown tags are ignored (§6.3).
    """
    if not is_dmarc_record(text):
        raise DMARCSyntaxError("the first tag must be v=DMARC1")
    tags: dict[str, str] = {}
    for part in text.split(";")[1:]:
        part = part.strip()
        if not part:
            continue
        match = _TAG.match(part)
        if match is None:
            raise DMARCSyntaxError(f"{part!r} is not tag=value")
        tags.setdefault(match.group(1).lower(), match.group(2).strip())
    rua = _uris(tags.get("rua", ""))
    policy = tags.get("p", "").lower()
    subdomain = tags.get("sp", policy).lower()
    if policy not in POLICIES or subdomain not in POLICIES:
        if not rua:
            raise DMARCSyntaxError("no valid p= tag (none, quarantine or reject)")
        policy = subdomain = "none"
    return DMARCRecord(policy, subdomain, _mode(tags, "adkim"), _mode(tags, "aspf"),
                       _pct(tags.get("pct")), rua, _uris(tags.get("ruf", "")), text)


def _mode(tags: dict[str, str], name: str) -> str:
    value = tags.get(name, "r").lower()
    if value not in ("r", "s"):
        raise DMARCSyntaxError(f"{name}= must be r or s")
    return value


def _pct(value: str | None) -> int:
    if value is None:
        return 100
    if not value.isdigit() or int(value) > 100:
        raise DMARCSyntaxError("pct= must be a whole number from 0 to 100")
    return int(value)


def _uris(value: str) -> tuple[str, ...]:
    """§6.2: a comma-separated list of URIs; only mailto: ones are kept (the only kind used)."""
    found = [u.strip() for u in value.split(",") if u.strip()]
    return tuple(u for u in found if u.lower().startswith("mailto:") and "@" in u)
