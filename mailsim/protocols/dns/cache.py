"""The caching stub resolver's memory (RFC 1035 §7.4, negative caching RFC 2308).

Sans-IO: time is passed in as seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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


class ResolverCache:
    """The caching stub resolver of an MTA; ``now`` is simulated seconds.

    Each RRset expires on its own TTL. NXDOMAIN and NODATA answers are cached for
    ``negative_ttl`` seconds (RFC 2308 §5; a real resolver takes it from the SOA).
    SERVFAIL is not cached.
    """

    def __init__(self, negative_ttl: float = 300.0) -> None:
        self.negative_ttl = negative_ttl
        self._store: dict[tuple[str, str], _Stored] = {}

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
        if response.rcode == NXDOMAIN:
            self._store[(name, _ANY)] = _Stored((), now + self.negative_ttl, NXDOMAIN)
            return []
        if response.rcode != NOERROR:
            return []
        if not response.answers:
            self._store[(name, response.qtype)] = _Stored((), now + self.negative_ttl, NOERROR)
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

