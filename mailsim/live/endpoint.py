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
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from dataclasses import dataclass
from typing import Any

from mailsim.protocols.imap import codes as imap_codes
from mailsim.protocols.pop3 import codes as pop3_codes
from mailsim.protocols.smtp import codes as smtp_codes
from mailsim.sim.connection import Connection, Endpoint
from mailsim.sim.network import StreamHandler

from .bridge import LIVE_HOST, Bridge
from .guard import Guarded
from .ports import Service
from .tls import TLSPipe
from .wellknown import live_settings

log = logging.getLogger("mailsim.live")


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-connection limits; line length and message size are the engines' own."""

    idle_timeout: float | None = None  # wall seconds of silence; None: the RFC minimum
    max_connections: int = 64  # live connections at once, over all ports
    max_held: int = 1_048_576  # octets held while the simulated side is not ready

    def idle_timeout_for(self, protocol: str) -> float:
        """The timeout given, else the shortest the protocol's RFC allows (from the registry)."""
        if self.idle_timeout is not None:
            return self.idle_timeout
        return live_settings(protocol).idle_timeout


class LiveSession(asyncio.Protocol):
    """A real client's connection, bridged to a simulated one."""

    def __init__(self, bridge: Bridge, service: Service, tls_context: ssl.SSLContext | None,
                 limits: Limits, sessions: set[LiveSession]) -> None:
        self.bridge = bridge
        self.service = service
        self.tls_context = tls_context
        self.limits = limits
        self.sessions = sessions
        self.transport: asyncio.Transport | None = None
        self.conn: Connection | None = None
        self.tls: TLSPipe | None = None
        self.ready = False  # the simulated side may take bytes now
        self._held: list[bytes] = []
        self._tail = b""  # a line not yet complete
        self._idle: asyncio.TimerHandle | None = None
        self._tcp_open = False

    # --- the socket side (asyncio) --------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        if len(self.sessions) >= self.limits.max_connections:
            busy = live_settings(self.service.protocol).busy
            transport.write(busy.format(host=self.service.host).encode())
            transport.close()
            return
        self.sessions.add(self)
        if self.service.implicit_tls:
            self._begin_tls()
        self._arm_idle()
        self.bridge.advance()
        self.conn = self.bridge.network.connect(LIVE_HOST, self.service.host, self.service.sim_port,
                                                self)
        self.bridge.kick()

    def data_received(self, data: bytes) -> None:
        self._arm_idle()
        if self.tls is None:
            self._from_client(data)
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
        if plain:
            self._from_client(plain)
        if self.tls.peer_closed:  # close_notify: like a FIN, the session ends normally
            self.close_socket()

    def eof_received(self) -> bool:
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self.sessions.discard(self)
        if self._idle is not None:
            self._idle.cancel()
        if self.conn is None or self.conn.client.closed:
            return
        self.bridge.advance()
        if self._tail and self.ready:
            self._send(self._tail)
        self.conn.client.close(delay=0)  # FIN to the simulated server
        self.bridge.kick()

    # --- from the client to the simulated server ----------------------------------

    def _from_client(self, data: bytes) -> None:
        """Send whole lines as one unit each write (a long partial line goes as it is)."""
        data, self._tail = self._tail + data, b""
        cut = data.rfind(b"\n") + 1
        if cut < len(data) and len(data) - cut < 65_536:
            data, self._tail = data[:cut], data[cut:]
        if not data:
            return
        if not self.ready:
            self._held.append(data)
            if sum(map(len, self._held)) > self.limits.max_held:
                self.abort()
            return
        self._send(data)

    def _send(self, data: bytes) -> None:
        assert self.conn is not None
        self.bridge.advance()
        self.conn.client.send(data, delay=0)
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
        self._write(data)
        if self.tls is None and _is_go_ahead(endpoint.peer.handler, self.service.protocol, data):
            self._begin_tls()  # the go-ahead went out in plaintext; now the handshake

    def on_close(self, endpoint: Endpoint) -> None:
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
        if self.tls is not None and self.tls.established:
            self.tls.send(data)
            data = self.tls.outgoing()
        self._write_raw(data)

    def _write_raw(self, data: bytes) -> None:
        if data and self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)

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

    # --- idle timeout -------------------------------------------------------------------

    def _arm_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
        loop = asyncio.get_running_loop()
        self._idle = loop.call_later(self.limits.idle_timeout_for(self.service.protocol),
                                     self._on_idle)

    def _on_idle(self) -> None:
        """A silent client: the server says goodbye in the protocol's words and closes."""
        conn = self.conn
        if conn is None or not self.ready or conn.server.closed:
            self.abort()
            return
        self.bridge.advance()
        goodbye = live_settings(self.service.protocol).idle_goodbye.format(host=self.service.host)
        if goodbye:
            conn.server.send(goodbye.encode())
        conn.server.close()
        handler = conn.server.handler
        if handler is not None:
            handler.on_close(conn.server)  # the engine forgets an open transaction
        self.bridge.kick()


def _is_go_ahead(handler: StreamHandler | None, protocol: str, data: bytes) -> bool:
    """Whether ``data`` is the server's STARTTLS go-ahead, after which it awaits the handshake.

    Both must hold: the engine waits for the handshake, and this is the line that
    said so (an earlier pipelined reply, or the greeting, may still be arriving).
    """
    inner = handler.inner if isinstance(handler, Guarded) else handler
    state = getattr(getattr(inner, "engine", None), "state", None)
    if getattr(state, "value", None) != "TLS_HANDSHAKE":
        return False
    if protocol == "SMTP":
        return data == smtp_codes.READY_TLS.to_bytes()  # RFC 3207 §4
    if protocol == "POP3":
        return data == pop3_codes.BEGIN_TLS.to_bytes()  # RFC 2595 §4
    return data.endswith(f" OK {imap_codes.BEGIN_TLS}\r\n".encode())  # RFC 3501 §6.2.1
