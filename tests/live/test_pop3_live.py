"""poplib against the recipient's server: port 110 (with STLS) and 995."""

from __future__ import annotations

import poplib
import ssl

import pytest

from mailsim.live.server import LiveServer

from .conftest import HOST, TIMEOUT, deliver, snapshot, wait_for


def login(server: LiveServer, tls: ssl.SSLContext | None = None) -> poplib.POP3:
    pop = poplib.POP3(HOST, server.port(110), timeout=TIMEOUT)
    if tls is not None:
        pop.stls(context=tls)
    pop.user("bob@example.jp")
    pop.pass_("bob-secret")
    return pop


def test_the_whole_command_set(server: LiveServer) -> None:
    deliver(server, 3)
    pop = login(server)
    count, size = pop.stat()
    assert count == 3 and size > 0
    assert len(pop.list()[1]) == 3
    uids = [line.split()[1] for line in pop.uidl()[1]]
    assert len(set(uids)) == 3
    top = pop.top(2, 0)[1]
    assert b"Subject: Test 2" in top and b"Mail number 2." not in top
    assert b"Mail number 1." in pop.retr(1)[1]
    assert pop.dele(1).startswith(b"+OK")
    assert pop.stat()[0] == 2
    assert pop.rset().startswith(b"+OK")
    assert pop.stat()[0] == 3
    pop.dele(3)
    assert pop.quit().startswith(b"+OK")  # RFC 1939 §6: deletions happen now
    trace = wait_for(server, lambda t: bool(t.states("deleted")))
    assert trace.states("deleted")[0].data["protocol"] == "POP3"
    pop = login(server)
    assert pop.stat()[0] == 2
    pop.quit()


def test_wrong_password(server: LiveServer) -> None:
    pop = poplib.POP3(HOST, server.port(110), timeout=TIMEOUT)
    pop.user("bob@example.jp")
    with pytest.raises(poplib.error_proto, match="-ERR"):
        pop.pass_("guess")
    pop.close()
    assert snapshot(server).states("login_failed")


def test_stls_then_login(server: LiveServer, client_tls: ssl.SSLContext) -> None:
    deliver(server)
    pop = login(server, client_tls)
    assert pop.stat()[0] == 1
    pop.quit()
    pass_line = next(m for m in snapshot(server).messages() if m.text.startswith("PASS"))
    assert pass_line.live and pass_line.encrypted


def test_implicit_tls_on_995(server: LiveServer, client_tls: ssl.SSLContext) -> None:
    deliver(server)
    pop = poplib.POP3_SSL(HOST, server.port(995), timeout=TIMEOUT, context=client_tls)
    pop.user("bob@example.jp")
    pop.pass_("bob-secret")
    assert pop.stat()[0] == 1
    pop.quit()
