"""What a resolver's cache and a DNS server report."""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.states.base import Record, StateChange, action


@action("dns_cache_hit")
@dataclass(frozen=True, slots=True, kw_only=True)
class DNSCacheHit(StateChange):
    """The answer came from the cache, ``ttl_left`` seconds before it expires."""

    name: str
    qtype: str
    rcode: str
    records: tuple[str, ...]
    ttl_left: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RRsetEntry(Record):
    """One RRset the cache keeps from an answer (no records for a negative answer)."""

    name: str
    type: str
    ttl: float
    records: tuple[str, ...]
    rcode: str


@action("dns_cache_store")
@dataclass(frozen=True, slots=True, kw_only=True)
class DNSCacheStore(StateChange):
    """An answer for ``name`` ``qtype`` was cached, one entry per RRset."""

    name: str
    qtype: str
    rcode: str
    rrsets: tuple[RRsetEntry, ...]


@action("dns_cache_expired")
@dataclass(frozen=True, slots=True, kw_only=True)
class DNSCacheExpired(StateChange):
    """A cache entry's TTL ran out: the resolver asks again."""

    name: str
    qtype: str


@action("dns_timeout")
@dataclass(frozen=True, slots=True, kw_only=True)
class DNSTimeout(StateChange):
    """Query number ``attempt`` got no answer in time."""

    name: str
    qtype: str
    attempt: int


@action("dns_no_answer")
@dataclass(frozen=True, slots=True, kw_only=True)
class DNSNoAnswer(StateChange):
    """At the DNS server: a scenario fault keeps it silent."""

    name: str
    qtype: str


@action("mx_selected")
@dataclass(frozen=True, slots=True, kw_only=True)
class MXSelected(StateChange):
    """The mail hosts for ``domain``, best first, as "preference hostname"."""

    domain: str
    hosts: tuple[str, ...]
