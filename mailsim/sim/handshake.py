"""Opening a TCP connection: the three-way handshake (RFC 9293 §3.5) as one small object.

The network makes the :class:`~mailsim.sim.connection.Connection`; a
:class:`Handshake` then sends the SYN, answers it at the server (SYN, ACK or, with
nobody listening, RST) and tells both ends' handlers ``on_open`` — or the
client's ``on_refused``. Its state is three attributes, not a dict and five closures.
"""

from __future__ import annotations

from collections.abc import Callable

# SYN retransmission, like data's: the first after 1 s, then doubling (RFC 6298 §2, §5.5).
from mailsim.sim.connection import INITIAL_RTO, ConnectHandler, Connection, StreamHandler


class Handshake:
    """One connection's handshake, from the first SYN to both ends being open."""

    __slots__ = ("accepted", "conn", "deadline", "established", "factory", "handler", "rto")

    def __init__(self, conn: Connection, handler: ConnectHandler,
                 factory: Callable[[], StreamHandler] | None, deadline: int) -> None:
        self.conn = conn
        self.handler = handler
        self.factory = factory  # the listener's, or None: nobody listens on that port
        self.deadline = deadline
        self.established = False
        self.accepted = False
        self.rto = INITIAL_RTO

    def send_syn(self) -> None:
        """Send the SYN; an unanswered one is sent again after 1, 2, 4, ... seconds."""
        conn = self.conn
        if self.established or conn.client.closed:
            return
        network = conn.network
        if network.now >= self.deadline:
            conn.client.closed = True
            self.handler.on_refused("connection timed out")
            return
        if not network.syn_blocked(conn.client.host, conn.server.host, conn.port, conn.id):
            conn.segment(conn.client, "SYN", self._syn_arrived, outages=True)
        wait = min(self.rto, self.deadline - network.now)
        self.rto *= 2
        network.after(wait, self.send_syn)

    def _syn_arrived(self) -> None:
        if self.established:
            return
        conn = self.conn
        if self.factory is None:
            conn.segment(conn.server, "RST, ACK (connection refused)", self._refused,
                         outages=True)
            return
        if not self.accepted:
            self.accepted = True
            conn.server.handler = self.factory()
        # A SYN sent again means our SYN, ACK was lost: send it again (RFC 9293 §3.5).
        conn.segment(conn.server, "SYN, ACK", self._syn_ack_arrived, outages=True)

    def _refused(self) -> None:
        if not self.established:
            self.established = True
            self.handler.on_refused("connection refused")

    def _syn_ack_arrived(self) -> None:
        if self.established:
            return
        self.established = True
        conn = self.conn
        conn.segment(conn.client, "ACK", self._ack_arrived)
        self.handler.on_open(conn.client)

    def _ack_arrived(self) -> None:
        server = self.conn.server
        assert server.handler is not None
        server.handler.on_open(server)
