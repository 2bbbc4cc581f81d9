"""One real TCP connection, plugged into the simulated network as a live client.

A real mail program's connection becomes a simulated :class:`Connection` from
:data:`LIVE_HOST` to the simulated server, opened with the usual three-way
handshake. The server side is the scenario's own session class (SMTP, POP3,
IMAP) on an ordinary :class:`~mailsim.sim.connection.Endpoint`; this class is the
handler on the *client* endpoint: bytes from the socket are sent from it, and
what the server sends arrives at it and goes out to the socket. Every unit is
in the trace, marked ``live``.

TLS: when the server engine has answered STARTTLS/STLS ("220 Ready to start
TLS", "+OK Begin TLS", "OK Begin TLS negotiation") it waits for the handshake;
here the real handshake runs on the socket, and when it is done the modelled
one runs in the simulation and tells the session ``on_tls()`` as usual. On the
implicit-TLS ports the handshake comes first (RFC 8314 §3.3).

Limits (:mod:`.limits`; the clocks in :mod:`.timers`, a late reply in :mod:`.held`): a line begun must end
within the command deadline, one address holds only part of the connections, a
failed login's reply goes out late, lines, literals, held input and unread output
are bounded, and message text from a real client enters the trace as its size only.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any

from mailsim.nodes.session import EngineSession
from mailsim.sim.connection import Connection, Endpoint
from mailsim.sim.network import StreamHandler

from .bridge import LIVE_HOST, Bridge
from .dialogue import Dialogue, is_go_ahead
from .guard import Guarded
from .held import HeldOutput
from .imap_stream import LiteralTracker
from .limits import Clients, Limits, goodbye, literal_size
from .ports import Service
from .timers import Timers, server_goodbye
from .tls import TLSPipe

log = logging.getLogger("mailsim.live")


class LiveSession(asyncio.Protocol):
    """A real client's connection, bridged to a simulated one."""

    def __init__(self, bridge: Bridge, service: Service, tls_context: ssl.SSLContext | None,
                 limits: Limits, clients: Clients) -> None:
        self.bridge = bridge
        self.service = service
        self.tls_context = tls_context
        self.limits = limits
        self.clients = clients
        self.address = ""  # the client's IP address
        self.transport: asyncio.Transport | None = None
        self.conn: Connection | None = None
        self.tls: TLSPipe | None = None
        self.ready = False  # the simulated side may take bytes now
        self._held: list[bytes] = []
        self._tail = b""  # a line not yet complete
        self._timers = Timers(limits, service.protocol, service.host, self._say_goodbye)
        self._tcp_open = False
        self._dialogue = Dialogue(service.protocol, "", limits, clients)
        self._literals = LiteralTracker()  # IMAP: where APPEND's message text runs
        self._session: StreamHandler | None = None  # the server's, unguarded
        self._hold_next = 0.0  # seconds to hold the next reply back (a refused login)
        self._held_output = HeldOutput(self._write, self.close_socket, self.abort, limits.max_held)

    # --- the socket side (asyncio) --------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        self._dialogue.address = self.address
        refusal = self.clients.refusal(self.address, self.limits, self.service.protocol,
                                       self.service.host)
        if refusal is not None:  # over the global or the per-address cap
            transport.write(refusal)
            transport.close()
            return
        self.clients.sessions.add(self)
        if self.service.implicit_tls:
            self._begin_tls()
        self._timers.arm_idle()
        self.bridge.advance()
        self.conn = self.bridge.network.connect(LIVE_HOST, self.service.host, self.service.sim_port,
                                                self)
        self.bridge.kick()

    def data_received(self, data: bytes) -> None:
        self._timers.arm_idle()
        if self.tls is None:
            self._after_input(self._from_client(data))
            return
        was_up = self.tls.established
        try:
            plain = self.tls.receive(data)
        except ssl.SSLError as exc:
            log.info("%s: TLS failed (%s); closing", self.service.host, exc.reason or exc)
            self._write_raw(self.tls.outgoing())
            self.abort()
            return
        self._write_raw(self.tls.outgoing())
        if self.tls.established and not was_up:
            self._tls_up()
        self._after_input(self._from_client(plain) if plain else False)
        if self.tls.peer_closed:  # close_notify: like a FIN, the session ends normally
            self.close_socket()

    def eof_received(self) -> bool:
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self.clients.sessions.discard(self)
        self._timers.cancel()
        if self.conn is None or self.conn.client.closed:
            return
        self.bridge.advance()
        if self._tail and self.ready:
            self._send(self._tail)
        self.conn.client.close(delay=0)  # FIN to the simulated server
        self.bridge.kick()

    # --- from the client to the simulated server ----------------------------------

    def _from_client(self, data: bytes) -> bool:
        """Send whole lines as one unit each write; True if a line was completed.

        A partial line longer than the line limit, or an IMAP literal announced
        larger than it, ends the connection with the protocol's goodbye.
        """
        data, self._tail = self._tail + data, b""
        cut = data.rfind(b"\n") + 1
        data, self._tail = data[:cut], data[cut:]
        if len(self._tail) > self.limits.max_line:
            self._tail = b""
            self._close_with("too long")
            return False
        if not data:
            return False
        if self.service.protocol == "IMAP":
            for line in data.splitlines(keepends=True):
                if literal_size(line) > self.limits.max_line:
                    self._close_with("too long")
                    return False
        if not self.ready:
            self._held.append(data)
            if sum(map(len, self._held)) > self.limits.max_held:
                self.abort()
            return True
        self._send(data)
        return True

    def _send(self, data: bytes) -> None:
        """Send to the simulated server; a message body is traced as its size only."""
        assert self.conn is not None
        self.bridge.advance()
        runs = (self._literals.split(data) if self.service.protocol == "IMAP"
                else self._dialogue.units(data))
        for unit, body in runs:
            if body:
                self.conn.client.send_unit(unit, f"[message text: {len(unit)} octets]",
                                           len(unit), delay=0)
            else:
                self.conn.client.send(unit, delay=0)
        self.bridge.kick()

    def _release(self) -> None:
        self.ready = True
        held, self._held = self._held, []
        for data in held:
            self._send(data)

    # --- the simulated client endpoint's handler ------------------------------------

    def on_open(self, endpoint: Endpoint) -> None:
        """SYN, ACK arrived: guard the server's session, then let bytes through."""
        server = endpoint.peer
        self._session = server.handler
        if isinstance(self._session, EngineSession):
            self._session.on_login_refused = self._login_refused
        if server.handler is not None:
            server.handler = Guarded(server.handler, self)
        self._tcp_open = True
        if not self.service.implicit_tls:
            self._release()
        elif self.tls is not None and self.tls.established:
            self._model_tls()  # the real handshake finished first

    def on_refused(self, reason: str) -> None:
        log.info("%s:%d: %s", self.service.host, self.service.sim_port, reason)
        self.close_socket()

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        """The simulated server sent something: out to the real client it goes."""
        if not isinstance(data, bytes):
            return
        self._dialogue.reply(data, getattr(self._session, "engine", None))
        self._literals.server_said(data)
        if self._hold_next > 0:  # the refusal of a login: held back before it goes out
            self._held_output.hold(self._hold_next)
            self._hold_next = 0.0
        self._write(data)
        if self.tls is None and is_go_ahead(endpoint.peer.handler, self.service.protocol, data):
            self._begin_tls()  # the go-ahead went out in plaintext; now the handshake

    def _login_refused(self, failures: int) -> None:
        """The server session refused a login; its reply is on its way."""
        self._hold_next = max(self._hold_next, self._dialogue.login_refused())

    def on_close(self, endpoint: Endpoint) -> None:
        if self._held_output.holding:
            self._held_output.close_after()  # after the held reply
            return
        self.close_socket()

    # --- TLS -----------------------------------------------------------------------

    def _begin_tls(self) -> None:
        if self.tls_context is None:
            self.abort()
            return
        self.ready = False
        self.tls = TLSPipe(self.tls_context)

    def _tls_up(self) -> None:
        """The real handshake is done: model it in the simulation (if the TCP one is)."""
        assert self.tls is not None
        log.info("%s:%d: %s established", self.service.host, self.service.sim_port, self.tls.version)
        if not self.service.implicit_tls or self._tcp_open:
            self._model_tls()

    def _model_tls(self) -> None:
        """The simulated handshake after the real one: the connection tells both ends."""
        assert self.conn is not None
        self.bridge.advance()
        self.conn.upgrade_tls()

    def on_tls(self) -> None:
        """The modelled handshake let this (client) end go on: the real client may send."""
        self._release()
        self.bridge.kick()

    # --- writing and closing ---------------------------------------------------------

    def _write(self, data: bytes) -> None:
        if self._held_output.holding:
            self._held_output.add(data)
            return
        if self.tls is not None and self.tls.established:
            self.tls.send(data)
            data = self.tls.outgoing()
        self._write_raw(data)

    def _write_raw(self, data: bytes) -> None:
        if data and self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)
            if self.transport.get_write_buffer_size() > self.limits.max_held:
                self.abort()  # the client does not read what it asked for

    def close_socket(self) -> None:
        if self.tls is not None and self.tls.established:
            self.tls.close()
            self._write_raw(self.tls.outgoing())
        if self.transport is not None:
            self.transport.close()

    def abort(self) -> None:
        """Close this connection only: the socket, and the simulated one."""
        if self.conn is not None and not self.conn.client.closed:
            self.conn.abort()
        self.close_socket()

    # --- timeouts and goodbyes (the clocks: :mod:`.timers`) ---------------------------

    def _after_input(self, completed: bool) -> None:
        self._timers.after_input(completed, bool(self._tail))

    def _close_with(self, reason: str) -> None:
        self._say_goodbye(goodbye(reason, self.service.protocol, self.service.host))

    def _say_goodbye(self, text: bytes) -> None:
        """The simulated server sends ``text`` (if any) and closes; the engine forgets."""
        conn = self.conn
        if conn is None or not self.ready or conn.server.closed:
            self.abort()
            return
        server_goodbye(self.bridge, conn, text)
