"""The DNS server node: answers queries on port 53 from its zone data, over UDP and TCP.

Over UDP an answer larger than the client takes (512 octets, or its EDNS size)
goes out truncated with TC=1; the client asks again over TCP, where each
message has a two-octet length first (RFC 1035 §4.2.2, RFC 7766 §8).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from mailsim.nodes.base import Node
from mailsim.protocols.dns import (
    OPT_SIZE,
    SERVFAIL,
    TCP_LENGTH_PREFIX,
    Query,
    Response,
    Zone,
    normalize_name,
    truncated,
)
from mailsim.sim.connection import Endpoint
from mailsim.sim.network import Network
from mailsim.trace.states import DNSNoAnswer

# The UDP port a resolver receives answers on (an ephemeral port in real life).
RESOLVER_PORT = 49152


@dataclass(frozen=True, slots=True)
class DNSOutage:
    """For queries under ``domain`` in [start, end): answer SERVFAIL, or nothing."""

    domain: str
    answer: str  # "servfail" or "timeout"
    start: int
    end: int | None

    def covers(self, name: str, now: int) -> bool:
        zone = normalize_name(self.domain)
        inside = name == zone or name.endswith("." + zone)
        return inside and self.start <= now and (self.end is None or now < self.end)


class DNSServer(Node):
    role = "dns"

    def __init__(self, name: str, network: Network, rng: random.Random, *, port: int,
                 zone: Zone, lookup_time: int, failures: list[DNSOutage] | None = None) -> None:
        super().__init__(name, network, rng)
        self.port = port
        self.zone = zone
        self.lookup_time = lookup_time
        self.failures = failures or []
        network.listen_udp(name, port, self._on_query)
        # RFC 7766 §5: a DNS server MUST answer over TCP as well as UDP.
        network.listen(name, port, "DNS", lambda: DNSStreamSession(self))

    def respond(self, query: Query) -> Response | None:
        """The answer to ``query`` (None: a fault keeps the server silent)."""
        failure = next((f for f in self.failures
                        if f.covers(normalize_name(query.name), self.network.now)), None)
        if failure is not None and failure.answer == "timeout":
            self.record(DNSNoAnswer(name=query.name, qtype=query.qtype))
            return None
        if failure is not None:
            return Response(query.id, query.name, query.qtype, SERVFAIL, ())
        return self.zone.answer(query)

    def _on_query(self, src: str, payload: Any) -> None:
        if not isinstance(payload, Query):
            return
        response = self.respond(payload)
        if response is None:
            return
        opt = 0 if payload.edns is None else OPT_SIZE  # the answer carries an OPT RR too
        if response.wire_size() + opt > payload.udp_limit():
            response = truncated(response)  # RFC 2181 §9, RFC 7766 §5
        answer = response
        self.after(self.lookup_time, lambda: self.network.send_datagram(
            self.name, src, self.port, "DNS", answer.to_text(), answer.wire_size() + opt, answer,
            reply_port=RESOLVER_PORT,
        ))


class DNSStreamSession:
    """One TCP connection to the DNS server: each query answered whole, length first."""

    def __init__(self, server: DNSServer) -> None:
        self.server = server

    def on_open(self, endpoint: Endpoint) -> None:
        return None  # the client speaks first

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        if not isinstance(data, Query):
            return
        response = self.server.respond(data)
        if response is not None:  # over TCP nothing is truncated (up to 65,535 octets)
            endpoint.send_unit(response, response.to_text(),
                               TCP_LENGTH_PREFIX + response.wire_size(),
                               delay=self.server.lookup_time)

    def on_close(self, endpoint: Endpoint) -> None:
        return None  # the client closes when it has its answers (RFC 7766 §6.2.3)
