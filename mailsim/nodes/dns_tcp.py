"""DNS over TCP from the resolver: one question on a connection of its own.

RFC 7766 §5: a resolver whose UDP answer came back truncated (TC=1) asks again
over TCP; RFC 1035 §4.2.2: each message on the stream has a two-octet length
first (counted in the unit's size). The client closes once it has its answer
(RFC 7766 §6.2.3: it knows when it is done, the server does not).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from mailsim.nodes.base import Node
from mailsim.protocols.dns import SERVFAIL, TCP_LENGTH_PREFIX, Query, Response
from mailsim.sim.connection import Endpoint
from mailsim.trace.states import DNSTimeout

DNS_PORT = 53
# Like the UDP query's: an answer that takes longer than 5 s counts as none.
TCP_TIMEOUT = 5_000_000


class Asker(Protocol):
    """What a TCP query needs of the resolver that asks (nodes/resolver.py's Resolver)."""

    node: Node
    server: str

    def answered(self, payload: Response, done: Callable[[Response], None]) -> None: ...


class TCPQuery:
    """The resolver's end of one DNS-over-TCP exchange (a ConnectHandler)."""

    def __init__(self, resolver: Asker, query: Query,
                 done: Callable[[Response], None]) -> None:
        self.resolver = resolver
        self.query = query
        self.done = done
        self.finished = False
        self.endpoint: Endpoint | None = None

    def start(self) -> None:
        """Open the connection; the query goes out once it is open."""
        node = self.resolver.node
        node.network.connect(node.name, self.resolver.server, DNS_PORT, self)
        node.network.after(TCP_TIMEOUT, self._timed_out)

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        query = self.query
        endpoint.send_unit(query, query.to_text(), TCP_LENGTH_PREFIX + query.wire_size())

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        if not isinstance(data, Response) or data.id != self.query.id or self.finished:
            return
        self.finished = True
        endpoint.close()
        self.resolver.answered(data, self.done)

    def on_close(self, endpoint: Endpoint) -> None:
        self._fail()  # the server closed (or the connection broke) before answering

    def on_refused(self, reason: str) -> None:
        self._fail()  # nobody listens on TCP 53: a temporary failure, like SERVFAIL

    def _timed_out(self) -> None:
        if self.finished:
            return
        query = self.query
        self.resolver.node.record(DNSTimeout(name=query.name, qtype=query.qtype, attempt=1))
        if self.endpoint is not None:
            self.endpoint.close()
        self._fail()

    def _fail(self) -> None:
        if not self.finished:
            self.finished = True
            query = self.query
            self.done(Response(query.id, query.name, query.qtype, SERVFAIL, ()))
