"""Hosts, links and transport in simulated time; the one place that writes the trace.

Time is kept in whole microseconds (``int``) so that sums of latencies are
exact and traces are byte-identical from run to run. A unit sent from one host
to another travels the lowest-latency path; on each link it waits until the
link is free, takes ``size * 8 / bandwidth`` to put on the wire and
``latency`` to cross it (store and forward). Delivery is a scheduled SimPy
event with a callback, never a process per message, so large runs scale.

Simplifications, stated so nobody is surprised: no IP/TCP header overhead in
sizes; a link is reserved at the moment a unit is sent, so two units
converging on one link are served in sending order; outages (see
:mod:`mailsim.sim.outages`) apply to what starts during them.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from heapq import heappush
from typing import Any

import networkx as nx
import simpy

from mailsim.sim.calendar import _CALL, NORMAL, Call, Entry, Queue, direct_queue, scheduler

# StreamHandler and ConnectHandler are defined with the connection; they are
# re-exported here because nodes and the live bridge name them from the network.
from mailsim.sim.connection import ConnectHandler as ConnectHandler
from mailsim.sim.connection import Connection
from mailsim.sim.connection import StreamHandler as StreamHandler
from mailsim.sim.handshake import Handshake
from mailsim.sim.links import MICROS as MICROS
from mailsim.sim.links import LinkTable, transit
from mailsim.sim.outages import Outages, arrival_through_faults
from mailsim.sim.port_blocks import PortBlocks, drop_blocked_syn
from mailsim.trace import states
from mailsim.trace.recorder import TraceRecorder

_new = object.__new__


def seconds(micros: int) -> float:
    return micros / MICROS


@dataclass(slots=True)
class HostInfo:
    name: str
    role: str
    ip: str
    processing: int  # microseconds to handle one protocol unit


# A client gives up connecting after this long (Postfix's smtp_connect_timeout).
CONNECT_TIMEOUT = 30 * MICROS


class Network:
    """The simulated internet of one run."""

    def __init__(self, env: simpy.Environment, recorder: TraceRecorder,
                 rng: random.Random | None = None, outages: Outages | None = None) -> None:
        self.env = env
        self.recorder = recorder
        self.rng = rng or random.Random(0)
        self.outages = outages or Outages()
        self.port_blocks = PortBlocks()  # routers' OP25B rules, asked once per SYN
        self.links = LinkTable()
        self.graph: nx.Graph = self.links.graph
        self._up_routes = self.links.up_routes  # the same dict, for the hot path
        self.hosts: dict[str, HostInfo] = {}
        self._listeners: dict[tuple[str, int], tuple[str, Callable[[], StreamHandler]]] = {}
        self._udp: dict[tuple[str, int], Callable[[str, Any], None]] = {}
        self._conn_ids = itertools.count(1)
        self._schedule = scheduler(env)
        direct = direct_queue(env)
        self._queue: Queue | None = direct[0] if direct is not None else None
        self._ids: Iterator[int] = direct[1] if direct is not None else itertools.count()

    @property
    def recorder(self) -> TraceRecorder:
        return self._recorder

    @recorder.setter
    def recorder(self, recorder: TraceRecorder) -> None:
        """The trace's writer; ``serve`` swaps in its own after the world is built."""
        self._recorder = recorder
        self._unit = recorder.unit  # bound once: the hot path calls them per unit
        self._state = recorder.state_data

    # --- building ----------------------------------------------------------

    def add_host(self, name: str, role: str, ip: str, processing: int) -> HostInfo:
        info = HostInfo(name, role, ip, processing)
        self.hosts[name] = info
        self.links.add_host(name)
        return info

    def add_link(self, a: str, b: str, latency: int, bandwidth: float) -> None:
        self.links.add_link(a, b, latency, bandwidth)

    def listen(self, host: str, port: int, protocol: str, factory: Callable[[], StreamHandler]) -> None:
        self._listeners[(host, port)] = (protocol, factory)

    def listen_udp(self, host: str, port: int, handler: Callable[[str, Any], None]) -> None:
        self._udp[(host, port)] = handler

    def ports(self, host: str) -> list[tuple[int, str]]:
        """The ports ``host`` listens on, with their protocol (UDP ones as DNS)."""
        tcp = [(port, proto) for (name, port), (proto, _) in self._listeners.items() if name == host]
        udp = [(port, "DNS") for (name, port) in self._udp if name == host]
        return sorted(set(tcp + udp))  # DNS on UDP and TCP 53 is one service

    # --- time and state ------------------------------------------------------

    @property
    def now(self) -> int:
        # The environment's clock, read directly: every entry is put at an int time.
        return self.env._now  # type: ignore[return-value]

    def after(self, delay: int, callback: Callable[[], None]) -> None:
        """Run ``callback`` ``delay`` microseconds from now (one entry on the calendar)."""
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        if self._queue is not None:
            entry = _new(Call)  # Call(callback) without an __init__ call
            entry.callbacks = _CALL
            entry.fn = callback
            now: int = self.env._now  # type: ignore[assignment]  # read directly; always an int
            heappush(self._queue, (now + delay, NORMAL, next(self._ids), entry))
        else:
            self._schedule(Call(callback), NORMAL, delay)

    def schedule(self, entry: Entry, delay: int) -> None:
        """Put ``entry`` (a :class:`~mailsim.sim.calendar.Call` or alike) ``delay`` from now."""
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        self.put(entry, int(self.env.now) + delay)

    def put(self, entry: Entry, at: int) -> None:
        """Put ``entry`` on the calendar at the time ``at`` (not before now)."""
        if self._queue is not None:
            heappush(self._queue, (at, NORMAL, next(self._ids), entry))
        else:
            self._schedule(entry, NORMAL, at - int(self.env.now))

    def depart(self, entry: Entry, delay: int, ready_at: int) -> int:
        """Put ``entry`` on the calendar ``delay`` from now but not before ``ready_at``
        (a host handles one unit after another); return that time."""
        now: int = self.env._now  # type: ignore[assignment]  # read directly; always an int
        start = now + delay
        if start < ready_at:
            start = ready_at
        if self._queue is not None:
            heappush(self._queue, (start, NORMAL, next(self._ids), entry))
        else:
            self._schedule(entry, NORMAL, start - now)
        return start

    def record_state(self, node: str, change: states.StateChange) -> None:
        """Record a typed change of ``node`` at the current simulated time."""
        self._state(self.env.now / MICROS, node, change.action, change.to_data())

    # --- transport -------------------------------------------------------------

    def path(self, src: str, dst: str, *, outages: bool = False) -> list[str] | None:
        """The lowest-latency path, avoiding links that are down now if ``outages``."""
        down = self.outages.down_links(self.now) if outages and self.outages.links else frozenset()
        return self.links.path(src, dst, down)

    def reachable(self, src: str, dst: str) -> bool:
        """Whether a new exchange from ``src`` can reach ``dst`` now."""
        return (self.outages.host_up(src, self.now) and self.outages.host_up(dst, self.now)
                and self.path(src, dst, outages=True) is not None)

    def transit(self, src: str, dst: str, size: int, start: int,
                hops: list[str] | None = None) -> int:
        """Arrival time of ``size`` octets sent from ``src`` at ``start``."""
        return transit(self.links.lanes(hops or self.path(src, dst) or [src, dst]), size, start)

    def carry(self, entry: Entry, src: str, dst: str, protocol: str, port: int, text: str,
              size: int, conn: str | None = None, encrypted: bool = False, not_before: int = 0,
              outages: bool = False) -> int | None:
        """Record a unit leaving ``src`` now and put ``entry`` on the calendar at its arrival.

        Returns the arrival time, or None when the unit is lost: dropped by a
        lossy link, or (with ``outages``) sent to a host or over links that are
        down now. A lost unit is in the trace with no arrival time.
        """
        now: int = self.env._now  # type: ignore[assignment]  # read directly; always an int
        arrival: int | None
        if outages or self.outages.loss:
            arrival = arrival_through_faults(self.outages, self.links, self.rng, src, dst,
                                             size, now, outages)
        else:  # the usual case: a cached route, no fault to look up
            route = self._up_routes.get((src, dst)) or self.links.route(src, dst)
            if route is None:
                arrival = None
            else:
                # links.transit(route, size, now), inlined: this runs once per unit.
                arrival = now
                for lane in route:
                    begin = lane.busy_until
                    if arrival > begin:
                        begin = arrival
                    end = begin + round(size * 8 * MICROS / lane.bandwidth)
                    lane.busy_until = end
                    arrival = end + lane.latency
        if arrival is None:
            self._unit(now / MICROS, None, src, dst, protocol, port, conn, text, size, encrypted)
            return None
        if arrival < not_before:
            arrival = not_before
        self._unit(now / MICROS, arrival / MICROS, src, dst, protocol, port, conn, text, size,
                   encrypted)
        if self._queue is not None:
            heappush(self._queue, (arrival, NORMAL, next(self._ids), entry))
        else:
            self._schedule(entry, NORMAL, arrival - now)
        return arrival

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
        outages: bool = False,
    ) -> int | None:
        """Record a unit leaving ``src`` now and schedule ``deliver`` at its arrival.

        Returns the arrival time, or None when the unit is lost (see :meth:`carry`).
        """
        return self.carry(Call(deliver), src, dst, protocol, port, text, size, conn, encrypted,
                          not_before, outages)

    def drop(self, src: str, dst: str, protocol: str, port: int, text: str, size: int,
             conn: str | None = None) -> None:
        """Record a unit leaving ``src`` now that never arrives (a router dropped it)."""
        self._unit(self.env._now / MICROS, None, src, dst, protocol, port, conn, text, size, False)

    def syn_blocked(self, src: str, dst: str, port: int, conn: str) -> bool:
        """Whether a router's rule (OP25B) drops this SYN; a dropped one is traced as such."""
        return bool(self.port_blocks.rules) and drop_blocked_syn(self, src, dst, port, conn)

    def send_datagram(
        self, src: str, dst: str, port: int, protocol: str, text: str, size: int, payload: Any,
        *, reply_port: int | None = None,
    ) -> None:
        """A UDP datagram, lost if the way is down or lossy (UDP never retransmits).

        ``port`` is the destination port, or the answering service's port for a
        reply (then ``reply_port`` names the receiver's handler)."""
        key = (dst, reply_port if reply_port is not None else port)

        def deliver() -> None:
            handler = self._udp.get(key)
            if handler is not None:
                handler(src, payload)

        self.emit(src, dst, protocol, port, text, size, deliver, outages=True)

    def connect(self, src: str, dst: str, port: int, handler: ConnectHandler,
                *, timeout: int = CONNECT_TIMEOUT) -> Connection:
        """Open a TCP connection (three-way handshake, RFC 9293 §3.5).

        An unanswered SYN is sent again after 1, 2, 4, ... seconds; after
        ``timeout`` the handler hears "connection timed out".
        """
        listener = self._listeners.get((dst, port))
        conn = Connection(self, f"c{next(self._conn_ids)}", src, dst, port,
                          listener[0] if listener else "TCP")
        conn.client.handler = handler
        Handshake(conn, handler, listener[1] if listener else None,
                  self.now + timeout).send_syn()
        return conn
