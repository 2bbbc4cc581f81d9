"""The caching stub resolver's memory (RFC 1035 §7.4, negative caching RFC 2308).

Sans-IO: time is passed in as seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mailsim.protocols.dns.apex import negative_ttl as soa_negative_ttl
from mailsim.protocols.dns.records import NOERROR, NXDOMAIN, Record, Response, normalize_name


@dataclass(frozen=True, slots=True)
class CacheHit:
    """An RRset held by the cache, its TTLs counted down to ``remaining_ttl``.

    A negative hit (RFC 2308) has no records and ``rcode`` NXDOMAIN, or NOERROR
    for a cached NODATA.
    """

    name: str
    rtype: str
    records: tuple[Record, ...]
    remaining_ttl: float
    rcode: str = NOERROR

    @property
    def negative(self) -> bool:
        """True when the cache remembers that there is nothing to find."""
        return not self.records


@dataclass(frozen=True, slots=True)
class CacheMiss:
    """Nothing usable in the cache: ``reason`` is ``"absent"`` or ``"expired"``."""

    name: str
    rtype: str
    reason: str


@dataclass(frozen=True, slots=True)
class _Stored:
    records: tuple[Record, ...]
    expires_at: float
    rcode: str


_ANY = "*"  # key type for a cached NXDOMAIN: it covers every type (RFC 2308 §5)
# BIND's max-ncache-ttl: a negative answer is kept 3 hours at most (RFC 2308 §5
# lets a resolver cap it), though the root's SOA allows a day for a missing TLD.
MAX_NEGATIVE_TTL = 10_800.0


class ResolverCache:
    """The caching stub resolver of an MTA; ``now`` is simulated seconds.

    Each RRset expires on its own TTL. NXDOMAIN and NODATA answers are cached for
    the TTL their SOA gives (RFC 2308 §5: the smaller of the SOA's TTL and MINIMUM),
    at most ``max_negative_ttl``; one without an SOA is not cached (RFC 2308 §5), nor
    is SERVFAIL or a truncated answer (RFC 2181 §9: it is asked again over TCP).
    """

    def __init__(self, max_negative_ttl: float = MAX_NEGATIVE_TTL) -> None:
        self.max_negative_ttl = max_negative_ttl
        self._store: dict[tuple[str, str], _Stored] = {}

    def negative_ttl(self, response: Response) -> float | None:
        """How long this cache keeps negative ``response``; None: not at all."""
        ttl = soa_negative_ttl(response)
        return None if ttl is None else min(float(ttl), self.max_negative_ttl)

    def get(self, name: str, qtype: str, now: float) -> CacheHit | CacheMiss:
        """Look ``name``/``qtype`` up; expired entries are dropped and reported."""
        name = normalize_name(name)
        expired = False
        for key in ((name, _ANY), (name, qtype)):
            stored = self._store.get(key)
            if stored is None:
                continue
            if stored.expires_at <= now:
                del self._store[key]
                expired = True
                continue
            remaining = stored.expires_at - now
            records = tuple(replace(r, ttl=int(remaining)) for r in stored.records)
            return CacheHit(name, qtype, records, remaining, stored.rcode)
        return CacheMiss(name, qtype, "expired" if expired else "absent")

    def put(self, response: Response, now: float) -> list[Record]:
        """Store a response's answers and additional records; return what was stored."""
        name = normalize_name(response.name)
        if response.truncated or response.rcode not in (NOERROR, NXDOMAIN):
            return []
        if response.rcode == NXDOMAIN or not response.answers:
            ttl = self.negative_ttl(response)
            if ttl is not None:
                key = (name, _ANY if response.rcode == NXDOMAIN else response.qtype)
                self._store[key] = _Stored((), now + ttl, response.rcode)
            return []
        rrsets: dict[tuple[str, str], list[Record]] = {}
        for record in (*response.answers, *response.additional):
            key = (normalize_name(record.name), record.rtype)
            rrsets.setdefault(key, []).append(record)
        stored: list[Record] = []
        for key, records in rrsets.items():
            # RFC 2181 §5.2: one TTL per RRset; be conservative if they differ.
            ttl = min(r.ttl for r in records)
            self._store[key] = _Stored(tuple(records), now + ttl, NOERROR)
            self._store.pop((key[0], _ANY), None)
            stored += records
        return stored

    def entries(self, now: float) -> list[CacheHit]:
        """Unexpired entries by name and type (``*``: NXDOMAIN); the cache is not changed."""
        return [
            CacheHit(name, rtype, s.records, s.expires_at - now, s.rcode)
            for (name, rtype), s in sorted(self._store.items())
            if s.expires_at > now
        ]

