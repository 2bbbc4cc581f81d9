"""Real DNS on UDP: wire-format queries in, the simulated DNS server's answers out.

The simulation passes :class:`~mailsim.protocols.dns.Query` and ``Response``
objects, not RFC 1035 octets. Here dnspython parses a real datagram, the
question travels the simulated network from :data:`LIVE_HOST` to the DNS host
(and is in the trace, marked live), and the simulated answer is written back
in wire format to whoever asked. An answer too long for the datagram goes out
with TC=1 and no records (RFC 2181 §9): the client asks again over TCP
(:mod:`.dns_stream`).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import struct
from typing import Any, cast

import dns.exception
import dns.flags
import dns.message
import dns.opcode
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from mailsim.nodes.dns import RESOLVER_PORT
from mailsim.protocols.dns import Query, Record, Response, truncated

from .bridge import LIVE_HOST, Bridge

log = logging.getLogger("mailsim.live")

# Forget a question the simulated server never answered after this long (sim µs).
FORGET_AFTER = 30_000_000
MAX_WAITING = 1_024
HEADER = struct.Struct("!HHHHHH")  # RFC 1035 §4.1.1


def format_error(data: bytes) -> bytes | None:
    """A FORMERR header for a datagram too broken to parse (RFC 1035 §4.1.1), if it has an id."""
    if len(data) < 2:
        return None
    (query_id,) = struct.unpack("!H", data[:2])
    return HEADER.pack(query_id, 0x8000 | dns.rcode.FORMERR, 0, 0, 0, 0)


def _rdata_text(record: Record) -> str:
    if record.rtype == "MX":
        return f"{record.preference} {record.value}"
    if record.rtype == "TXT":  # <character-string>s of at most 255 octets each (RFC 1035 §3.3.14)
        text = record.value
        chunks = [text[i:i + 255] for i in range(0, len(text), 255)] or [""]
        return " ".join('"' + c.replace("\\", "\\\\").replace('"', '\\"') + '"' for c in chunks)
    return record.value


def _rrsets(records: tuple[Record, ...]) -> list[dns.rrset.RRset]:
    grouped: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        grouped.setdefault((record.name, record.rtype), []).append(record)
    return [dns.rrset.from_text_list(name, min(r.ttl for r in group), "IN", rtype,
                                     [_rdata_text(r) for r in group])
            for (name, rtype), group in grouped.items()]


def wire_answer(request: dns.message.Message, response: Response,
                limit: int | None = None) -> bytes:
    """``response`` as the answer to ``request``, in RFC 1035 wire format.

    Longer than ``limit`` octets (the datagram the client takes), it goes out
    truncated: TC=1, header and question only (RFC 2181 §9, RFC 7766 §5).
    """
    reply = dns.message.make_response(request)
    if response.authoritative:
        reply.flags |= dns.flags.AA
    if response.truncated:
        reply.flags |= dns.flags.TC
    # BADVERS is extended RCODE 16: dnspython puts its high bits in the OPT record.
    reply.set_rcode(dns.rcode.from_text(response.rcode))
    reply.answer.extend(_rrsets(response.answers))
    reply.authority.extend(_rrsets(response.authority))  # the SOA of a negative answer
    reply.additional.extend(_rrsets(response.additional))
    wire = reply.to_wire()
    if limit is not None and len(wire) > limit and not response.truncated:
        return wire_answer(request, truncated(response))
    return wire


def sim_query(sim_id: int, request: dns.message.Message) -> Query:
    """The simulation's question for ``request``, with its EDNS version and UDP size."""
    question = request.question[0]
    edns = request.edns if request.edns >= 0 else None
    return Query(sim_id, question.name.to_text(), dns.rdatatype.to_text(question.rdtype),
                 edns, request.payload if edns is not None else 512)


def refusal(request: dns.message.Message) -> dns.rcode.Rcode | None:
    """Only standard queries with one IN question (RFC 1035 §4.1.1; RFC 9619)."""
    if request.opcode() != dns.opcode.QUERY:
        return dns.rcode.NOTIMP
    if len(request.question) != 1:
        return dns.rcode.FORMERR
    if request.question[0].rdclass != dns.rdataclass.IN:
        return dns.rcode.REFUSED
    return None


class LiveDNS(asyncio.DatagramProtocol):
    """UDP port 5353 (by default) standing for the simulated DNS server's port 53."""

    def __init__(self, bridge: Bridge, dns_host: str, port: int) -> None:
        self.bridge = bridge
        self.dns_host = dns_host
        self.port = port
        self.transport: asyncio.DatagramTransport | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, tuple[Any, dns.message.Message]] = {}
        bridge.network.listen_udp(LIVE_HOST, RESOLVER_PORT, self._answered)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # CPython's selector transport is not a DatagramTransport subclass (3.11).
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: Any) -> None:
        try:
            request = dns.message.from_wire(data)
        except dns.exception.DNSException:
            self._reply(format_error(data), addr)
            return
        if request.flags & dns.flags.QR:
            return  # a response sent to a server is dropped, never answered
        refused = refusal(request)
        if refused is not None:
            reply = dns.message.make_response(request)
            reply.set_rcode(refused)
            self._reply(reply.to_wire(), addr)
            return
        sim_id = self.next_id()
        if len(self._waiting) >= MAX_WAITING:
            self._waiting.pop(next(iter(self._waiting)))
        self._waiting[sim_id] = (addr, request)
        query = sim_query(sim_id, request)
        self.bridge.advance()
        self.bridge.network.send_datagram(LIVE_HOST, self.dns_host, self.port, "DNS",
                                          query.to_text(), len(data), query)
        self.bridge.network.after(FORGET_AFTER, lambda: self._forget(sim_id))
        self.bridge.kick()

    def next_id(self) -> int:
        """A query id for the simulation, shared by the UDP and TCP listeners."""
        return next(self._ids) % 65_536

    def _forget(self, sim_id: int) -> None:
        self._waiting.pop(sim_id, None)

    def _answered(self, src: str, payload: Any) -> None:
        if not isinstance(payload, Response):
            return
        waiting = self._waiting.pop(payload.id, None)
        if waiting is None:
            return
        addr, request = waiting
        try:
            wire = wire_answer(request, payload, sim_query(payload.id, request).udp_limit())
        except (dns.exception.DNSException, ValueError):
            log.exception("could not encode the simulated answer %s", payload.to_text())
            reply = dns.message.make_response(request)
            reply.set_rcode(dns.rcode.SERVFAIL)
            wire = reply.to_wire()
        self._reply(wire, addr)

    def _reply(self, wire: bytes | None, addr: Any) -> None:
        if wire is not None and self.transport is not None and not self.transport.is_closing():
            self.transport.sendto(wire, addr)
