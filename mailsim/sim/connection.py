"""TCP connections: two endpoints that deliver in order (the TLS handshake on top: :mod:`mailsim.sim.tls`).

The network builds connections; a connection knows the network only as a
:class:`~mailsim.sim.wire.Wire` (what it sends through), so this module imports
nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from mailsim.sim.calendar import Call, Entry
from mailsim.sim.tls import upgrade_tls
from mailsim.sim.wire import Wire


class StreamHandler(Protocol):
    """What a node plugs into one end of a TCP connection.

    A handler may also have ``on_tls()``: :meth:`Connection.upgrade_tls` calls it once
    TLS is up on its end.
    """

    def on_open(self, endpoint: Endpoint) -> None: ...
    def on_data(self, endpoint: Endpoint, data: Any) -> None: ...
    def on_close(self, endpoint: Endpoint) -> None: ...


class ConnectHandler(StreamHandler, Protocol):
    """A client's handler also hears when nobody answers."""

    def on_refused(self, reason: str) -> None: ...


# TCP retransmission after a loss: from 1 s, doubling (RFC 6298); then the connection breaks.
INITIAL_RTO = 1_000_000
MAX_RETRANSMISSIONS = 8


class Connection:
    """A TCP connection between a client port and a server port."""

    __slots__ = ("client", "encrypted", "id", "network", "port", "protocol", "server")

    def __init__(self, network: Wire, cid: str, client: str, server: str, port: int,
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

    def segment(self, sender: Endpoint, flags: str, deliver: Callable[[], None], *,
                outages: bool = False) -> None:
        """A TCP control segment (no payload; 0 octets of data).

        Handshake segments (``outages``) are lost when the way is down: the
        caller retransmits SYNs itself. Later segments are retransmitted like data.
        """
        if outages:
            arrival = self.network.emit(sender.host, sender.peer_host, "TCP", self.port, flags, 0,
                                        deliver, conn=self.id, not_before=sender.last_arrival,
                                        outages=True)
            if arrival is not None:
                sender.last_arrival = arrival
            return
        sender._transmit(flags, 0, "TCP", Call(deliver))  # transmit(), one call less

    def abort(self) -> None:
        """The connection breaks (too many retransmissions): both ends hear it closed."""
        for end in (self.client, self.server):
            if not end.closed:
                end.closed = True
                if end.handler is not None:
                    end.handler.on_close(end)

    def let_go(self) -> None:
        """Both ends are closed and told so: drop the references that make cycles.

        Nothing calls a handler any more, and a unit still on its way finds its peer
        closed, as before. Letting go of the handlers breaks the endpoint <-> session
        cycles, and of the ends (for :data:`GONE`, closed) the connection <-> endpoint
        and endpoint <-> endpoint ones, so a finished connection is freed at once by
        reference counting, not by the cycle collector.
        """
        client, server = self.client, self.server
        client.handler = server.handler = None
        client.peer = server.peer = GONE
        self.client = self.server = GONE

    def upgrade_tls(self) -> None:
        """Run the modelled TLS handshake (:mod:`mailsim.sim.tls`) and tell both ends'
        handlers ``on_tls()``; afterwards every unit is encrypted."""
        upgrade_tls(self)


class Endpoint:
    """One end of a connection: what a node sends from and is called back on."""

    __slots__ = ("_backlog", "_ready_at", "closed", "conn", "handler", "host", "last_arrival",
                 "peer", "peer_host")

    def __init__(self, conn: Connection, host: str, peer_host: str) -> None:
        self.conn = conn
        self.host = host
        self.peer_host = peer_host
        self.peer: Endpoint = self
        self.handler: StreamHandler | None = None
        self.closed = False
        self.last_arrival = 0  # TCP delivers in order: nothing overtakes
        self._ready_at = 0  # a host answers one unit after another
        self._backlog: list[Callable[[], None]] | None = None  # held behind a retransmission

    @property
    def network(self) -> Wire:
        return self.conn.network

    def send(self, data: bytes, *, delay: int | None = None) -> None:
        """Send ``data`` as one unit after the host's processing time."""
        # send_unit(data, render(data), len(data)), inlined: the path of every protocol line.
        network = self.conn.network
        if delay is None:
            delay = network.hosts[self.host].processing
        elif delay < 0:
            raise ValueError(f"Negative delay {delay}")
        unit = _new(_Unit)  # _Unit(...) without an __init__ call
        unit.callbacks = _LEAVE
        unit.end = self
        unit.payload = data
        unit.text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").removesuffix("\n")
        unit.size = len(data)
        self._ready_at = network.depart(unit, delay, self._ready_at)

    def send_unit(self, payload: Any, text: str, size: int, *, delay: int | None = None) -> None:
        """Send a unit whose trace text and size are given (a modelled binary PDU).

        Units leave one after another: never before the previous one from this end.
        The unit is one object on the calendar twice: when it leaves, when it arrives.
        """
        network = self.conn.network
        if delay is None:
            delay = network.hosts[self.host].processing
        elif delay < 0:
            raise ValueError(f"Negative delay {delay}")
        self._ready_at = network.depart(_Unit(self, payload, text, size), delay, self._ready_at)

    def transmit(self, text: str, *, size: int, protocol: str,
                 deliver: Callable[[], None]) -> None:
        """Put one unit on the wire; if a lossy link drops it, send it again.

        While a unit waits for its retransmission, later units wait behind it:
        TCP hands data over in order (RFC 9293 §3.10).
        """
        self._transmit(text, size, protocol, Call(deliver))

    def _transmit(self, text: str, size: int, protocol: str, arrival: Entry) -> None:
        """:meth:`transmit`, with the calendar entry to put down at the arrival."""
        if self._backlog is not None:
            self._backlog.append(lambda: self._transmit(text, size, protocol, arrival))
            return
        self._attempt(text, size, protocol, arrival, INITIAL_RTO, 0)

    def _attempt(self, text: str, size: int, protocol: str, entry: Entry,
                 rto: int, tries: int) -> None:
        conn = self.conn
        network = conn.network
        arrival = network.carry(entry, self.host, self.peer_host, protocol, conn.port, text,
                                size, conn.id, conn.encrypted and protocol != "TCP",
                                self.last_arrival)
        if arrival is not None:
            self.last_arrival = arrival
            if self._backlog is not None:
                self._release()
            return
        self._lost(text, size, protocol, entry, rto, tries)

    def _lost(self, text: str, size: int, protocol: str, entry: Entry,
              rto: int, tries: int) -> None:
        """A try was dropped: send it again after ``rto``, or give up (RFC 6298 §5)."""
        if tries >= MAX_RETRANSMISSIONS:
            self._backlog = None
            self.conn.abort()
            return
        if self._backlog is None:
            self._backlog = []
        self.conn.network.after(rto, lambda: self._attempt(text, size, protocol, entry, rto * 2,
                                                           tries + 1))

    def _release(self) -> None:
        backlog, self._backlog = self._backlog or [], None
        while backlog:
            if self._backlog is not None:  # lost again: the rest keeps waiting
                self._backlog.extend(backlog)
                return
            backlog.pop(0)()

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
                self.conn.segment(peer, "FIN, ACK", last_ack)

        def last_ack() -> None:
            self.conn.segment(self, "ACK", _nothing)
            self.conn.let_go()

        self.network.after(start - self.network.now, fin)


def _nothing() -> None:
    return None


class _Unit:
    """A unit sent from an endpoint: due first when it leaves, then when it arrives."""

    __slots__ = ("callbacks", "end", "payload", "size", "text")
    _ok = True  # what Environment.step reads besides callbacks (see calendar.py)

    def __init__(self, end: Endpoint, payload: Any, text: str, size: int) -> None:
        self.callbacks: tuple[Callable[[Any], None], ...] | None = _LEAVE
        self.end = end
        self.payload = payload
        self.text = text
        self.size = size


def _leave(unit: _Unit) -> None:
    end = unit.end
    if end.closed:
        return
    unit.callbacks = _ARRIVE  # the same entry goes on the calendar again for its arrival
    conn = end.conn
    if end._backlog is not None:  # behind a retransmission: wait in line
        end._transmit(unit.text, unit.size, conn.protocol, unit)
        return
    # Endpoint._attempt's first try, inlined: this is the path of every protocol line.
    arrival = conn.network.carry(unit, end.host, end.peer_host, conn.protocol, conn.port,
                                 unit.text, unit.size, conn.id,
                                 conn.encrypted and conn.protocol != "TCP", end.last_arrival)
    if arrival is None:
        end._lost(unit.text, unit.size, conn.protocol, unit, INITIAL_RTO, 0)
    else:
        end.last_arrival = arrival


def _arrive(unit: _Unit) -> None:
    peer = unit.end.peer
    if not peer.closed and peer.handler is not None:
        peer.handler.on_data(peer, unit.payload)


_LEAVE: tuple[Callable[[Any], None], ...] = (_leave,)
_ARRIVE: tuple[Callable[[Any], None], ...] = (_arrive,)
_new = object.__new__


# The end of a finished connection (Connection.let_go): closed, with no handler and no
# connection of its own, so whatever still asks a finished connection for an end
# finds it closed, as its own ends were.
GONE = _new(Endpoint)
GONE.closed = True
GONE.handler = None
GONE.host = GONE.peer_host = ""
GONE.peer = GONE
GONE.last_arrival = GONE._ready_at = 0
GONE._backlog = None
