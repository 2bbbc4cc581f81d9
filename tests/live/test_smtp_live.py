"""smtplib against the live submission port (587/465) and the recipient's MX (25)."""

from __future__ import annotations

import smtplib
import socket
import ssl

import pytest

from mailsim.live.server import LiveServer

from .conftest import HOST, TIMEOUT, deliver, snapshot, stored, wait_for

ALICE, SECRET = "alice@example.com", "alice-secret"
MAIL = b"Subject: Live\r\nFrom: alice@example.com\r\n\r\nSent by smtplib.\r\n"


def submission(server: LiveServer, tls: ssl.SSLContext) -> smtplib.SMTP:
    smtp = smtplib.SMTP(HOST, server.port(587), timeout=TIMEOUT)
    smtp.starttls(context=tls)
    smtp.ehlo()
    return smtp


def test_starttls_then_auth_plain(server: LiveServer, client_tls: ssl.SSLContext) -> None:
    with submission(server, client_tls) as smtp:
        smtp.user, smtp.password = ALICE, SECRET
        code, text = smtp.auth("PLAIN", smtp.auth_plain)
        assert code == 235, text
        assert smtp.sendmail(ALICE, ["bob@example.jp"], MAIL) == {}


def test_auth_login(server: LiveServer, client_tls: ssl.SSLContext) -> None:
    with submission(server, client_tls) as smtp:
        smtp.user, smtp.password = ALICE, SECRET
        code, _ = smtp.auth("LOGIN", smtp.auth_login, initial_response_ok=False)
        assert code == 235


def test_wrong_password_is_535(server: LiveServer, client_tls: ssl.SSLContext) -> None:
    with submission(server, client_tls) as smtp, pytest.raises(smtplib.SMTPAuthenticationError) as err:
        smtp.login(ALICE, "not-the-password")
    assert err.value.smtp_code == 535


def test_mail_before_auth_is_530(server: LiveServer, client_tls: ssl.SSLContext) -> None:
    with submission(server, client_tls) as smtp:
        code, text = smtp.mail(ALICE)
    assert code == 530 and text.startswith(b"5.7.0")  # RFC 6409 §4.3


def test_auth_needs_tls_first(server: LiveServer) -> None:
    with smtplib.SMTP(HOST, server.port(587), timeout=TIMEOUT) as smtp:
        smtp.ehlo()
        assert "starttls" in smtp.esmtp_features and "auth" not in smtp.esmtp_features
        code, _ = smtp.docmd("AUTH", "PLAIN AGFsaWNlQGV4YW1wbGUuY29tAGFsaWNlLXNlY3JldA==")
    assert code == 538  # RFC 4954 §6: encryption required


def test_lines_after_starttls_are_encrypted_and_live(server: LiveServer,
                                                    client_tls: ssl.SSLContext) -> None:
    with submission(server, client_tls) as smtp:
        smtp.login(ALICE, SECRET)
    trace = wait_for(server, lambda t: any("235" in m.text for m in t.messages()))
    live = [m for m in trace.messages() if m.live and m.port == 587]
    assert [m.text for m in live[:3]] == ["SYN", "SYN, ACK", "ACK"]
    assert any(m.protocol == "TLS" and m.text == "ClientHello" for m in live)
    auth = next(m for m in live if m.text.startswith("AUTH"))
    starttls = next(m for m in live if m.text == "STARTTLS")
    assert auth.encrypted and not starttls.encrypted


def test_implicit_tls_submission_on_465(server: LiveServer, client_tls: ssl.SSLContext) -> None:
    with smtplib.SMTP_SSL(HOST, server.port(465), timeout=TIMEOUT, context=client_tls) as smtp:
        assert b"STARTTLS" not in smtp.ehlo()[1]  # already encrypted
        smtp.login(ALICE, SECRET)
        assert smtp.sendmail(ALICE, ["bob@example.jp"], MAIL) == {}
    wait_for(server, lambda t: len(stored(t)) == 1)
    (first_hop,) = [e for e in snapshot(server).messages()
                    if e.dst == "relay.example.net" and e.text.startswith("Received:")]
    assert " with ESMTPSA id " in first_hop.text  # authenticated, over TLS (RFC 3848)


def test_port_25_is_not_an_open_relay(server: LiveServer) -> None:
    with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as smtp:
        smtp.ehlo()
        smtp.mail("spammer@example.org")
        code, text = smtp.rcpt("victim@elsewhere.example")
    assert code == 554 and text.startswith(b"5.7.1")


def test_port_25_takes_mail_for_its_own_domain(server: LiveServer) -> None:
    deliver(server, 2)
    assert [e.data["mailbox"] for e in stored(snapshot(server))] == ["bob@example.jp"] * 2


def test_bad_bytes_get_errors_and_the_server_goes_on(server: LiveServer) -> None:
    with socket.create_connection((HOST, server.port(25)), timeout=TIMEOUT) as raw:
        assert raw.recv(1024).startswith(b"220")
        raw.sendall(b"\xff\xfe\x00\x80 garbage\r\n" + b"X" * 5000 + b"\r\n")
        replies = b""
        while replies.count(b"\r\n") < 2:
            chunk = raw.recv(4096)
            assert chunk, "the server hung up instead of answering"
            replies += chunk
    assert all(line[:1] == b"5" for line in replies.splitlines())
    with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as smtp:
        assert smtp.noop()[0] == 250
