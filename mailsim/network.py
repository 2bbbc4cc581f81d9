"""Hosts, links and connections in simulated time; the one place that writes the trace.

Time is kept in whole microseconds (``int``) so that sums of latencies are
exact and traces are byte-identical from run to run. A unit sent from one host
to another travels the lowest-latency path; on each link it waits until the
link is free, takes ``size * 8 / bandwidth`` to put on the wire and
``latency`` to cross it (store and forward). Delivery is a scheduled SimPy
event with a callback, never a process per message, so large runs scale.

Simplifications, stated so nobody is surprised: no IP/TCP header overhead in
sizes; no loss or retransmission unless a host or link is down; a link is
reserved at the moment a unit is sent, so two units converging on one link
are served in sending order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx
import simpy

from mailsim.trace import TraceRecorder

MICROS = 1_000_000


def seconds(micros: int) -> float:
    return micros / MICROS


class StreamHandler(Protocol):
    """What a node plugs into one end of a TCP connection."""

    def on_open(self, endpoint: Endpoint) -> None: ...
    def on_data(self, endpoint: Endpoint, data: Any) -> None: ...
    def on_close(self, endpoint: Endpoint) -> None: ...


class ConnectHandler(StreamHandler, Protocol):
    def on_refused(self, reason: str) -> None: ...


@dataclass(slots=True)
class HostInfo:
    name: str
    role: str
    ip: str
    processing: int  # microseconds to handle one protocol unit


@dataclass(slots=True)
class LinkInfo:
    latency: int  # microseconds
    bandwidth: float  # bits per second
    busy_until: dict[str, int] = field(default_factory=dict)  # per direction: sender name


# Sizes of the modelled TLS 1.3 handshake flights (RFC 8446 §2), in octets.
TLS_FLIGHTS = (
    ("client", "ClientHello", 517),
    ("server", "ServerHello, ChangeCipherSpec, EncryptedExtensions, Certificate, "
               "CertificateVerify, Finished", 2_480),
    ("client", "ChangeCipherSpec, Finished", 80),
)


class Network:
    """The simulated internet of one run."""

    def __init__(self, env: simpy.Environment, recorder: TraceRecorder) -> None:
        self.env = env
        self.recorder = recorder
        self.graph = nx.Graph()
        self.hosts: dict[str, HostInfo] = {}
        self._listeners: dict[tuple[str, int], tuple[str, Callable[[], StreamHandler]]] = {}
        self._udp: dict[tuple[str, int], Callable[[str, Any], None]] = {}
        self._paths: dict[tuple[str, str], list[str]] = {}
        self._conn_ids = itertools.count(1)

    # --- building ----------------------------------------------------------

    def add_host(self, name: str, role: str, ip: str, processing: int) -> HostInfo:
        info = HostInfo(name, role, ip, processing)
        self.hosts[name] = info
        self.graph.add_node(name)
        return info

    def add_link(self, a: str, b: str, latency: int, bandwidth: float) -> None:
        self.graph.add_edge(a, b, info=LinkInfo(latency, bandwidth), latency=latency)
        self._paths.clear()

    def listen(self, host: str, port: int, protocol: str, factory: Callable[[], StreamHandler]) -> None:
        self._listeners[(host, port)] = (protocol, factory)

    def listen_udp(self, host: str, port: int, handler: Callable[[str, Any], None]) -> None:
        self._udp[(host, port)] = handler

    def ports(self, host: str) -> list[tuple[int, str]]:
        """The ports ``host`` listens on, with their protocol (UDP ones as DNS)."""
        tcp = [(port, proto) for (name, port), (proto, _) in self._listeners.items() if name == host]
        udp = [(port, "DNS") for (name, port) in self._udp if name == host]
        return sorted(tcp + udp)

    # --- time and state ------------------------------------------------------

    @property
    def now(self) -> int:
        return int(self.env.now)

    def after(self, delay: int, callback: Callable[[], None]) -> None:
        """Run ``callback`` ``delay`` microseconds from now (a scheduled event)."""
        event = self.env.timeout(delay)
        event.callbacks.append(lambda _event: callback())

    def state(self, node: str, action: str, **data: Any) -> None:
        self.recorder.state(seconds(self.now), node, action, **data)

    # --- transport -------------------------------------------------------------

    def path(self, src: str, dst: str) -> list[str]:
        key = (src, dst)
        if key not in self._paths:
            self._paths[key] = nx.shortest_path(self.graph, src, dst, weight="latency")
        return self._paths[key]

    def transit(self, src: str, dst: str, size: int, start: int) -> int:
        """Arrival time of ``size`` octets sent from ``src`` at ``start``."""
        t = start
        hops = self.path(src, dst)
        for a, b in itertools.pairwise(hops):
            link: LinkInfo = self.graph.edges[a, b]["info"]
            begin = max(t, link.busy_until.get(a, 0))
            on_wire = round(size * 8 * MICROS / link.bandwidth)
            link.busy_until[a] = begin + on_wire
            t = begin + on_wire + link.latency
        return t

    def emit(
        self,
        src: str,
        dst: str,
        protocol: str,
        port: int,
        text: str,
        size: int,
        deliver: Callable[[], None],
        *,
        conn: str | None = None,
        encrypted: bool = False,
        not_before: int = 0,
    ) -> int:
        """Record a unit leaving ``src`` now and schedule ``deliver`` at its arrival."""
        arrival = max(self.transit(src, dst, size, self.now), not_before)
        self.recorder.message(
            t_sent=seconds(self.now), t_arrived=seconds(arrival), src=src, dst=dst,
            protocol=protocol, port=port, conn=conn, text=text, size=size, encrypted=encrypted,
        )
        self.after(arrival - self.now, deliver)
        return arrival

    def send_datagram(
        self, src: str, dst: str, port: int, protocol: str, text: str, size: int, payload: Any,
        *, reply_port: int | None = None,
    ) -> None:
        """A UDP datagram. ``port`` is the destination port, or the answering
        service's port for a reply (then ``reply_port`` names the receiver's
        handler)."""
        key = (dst, reply_port if reply_port is not None else port)

        def deliver() -> None:
            handler = self._udp.get(key)
            if handler is not None:
                handler(src, payload)

        self.emit(src, dst, protocol, port, text, size, deliver)

    def connect(self, src: str, dst: str, port: int, handler: ConnectHandler) -> Connection:
        """Open a TCP connection (three-way handshake, RFC 9293 §3.5)."""
        listener = self._listeners.get((dst, port))
        conn = Connection(self, f"c{next(self._conn_ids)}", src, dst, port,
                          listener[0] if listener else "TCP")
        conn.client.handler = handler

        def syn_arrived() -> None:
            if listener is None:
                conn.segment(conn.server, "RST, ACK (connection refused)",
                             lambda: handler.on_refused("connection refused"))
                return
            conn.server.handler = listener[1]()
            conn.segment(conn.server, "SYN, ACK", syn_ack_arrived)

        def syn_ack_arrived() -> None:
            conn.segment(conn.client, "ACK", ack_arrived)
            handler.on_open(conn.client)

        def ack_arrived() -> None:
            assert conn.server.handler is not None
            conn.server.handler.on_open(conn.server)

        conn.segment(conn.client, "SYN", syn_arrived)
        return conn


class Connection:
    """A TCP connection between a client port and a server port."""

    def __init__(self, network: Network, cid: str, client: str, server: str, port: int,
                 protocol: str) -> None:
        self.network = network
        self.id = cid
        self.port = port
        self.protocol = protocol
        self.encrypted = False
        self.client = Endpoint(self, client, server)
        self.server = Endpoint(self, server, client)
        self.client.peer = self.server
        self.server.peer = self.client

    def segment(self, sender: Endpoint, flags: str, deliver: Callable[[], None]) -> None:
        """A TCP control segment (no payload; 0 octets of data)."""
        sender.transmit(flags, size=0, protocol="TCP", deliver=deliver)

    def start_tls(self, on_client_ready: Callable[[], None],
                  on_server_ready: Callable[[], None]) -> None:
        """Run the modelled TLS 1.3 handshake; afterwards every unit is encrypted.

        The client may send right after its Finished flight; the server is told
        when that flight arrives. No real cryptography happens in a simulation.
        """
        flights = list(TLS_FLIGHTS)

        def next_flight() -> None:
            if not flights:
                return
            side, text, size = flights.pop(0)
            sender = self.client if side == "client" else self.server
            last = not flights

            def arrived() -> None:
                if last:
                    on_server_ready()
                else:
                    next_flight()

            sender.transmit(text, size=size, protocol="TLS", deliver=arrived)
            if last:
                self.encrypted = True
                on_client_ready()

        next_flight()


class Endpoint:
    """One end of a connection: what a node sends from and is called back on."""

    def __init__(self, conn: Connection, host: str, peer_host: str) -> None:
        self.conn = conn
        self.host = host
        self.peer_host = peer_host
        self.peer: Endpoint = self
        self.handler: StreamHandler | None = None
        self.closed = False
        self.last_arrival = 0  # TCP delivers in order: nothing overtakes
        self._ready_at = 0  # a host answers one unit after another

    @property
    def network(self) -> Network:
        return self.conn.network

    def send(self, data: bytes, *, delay: int | None = None) -> None:
        """Send ``data`` as one unit after the host's processing time."""
        self.send_unit(data, render(data), len(data), delay=delay)

    def send_unit(self, payload: Any, text: str, size: int, *, delay: int | None = None) -> None:
        """Send a unit whose trace text and size are given (a modelled binary PDU).

        Units leave one after another: never before the previous one from this end.
        """
        host_delay = self.network.hosts[self.host].processing if delay is None else delay
        start = max(self.network.now + host_delay, self._ready_at)
        self._ready_at = start

        def go() -> None:
            if self.closed:
                return
            self.transmit(text, size=size, protocol=self.conn.protocol,
                          deliver=lambda: self._deliver_to_peer(payload))

        self.network.after(start - self.network.now, go)

    def transmit(self, text: str, *, size: int, protocol: str,
                 deliver: Callable[[], None]) -> None:
        arrival = self.network.emit(
            self.host, self.peer_host, protocol, self.conn.port, text, size, deliver,
            conn=self.conn.id, encrypted=self.conn.encrypted and protocol != "TCP",
            not_before=self.last_arrival,
        )
        self.last_arrival = arrival

    def _deliver_to_peer(self, payload: Any) -> None:
        if not self.peer.closed and self.peer.handler is not None:
            self.peer.handler.on_data(self.peer, payload)

    def close(self, *, delay: int | None = None) -> None:
        """Close actively: FIN, the peer's FIN+ACK, then our ACK (RFC 9293 §3.6)."""
        if self.closed:
            return
        host_delay = self.network.hosts[self.host].processing if delay is None else delay
        start = max(self.network.now + host_delay, self._ready_at)

        def fin() -> None:
            if self.closed:
                return
            self.closed = True
            self.conn.segment(self, "FIN, ACK", fin_arrived)
            self._ready_at = self.network.now

        def fin_arrived() -> None:
            peer = self.peer
            if not peer.closed:
                peer.closed = True
                if peer.handler is not None:
                    peer.handler.on_close(peer)
                self.conn.segment(peer, "FIN, ACK", lambda: self.conn.segment(self, "ACK", _nothing))

        self.network.after(start - self.network.now, fin)


def _nothing() -> None:
    return None


def render(data: bytes) -> str:
    """Trace text for a unit: decoded, CRLF shown as line breaks, no final newline."""
    text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").removesuffix("\n")
