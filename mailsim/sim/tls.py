"""The modelled TLS 1.3 handshake on a connection: three flights, then every unit encrypted.

No real cryptography happens in a simulation; what a class sees is the flights
(RFC 8446 §2) with their sizes, and from then on the padlock on every line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


# What the handshake uses of a connection (mailsim.sim.connection.Connection and its
# Endpoints), named here so that this module needs nothing of the one that calls it.
class _End(Protocol):
    @property
    def handler(self) -> object: ...
    def transmit(self, text: str, *, size: int, protocol: str,
                 deliver: Callable[[], None]) -> None: ...


class _Connection(Protocol):
    encrypted: bool

    @property
    def client(self) -> _End: ...
    @property
    def server(self) -> _End: ...

# Sizes of the modelled TLS 1.3 handshake flights (RFC 8446 §2), in octets.
TLS_FLIGHTS = (
    ("client", "ClientHello", 517),
    ("server", "ServerHello, ChangeCipherSpec, EncryptedExtensions, Certificate, "
               "CertificateVerify, Finished", 2_480),
    ("client", "ChangeCipherSpec, Finished", 80),
)


def start_tls(conn: _Connection, on_client_ready: Callable[[], None],
              on_server_ready: Callable[[], None]) -> None:
    """Run the handshake on ``conn``; afterwards every unit is encrypted.

    The client may send right after its Finished flight; the server is told
    when that flight arrives. This is the mechanism under :func:`upgrade_tls`,
    which every caller uses (nodes and the live bridge alike, through
    ``Connection.upgrade_tls``).
    """
    _Flights(conn, on_client_ready, on_server_ready).next()


class _Flights:
    """The flights still to send on one connection; each one's arrival sends the next.

    An object rather than a closure that calls itself: such a closure is a reference
    cycle (function, cell, function), which only the cycle collector frees, and with
    it the connection it holds.
    """

    __slots__ = ("conn", "flights", "on_client_ready", "on_server_ready")

    def __init__(self, conn: _Connection, on_client_ready: Callable[[], None],
                 on_server_ready: Callable[[], None]) -> None:
        self.conn = conn
        self.flights = list(TLS_FLIGHTS)
        self.on_client_ready = on_client_ready
        self.on_server_ready = on_server_ready

    def next(self) -> None:
        if not self.flights:
            return
        side, text, size = self.flights.pop(0)
        conn = self.conn
        sender = conn.client if side == "client" else conn.server
        last = not self.flights
        sender.transmit(text, size=size, protocol="TLS",
                        deliver=self.on_server_ready if last else self.next)
        if last:
            conn.encrypted = True
            self.on_client_ready()


def upgrade_tls(conn: _Connection) -> None:
    """Run the handshake and tell both ends' handlers ``on_tls()``.

    The client's handler hears it as soon as it may send encrypted data,
    the server's when the client's Finished flight arrives; a handler
    without ``on_tls`` is not told.
    """
    start_tls(conn, lambda: _tell_tls(conn.client), lambda: _tell_tls(conn.server))


def _tell_tls(end: _End) -> None:
    # A handler that wants to hear of TLS has on_tls(); found with getattr, not a runtime
    # Protocol's isinstance scan (about 1 % of a run when every SMTP session upgrades).
    on_tls = getattr(end.handler, "on_tls", None)
    if on_tls is not None:
        on_tls()
