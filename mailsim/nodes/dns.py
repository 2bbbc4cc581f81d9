"""The DNS server node: answers queries on UDP port 53 from its zone data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from mailsim.nodes.base import Node
from mailsim.protocols.dns import Query, Response, Zone, normalize_name
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

    def _on_query(self, src: str, payload: Any) -> None:
        if not isinstance(payload, Query):
            return
        failure = next((f for f in self.failures
                        if f.covers(normalize_name(payload.name), self.network.now)), None)
        if failure is not None and failure.answer == "timeout":
            self.record(DNSNoAnswer(name=payload.name, qtype=payload.qtype))
            return
        response = (Response(payload.id, payload.name, payload.qtype, "SERVFAIL", ())
                    if failure is not None else self.zone.answer(payload))
        self.after(self.lookup_time, lambda: self.network.send_datagram(
            self.name, src, self.port, "DNS", response.to_text(), response.wire_size(), response,
            reply_port=RESOLVER_PORT,
        ))
