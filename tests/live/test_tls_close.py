"""A client's close_notify is answered with the server's and the connection closes at once.

RFC 8446 §6.1: each party sends close_notify before closing its write side; a
server that waits for the idle timeout instead holds one of the live slots for
minutes (issue 14 item 4). ``ssl.SSLSocket.unwrap()`` sends the client's
close_notify and returns only once the server's has arrived: each test gives it
a short timeout, then requires the socket to be closed by the server.
"""

from __future__ import annotations

import socket
import ssl
import time

import pytest

from mailsim.live.server import LiveServer

from .conftest import HOST

SHORT = 2.0  # seconds: far below every protocol's idle timeout (5 to 30 minutes)

# Implicit TLS (RFC 8314 §3.3): the greeting comes inside TLS.
IMPLICIT = {465: b"220 ", 995: b"+OK", 993: b"* OK"}
# Plaintext first, then the upgrade command and the go-ahead that starts the handshake.
UPGRADE = {
    587: (b"220 ", b"EHLO client.example\r\nSTARTTLS\r\n", b"220 2.0.0"),
    110: (b"+OK", b"STLS\r\n", b"+OK"),
    143: (b"* OK", b"a1 STARTTLS\r\n", b"a1 OK"),
}


def _read_until(read: socket.socket | ssl.SSLSocket, marker: bytes) -> bytes:
    """Read until a line starting with ``marker`` is complete (the socket has a timeout)."""
    data = b""
    while not any(line.startswith(marker) for line in data.split(b"\r\n")[:-1]):
        chunk = read.recv(4096)
        if not chunk:
            raise AssertionError(f"closed before {marker!r}: {data!r}")
        data += chunk
    return data


def _closes_cleanly(tls: ssl.SSLSocket) -> None:
    """unwrap() gets the server's close_notify, then the server closes the socket."""
    started = time.monotonic()
    plain = tls.unwrap()  # raises TimeoutError if the server never answers close_notify
    plain.settimeout(SHORT)
    assert plain.recv(16) == b""  # the server closed its side: end of file, not a timeout
    assert time.monotonic() - started < SHORT
    plain.close()


@pytest.mark.parametrize("port", sorted(IMPLICIT))
def test_implicit_tls_port_answers_close_notify(server: LiveServer,
                                                client_tls: ssl.SSLContext, port: int) -> None:
    raw = socket.create_connection((HOST, server.port(port)), timeout=SHORT)
    tls = client_tls.wrap_socket(raw, server_hostname="localhost")
    _read_until(tls, IMPLICIT[port])
    _closes_cleanly(tls)


@pytest.mark.parametrize("port", sorted(UPGRADE))
def test_upgraded_connection_answers_close_notify(server: LiveServer,
                                                  client_tls: ssl.SSLContext, port: int) -> None:
    greeting, command, go_ahead = UPGRADE[port]
    raw = socket.create_connection((HOST, server.port(port)), timeout=SHORT)
    _read_until(raw, greeting)
    raw.sendall(command)
    _read_until(raw, go_ahead)
    tls = client_tls.wrap_socket(raw, server_hostname="localhost")
    command, reply = {587: (b"NOOP", b"250"), 110: (b"CAPA", b"+OK"), 143: (b"a2 NOOP", b"a2 OK")}[port]
    tls.sendall(command + b"\r\n")  # one exchange inside TLS before closing it
    _read_until(tls, reply)
    _closes_cleanly(tls)
