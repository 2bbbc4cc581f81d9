"""The caching stub resolver inside an MTA: cache first, else ask the DNS server.

It asks over UDP; a truncated answer (TC=1) is asked again over TCP, as
RFC 7766 §5 requires of a resolver (the TCP exchange is in :mod:`.dns_tcp`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mailsim.nodes.base import Node
from mailsim.nodes.dns import RESOLVER_PORT
from mailsim.nodes.dns_tcp import TCPQuery
from mailsim.protocols.dns import (
    CacheHit,
    MailHost,
    MXFailure,
    Query,
    Record,
    ResolverCache,
    Response,
    mail_exchangers,
)
from mailsim.sim.network import seconds
from mailsim.trace.states import (
    DNSCacheExpired,
    DNSCacheHit,
    DNSCacheStore,
    DNSTimeout,
    MXSelected,
    RRsetEntry,
)

DNS_PORT = 53
# Like resolv.conf's defaults: wait 5 s for an answer, ask twice, then give up.
QUERY_TIMEOUT = 5_000_000
QUERY_ATTEMPTS = 2


class Resolver:
    """Looks names up for ``node`` through ``server``; records cache hits in the trace."""

    def __init__(self, node: Node, server: str) -> None:
        self.node = node
        self.server = server
        self.cache = ResolverCache()
        self._waiting: dict[int, Callable[[Response], None]] = {}
        node.network.listen_udp(node.name, RESOLVER_PORT, self._on_answer)

    def lookup(self, name: str, qtype: str, done: Callable[[Response], None]) -> None:
        now = seconds(self.node.network.now)
        found = self.cache.get(name, qtype, now)
        if isinstance(found, CacheHit):
            self.node.record(DNSCacheHit(
                name=found.name, qtype=qtype, rcode=found.rcode,
                records=tuple(r.summary_text() for r in found.records),
                ttl_left=round(found.remaining_ttl, 3),
            ))
            done(Response(0, found.name, qtype, found.rcode, found.records))
            return
        if found.reason == "expired":
            self.node.record(DNSCacheExpired(name=found.name, qtype=qtype))
        self._ask(found.name, qtype, done, attempt=1)

    def _ask(self, name: str, qtype: str, done: Callable[[Response], None], attempt: int) -> None:
        """Send one query; if no answer comes in time, ask again, then give up."""
        query_id = self.node.rng.getrandbits(16)
        while query_id in self._waiting:
            query_id = (query_id + 1) % 65536
        self._waiting[query_id] = done
        query = Query(query_id, name, qtype)
        self.node.network.send_datagram(
            self.node.name, self.server, DNS_PORT, "DNS", query.to_text(), query.wire_size(), query
        )

        def no_answer() -> None:
            if self._waiting.pop(query_id, None) is None:
                return  # answered in time
            self.node.record(DNSTimeout(name=name, qtype=qtype, attempt=attempt))
            if attempt < QUERY_ATTEMPTS:
                self._ask(name, qtype, done, attempt + 1)
            else:  # no server answered: a temporary failure, like SERVFAIL
                done(Response(query_id, name, qtype, "SERVFAIL", ()))

        self.node.network.after(QUERY_TIMEOUT, no_answer)

    def _on_answer(self, src: str, payload: Any) -> None:
        if not isinstance(payload, Response) or payload.id not in self._waiting:
            return  # an answer nobody asked for is ignored (RFC 5452 §9.1)
        done = self._waiting.pop(payload.id)
        if payload.truncated:  # RFC 7766 §5: ask the same question again over TCP
            TCPQuery(self, Query(payload.id, payload.name, payload.qtype), done).start()
            return
        self.answered(payload, done)

    def answered(self, payload: Response, done: Callable[[Response], None]) -> None:
        """An answer arrived (over UDP or TCP): cache it, trace what was kept, hand it on."""
        stored = self.cache.put(payload, seconds(self.node.network.now))
        if payload.rcode != "SERVFAIL":
            self.node.record(DNSCacheStore(name=payload.name, qtype=payload.qtype,
                                           rcode=payload.rcode,
                                           rrsets=self._rrsets(payload, stored)))
        done(payload)

    def _rrsets(self, response: Response, stored: list[Record]) -> tuple[RRsetEntry, ...]:
        """What the cache now holds from ``response``, one entry per RRset."""
        if not stored:  # a negative answer: kept as long as its SOA says (RFC 2308 §5)
            ttl = self.cache.negative_ttl(response)
            return (RRsetEntry(name=response.name, type=response.qtype,
                               ttl=ttl if ttl is not None else 0.0, records=(),
                               rcode=response.rcode),)
        grouped: dict[tuple[str, str], list[Record]] = {}
        for record in stored:
            grouped.setdefault((record.name, record.rtype), []).append(record)
        return tuple(
            RRsetEntry(name=name, type=rtype, ttl=min(r.ttl for r in records),
                       records=tuple(r.summary_text() for r in records), rcode="NOERROR")
            for (name, rtype), records in grouped.items()
        )

    def mail_hosts(self, domain: str, done: Callable[[list[MailHost] | MXFailure], None]) -> None:
        """The hosts to try for ``domain``, in order (RFC 5321 §5.1)."""

        def got_mx(response: Response) -> None:
            hosts = mail_exchangers(domain, response, self.node.rng)
            if not isinstance(hosts, MXFailure):
                self.node.record(MXSelected(
                    domain=domain, hosts=tuple(f"{h.preference} {h.hostname}" for h in hosts),
                ))
            done(hosts)

        self.lookup(domain, "MX", got_mx)

    def address(self, host: MailHost, done: Callable[[str | None], None]) -> None:
        """The IPv4 address of a mail host, from the additional section or an A query."""
        if host.address is not None:
            done(host.address)
            return

        def got_a(response: Response) -> None:
            addresses = [r.value for r in response.answers if r.rtype == "A"]
            done(addresses[0] if addresses else None)

        self.lookup(host.hostname, "A", got_a)
