"""The DNS server node: answers queries on UDP port 53 from its zone data."""

from __future__ import annotations

import random
from typing import Any

from mailsim.network import Network
from mailsim.nodes.base import Node
from mailsim.protocols.dns import Query, Zone

# The UDP port a resolver receives answers on (an ephemeral port in real life).
RESOLVER_PORT = 49152


class DNSServer(Node):
    role = "dns"

    def __init__(self, name: str, network: Network, rng: random.Random, *, port: int,
                 zone: Zone, lookup_time: int) -> None:
        super().__init__(name, network, rng)
        self.port = port
        self.zone = zone
        self.lookup_time = lookup_time
        network.listen_udp(name, port, self._on_query)

    def _on_query(self, src: str, payload: Any) -> None:
        if not isinstance(payload, Query):
            return
        response = self.zone.answer(payload)
        self.after(self.lookup_time, lambda: self.network.send_datagram(
            self.name, src, self.port, "DNS", response.to_text(), response.wire_size(), response,
            reply_port=RESOLVER_PORT,
        ))
