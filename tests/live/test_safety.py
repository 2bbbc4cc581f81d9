"""One bad client never hurts the others: timeouts, garbage, failing handlers, limits."""

from __future__ import annotations

import smtplib
import socket
import ssl

import pytest

from mailsim.live.limits import Limits
from mailsim.live.tls import RunCertificate
from mailsim.nodes.smtp_sessions import SMTPServerSession

from .conftest import HOST, TIMEOUT, serving, snapshot


def read_until_closed(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(4096):
        data += chunk
    return data


def test_a_silent_client_gets_421_and_is_closed(certificate: RunCertificate) -> None:
    with serving(certificate, limits=Limits(idle_timeout=0.3)) as server, \
            socket.create_connection((HOST, server.port(587)), timeout=TIMEOUT) as raw:
        data = read_until_closed(raw)
    assert data.startswith(b"220 ") and data.endswith(b"421 4.4.2 mail.example.com Error: "
                                                      b"timeout exceeded\r\n")
    assert any(m.text.startswith("421 4.4.2") and m.live for m in snapshot(server).messages())


def test_a_silent_imap_client_gets_bye(certificate: RunCertificate) -> None:
    with serving(certificate, limits=Limits(idle_timeout=0.3)) as server, \
            socket.create_connection((HOST, server.port(143)), timeout=TIMEOUT) as raw:
        assert read_until_closed(raw).endswith(b"* BYE Autologout; idle for too long\r\n")


def test_a_failing_session_closes_only_its_connection(
        certificate: RunCertificate, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    original = SMTPServerSession.on_data

    def explode(self: SMTPServerSession, endpoint: object, data: object) -> None:
        if isinstance(data, bytes) and b"BOOM" in data:
            raise RuntimeError("a bug in a session")
        original(self, endpoint, data)  # type: ignore[arg-type]

    monkeypatch.setattr(SMTPServerSession, "on_data", explode)
    with serving(certificate) as server:
        with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as healthy, \
                socket.create_connection((HOST, server.port(25)), timeout=TIMEOUT) as victim:
            assert victim.recv(1024).startswith(b"220")
            victim.sendall(b"NOOP BOOM\r\n")
            assert read_until_closed(victim) == b""
            assert healthy.noop()[0] == 250  # opened before, still served
        with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as later:
            assert later.noop()[0] == 250
    assert "a bug in a session" in caplog.text


def test_plaintext_on_an_implicit_tls_port_is_dropped(certificate: RunCertificate,
                                                      client_tls: ssl.SSLContext) -> None:
    with serving(certificate) as server:
        with socket.create_connection((HOST, server.port(993)), timeout=TIMEOUT) as raw:
            raw.sendall(b"a1 LOGIN bob@example.jp bob-secret\r\n")
            data = read_until_closed(raw)
        assert b"OK" not in data  # a TLS alert at most, never an IMAP answer
        with socket.create_connection((HOST, server.port(993)), timeout=TIMEOUT) as raw, \
                client_tls.wrap_socket(raw, server_hostname=HOST) as tls:
            assert tls.recv(1024).startswith(b"* OK")


def test_too_many_connections_are_turned_away(certificate: RunCertificate) -> None:
    with serving(certificate, limits=Limits(max_connections=2)) as server:
        first = smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT)
        second = smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT)
        with pytest.raises(smtplib.SMTPConnectError) as err:
            smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT)
        assert err.value.smtp_code == 421
        first.quit()
        second.quit()


def test_a_line_split_over_writes_is_one_unit(certificate: RunCertificate) -> None:
    with serving(certificate) as server, \
            socket.create_connection((HOST, server.port(25)), timeout=TIMEOUT) as raw:
        assert raw.recv(1024).startswith(b"220")
        raw.sendall(b"EHLO split")
        raw.sendall(b".example\r\n")
        assert raw.recv(1024).startswith(b"250")
    assert any(m.text == "EHLO split.example" for m in snapshot(server).messages())
