"""The shared engine surface is written once (mailsim/protocols/engine.py) and behaves alike."""

from __future__ import annotations

from typing import Any

import pytest

from mailsim.protocols.engine import Engine, ServerEngine
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.imap import IMAPClient, IMAPServer, IMAPServerConfig
from mailsim.protocols.pop3 import POP3Client, POP3Server, POP3ServerConfig
from mailsim.protocols.smtp import ClientConfig, ServerConfig, SMTPClient, SMTPServer, Transaction

SERVERS = [
    lambda: SMTPServer(ServerConfig("mx.example")),
    lambda: POP3Server(POP3ServerConfig("mx.example", "")),
    lambda: IMAPServer(IMAPServerConfig("imap.example")),
]
CLIENTS = [SMTPClient, POP3Client, IMAPClient]
ENGINE_SURFACE = {"state", "closed", "tls_active", "receive_data", "data_to_send", "_process",
                  "_transition", "_finish_handshake"}
SERVER_SURFACE = ENGINE_SURFACE | {"pending", "start", "tls_established", "connection_lost"}


def _overrides(cls: type) -> set[str]:
    """Names an engine class defines itself, below the shared bases."""
    own: set[str] = set()
    for klass in cls.__mro__:
        if klass in (Engine, ServerEngine, object):
            break
        own |= set(vars(klass))
    return own


@pytest.mark.parametrize("cls", [SMTPServer, POP3Server, IMAPServer])
def test_servers_take_the_whole_surface_from_the_base(cls: type) -> None:
    assert issubclass(cls, ServerEngine)
    # SMTP alone keeps TLS in its session: port 465 is TLS from the first byte.
    assert _overrides(cls) & SERVER_SURFACE <= {"tls_active"}


@pytest.mark.parametrize("cls", CLIENTS)
def test_clients_take_the_surface_from_the_base(cls: type) -> None:
    assert issubclass(cls, Engine)
    # The IMAP client alone holds its writes while a TLS handshake runs.
    assert _overrides(cls) & ENGINE_SURFACE <= {"data_to_send"}


@pytest.mark.parametrize("make", SERVERS, ids=["SMTP", "POP3", "IMAP"])
def test_every_server_greets_reads_and_goes_away_through_its_table(make: Any) -> None:
    server = make()
    assert server.state is server._machine.start and not server.closed
    with pytest.raises(LocalProtocolError):
        server.tls_established()  # no STARTTLS/STLS was answered
    server.start()
    (greeting,) = server.data_to_send()
    assert greeting.endswith(b"\r\n") and server.state in server._machine.reading
    assert server.receive_data(b"NOOP\r\n" if isinstance(server, SMTPServer | POP3Server)
                               else b"a NOOP\r\n") == []
    assert server.data_to_send()
    assert server.connection_lost() == []
    assert server.closed and server.pending is None
    assert server.receive_data(b"QUIT\r\n") == [] and server.data_to_send() == []


def test_clients_refuse_a_handshake_that_was_not_agreed() -> None:
    txn = Transaction("t", "a@x.example", ("b@y.example",), b"\r\n")
    for client in (SMTPClient(ClientConfig("c"), [txn]), POP3Client(), IMAPClient()):
        with pytest.raises(LocalProtocolError, match="GREETING"):
            client.tls_established()
        assert not client.tls_active
