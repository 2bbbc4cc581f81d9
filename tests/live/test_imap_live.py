"""imaplib against the recipient's server: port 143 (with STARTTLS) and 993."""

from __future__ import annotations

import imaplib
import ssl

import pytest

from mailsim.live.server import LiveServer

from .conftest import HOST, TIMEOUT, deliver, snapshot, wait_for


def test_the_whole_command_set(server: LiveServer) -> None:
    deliver(server, 3)
    imap = imaplib.IMAP4(HOST, server.port(143), timeout=TIMEOUT)
    assert imap.login("bob@example.jp", "bob-secret")[0] == "OK"
    status, data = imap.select("INBOX")
    assert status == "OK" and data == [b"3"]
    assert imap.search(None, "ALL") == ("OK", [b"1 2 3"])
    status, fetched = imap.fetch("2", "(RFC822)")
    assert status == "OK"
    first = fetched[0]
    assert isinstance(first, tuple) and b"Mail number 2." in first[1]
    assert imap.store("1", "+FLAGS", "\\Deleted")[0] == "OK"
    status, expunged = imap.expunge()
    assert status == "OK" and expunged == [b"1"]
    assert imap.search(None, "ALL") == ("OK", [b"1 2"])
    assert imap.logout()[0] == "BYE"
    trace = wait_for(server, lambda t: bool(t.states("deleted")))
    assert trace.states("deleted")[0].data["protocol"] == "IMAP"
    assert snapshot(server).states("flags_changed")


def test_wrong_password(server: LiveServer) -> None:
    imap = imaplib.IMAP4(HOST, server.port(143), timeout=TIMEOUT)
    with pytest.raises(imaplib.IMAP4.error):
        imap.login("bob@example.jp", "guess")
    imap.shutdown()


def test_starttls_then_login(server: LiveServer, client_tls: ssl.SSLContext) -> None:
    imap = imaplib.IMAP4(HOST, server.port(143), timeout=TIMEOUT)
    assert imap.starttls(ssl_context=client_tls)[0] == "OK"
    assert imap.login("bob@example.jp", "bob-secret")[0] == "OK"
    imap.logout()
    login = next(m for m in snapshot(server).messages() if " LOGIN " in m.text)
    assert login.live and login.encrypted


def test_imap4_ssl_on_the_implicit_port(server: LiveServer, client_tls: ssl.SSLContext) -> None:
    deliver(server)
    imap = imaplib.IMAP4_SSL(HOST, server.port(993), ssl_context=client_tls, timeout=TIMEOUT)
    imap.login("bob@example.jp", "bob-secret")
    assert imap.select()[1] == [b"1"]
    imap.logout()
