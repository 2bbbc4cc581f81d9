"""Real DNS over TCP, beside the UDP listener on the same port (RFC 7766 §5).

Each message on the stream has a two-octet length first (RFC 1035 §4.2.2,
RFC 7766 §8). A real client's TCP connection becomes a simulated one from
:data:`LIVE_HOST` to the DNS host's port 53 (its handshake and every question
in the trace, marked live); answers come back whole, never truncated. Bounded:
few connections at once, few questions waiting per connection, and an idle
connection is closed after a few seconds (RFC 7766 §6.2.3 lets a server).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import struct
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.rcode

from mailsim.protocols.dns import Response
from mailsim.sim.connection import Endpoint

from .bridge import LIVE_HOST
from .dns_wire import LiveDNS, format_error, refusal, sim_query, wire_answer
from .ports import Service

log = logging.getLogger("mailsim.live")

LENGTH = struct.Struct("!H")
MAX_CONNECTIONS = 32
MAX_PENDING = 16  # questions one connection may have open (RFC 7766 §6.2.1.1 pipelining)
IDLE_TIMEOUT = 10.0  # seconds of wall time without a question (RFC 7766 §6.2.3)
TCP_LIMIT = 65_535


class LiveDNSStream(asyncio.Protocol):
    """One real client's DNS-over-TCP connection, bridged to a simulated one."""

    def __init__(self, dns_udp: LiveDNS, streams: set[LiveDNSStream]) -> None:
        self.dns = dns_udp
        self.streams = streams  # the listener's connections open now
        self.bridge = dns_udp.bridge
        self.transport: asyncio.Transport | None = None
        self.endpoint: Endpoint | None = None
        self._buffer = b""
        self._held: list[Any] = []  # questions sent before the simulated handshake is done
        self._waiting: dict[int, dns.message.Message] = {}
        self._idle: asyncio.TimerHandle | None = None

    # --- the socket side --------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        if len(self.streams) >= MAX_CONNECTIONS:
            transport.close()  # RFC 7766 §6.2.2: a busy server may close at once
            return
        self.streams.add(self)
        self._arm_idle()
        self.bridge.advance()
        self.bridge.network.connect(LIVE_HOST, self.dns.dns_host, self.dns.port, self)
        self.bridge.kick()

    def data_received(self, data: bytes) -> None:
        self._arm_idle()
        self._buffer += data
        while len(self._buffer) >= LENGTH.size:
            (size,) = LENGTH.unpack_from(self._buffer)
            if len(self._buffer) < LENGTH.size + size:
                break
            message = self._buffer[LENGTH.size:LENGTH.size + size]
            self._buffer = self._buffer[LENGTH.size + size:]
            self._question(message)

    def connection_lost(self, exc: Exception | None) -> None:
        self.streams.discard(self)
        if self._idle is not None:
            self._idle.cancel()
        if self.endpoint is not None and not self.endpoint.closed:
            self.bridge.advance()
            self.endpoint.close(delay=0)  # FIN to the simulated server
            self.bridge.kick()

    def _arm_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
        loop = asyncio.get_running_loop()
        self._idle = loop.call_later(IDLE_TIMEOUT, self._close)

    def _close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def _write(self, wire: bytes | None) -> None:
        if wire is not None and self.transport is not None and not self.transport.is_closing():
            self.transport.write(LENGTH.pack(len(wire)) + wire)

    # --- questions ---------------------------------------------------------------

    def _question(self, data: bytes) -> None:
        try:
            request = dns.message.from_wire(data)
        except dns.exception.DNSException:
            self._write(format_error(data))
            return
        if request.flags & dns.flags.QR:
            return  # a response sent to a server is dropped, never answered
        refused = refusal(request)
        if refused is not None or len(self._waiting) >= MAX_PENDING:
            reply = dns.message.make_response(request)
            reply.set_rcode(refused if refused is not None else dns.rcode.SERVFAIL)
            self._write(reply.to_wire())
            return
        query = sim_query(self.dns.next_id(), request)
        self._waiting[query.id] = request
        if self.endpoint is None:
            self._held.append(query)
        else:
            self._send(query)

    def _send(self, query: Any) -> None:
        assert self.endpoint is not None
        self.bridge.advance()
        # RFC 1035 §4.2.2: the unit's size counts the two-octet length.
        self.endpoint.send_unit(query, query.to_text(), LENGTH.size + query.wire_size(), delay=0)
        self.bridge.kick()

    # --- the simulated client endpoint's handler ------------------------------------

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        held, self._held = self._held, []
        for query in held:
            self._send(query)

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        if not isinstance(data, Response):
            return
        request = self._waiting.pop(data.id, None)
        if request is None:
            return
        try:
            wire = wire_answer(request, data, TCP_LIMIT)
        except (dns.exception.DNSException, ValueError):
            log.exception("could not encode the simulated answer %s", data.to_text())
            reply = dns.message.make_response(request)
            reply.set_rcode(dns.rcode.SERVFAIL)
            wire = reply.to_wire()
        self._write(wire)

    def on_close(self, endpoint: Endpoint) -> None:
        self._close()

    def on_refused(self, reason: str) -> None:
        log.info("%s:%d/tcp: %s", self.dns.dns_host, self.dns.port, reason)
        self._close()


async def open_dns(loop: asyncio.AbstractEventLoop, dns_udp: LiveDNS, service: Service,
                   host: str) -> tuple[list[asyncio.AbstractServer | asyncio.BaseTransport], int]:
    """UDP and TCP on the same port: the one asked for, or (port 0) one free for both.

    Returns what was opened and the port. A free UDP port may be taken on TCP:
    then another is tried, a few times.
    """
    attempts = 5 if service.live_port == 0 else 1
    streams: set[LiveDNSStream] = set()
    for attempt in range(attempts):
        transport, _ = await loop.create_datagram_endpoint(
            functools.partial(_same, dns_udp), local_addr=(host, service.live_port))
        bound = int(transport.get_extra_info("sockname")[1])
        try:
            server = await loop.create_server(functools.partial(LiveDNSStream, dns_udp, streams),
                                              host, bound)
        except OSError:
            transport.close()
            if attempt + 1 == attempts:
                raise
            continue
        return [transport, server], bound
    raise AssertionError("unreachable")


def _same(protocol: LiveDNS) -> LiveDNS:
    return protocol
