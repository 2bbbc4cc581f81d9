"""Hostile clients against ``serve``: tricklers, guessers, enumerators, bombs, deserters.

Every client is a real socket on loopback with a timeout. The whole 127/8 is
loopback on Linux, so an honest client binds to 127.0.0.2 to be another
address than the attackers' 127.0.0.1 (the per-address cap tells them apart).
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import logging
import poplib
import smtplib
import socket
import ssl
import threading
import time

import pytest

from mailsim.live.limits import Limits
from mailsim.live.server import LiveServer
from mailsim.live.tls import RunCertificate
from mailsim.trace import Trace

from .conftest import HOST, QUICK, TIMEOUT, deliver, serving, snapshot, stored, wait_for
from .test_safety import read_until_closed

OTHER = "127.0.0.2"  # an honest client's own loopback address
GUESSER = "127.0.0.3"  # a password guesser's
ALICE, SECRET = "alice@example.com", "alice-secret"
MAIL = b"Subject: Honest\r\nFrom: carol@example.org\r\n\r\nStill served.\r\n"


def connect(server: LiveServer, port: int, source: str = HOST) -> socket.socket:
    return socket.create_connection((HOST, server.port(port)), timeout=TIMEOUT,
                                    source_address=(source, 0))


def no_failures(server: LiveServer, caplog: pytest.LogCaptureFixture) -> None:
    """Nothing failed inside the simulation and nothing was logged as an error."""
    assert server.world is not None
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    assert "LocalProtocolError" not in caplog.text


def read_until_gone(sock: socket.socket) -> bytes:
    """What arrives until the server closes; b"" if a reset came first.

    A server that hangs up while the client's bytes are still unread sends a
    reset (RFC 9293 §3.6.1), and a reset may discard what had already arrived.
    """
    try:
        return read_until_closed(sock)
    except ConnectionResetError:
        return b""


def said(server: LiveServer, text: str) -> bool:
    """The simulated server sent ``text`` to a real client, then closed."""
    trace = wait_for(server, lambda t: any(m.text == text for m in t.messages()))
    return any(m.text == text and m.live and m.dst == "live-client" for m in trace.messages())


# --- slowloris -----------------------------------------------------------------------

def test_tricklers_are_cut_off_while_an_honest_client_is_served(
        certificate: RunCertificate) -> None:
    limits = Limits(command_timeout=1.0, max_per_address=8, login_failure_delay=QUICK)
    with serving(certificate, limits=limits) as server:
        tricklers = [connect(server, 25) for _ in range(64)]
        stop = threading.Event()

        def trickle() -> None:  # one byte every 0.3 s: each would reset an idle timer
            while not stop.wait(0.3):
                for sock in tricklers:
                    with contextlib.suppress(OSError):  # closed already
                        sock.send(b"N")

        guessed: list[bytes] = []

        def guess() -> None:  # a password guesser from a third address, at the same time
            with connect(server, 110, GUESSER) as sock:
                replies = sock.makefile("rb")
                replies.readline()  # +OK greeting
                for _ in range(3):
                    sock.sendall(b"USER bob@example.jp\r\nPASS guess\r\n")
                    replies.readline()  # +OK for USER
                    guessed.append(replies.readline())  # -ERR for PASS, slowed
                try:
                    sock.sendall(b"NOOP\r\n")
                    guessed.append(replies.readline())  # b"": the server has closed
                except OSError:  # or it reset the connection
                    guessed.append(b"")

        threads = [threading.Thread(target=trickle, daemon=True),
                   threading.Thread(target=guess, daemon=True)]
        for thread in threads:
            thread.start()
        try:
            with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT,
                              source_address=(OTHER, 0)) as honest:
                assert honest.sendmail("carol@example.org", ["bob@example.jp"], MAIL) == {}
            endings = [read_until_closed(sock) for sock in tricklers]
        finally:
            stop.set()
            for thread in threads:
                thread.join(TIMEOUT)
            for sock in tricklers:
                sock.close()
        wait_for(server, lambda trace: len(stored(trace)) == 1)
    admitted = [data for data in endings if data.startswith(b"220 ")]
    refused = [data for data in endings if not data.startswith(b"220 ")]
    assert len(admitted) == 8 and len(refused) == 56
    # Bytes kept coming every 0.3 s until the end, so only the command deadline could
    # have closed the admitted ones.
    assert all(data.endswith(b"421 4.4.2 mx.example.jp Error: timeout exceeded\r\n")
               for data in admitted)
    assert all(data.startswith(b"421 4.7.0") and b"from your address" in data for data in refused)
    assert [line[:4] for line in guessed] == [b"-ERR"] * 3 + [b""], "the guesser was cut off"


def test_a_line_trickled_over_tls_handshake_is_cut_off_too(certificate: RunCertificate) -> None:
    with serving(certificate, limits=Limits(command_timeout=0.5)) as server, \
            connect(server, 465) as raw:
        raw.sendall(b"\x16")  # the first byte of a ClientHello, and no more
        assert read_until_closed(raw) == b""  # no TLS yet: closed without words


def test_a_trickler_on_pop3_gets_err_and_on_imap_bye(certificate: RunCertificate) -> None:
    with serving(certificate, limits=Limits(command_timeout=0.5)) as server, \
            connect(server, 110) as pop, connect(server, 143) as imap:
        for sock in (pop, imap):
            sock.recv(1024)
            sock.sendall(b"US")
        assert read_until_closed(pop).endswith(b"-ERR [SYS/TEMP] Command timeout\r\n")
        assert read_until_closed(imap).endswith(b"* BYE Command timeout\r\n")


# --- brute force ---------------------------------------------------------------------

def timed_failures(attempt: object, count: int) -> list[float]:
    """Seconds each failed attempt took (``attempt`` raises on a failed login)."""
    times = []
    for _ in range(count):
        started = time.monotonic()
        with pytest.raises((smtplib.SMTPAuthenticationError, poplib.error_proto,
                            imaplib.IMAP4.error)):
            attempt()  # type: ignore[operator]
        times.append(time.monotonic() - started)
    return times


def guesser(server: LiveServer, tls: ssl.SSLContext) -> smtplib.SMTP_SSL:
    """Port 465, EHLO done, a wrong password ready for AUTH PLAIN (one attempt per call)."""
    smtp = smtplib.SMTP_SSL(HOST, server.port(465), timeout=TIMEOUT, context=tls)
    smtp.ehlo()
    smtp.user, smtp.password = ALICE, "guess"
    return smtp


def test_a_password_guesser_is_slowed_then_cut_off(certificate: RunCertificate,
                                                   client_tls: ssl.SSLContext) -> None:
    limits = Limits(login_failure_delay=0.2, max_login_failure_delay=0.8)
    with serving(certificate, limits=limits) as server:
        smtp = guesser(server, client_tls)
        first, second, third = timed_failures(lambda: smtp.auth("PLAIN", smtp.auth_plain), 3)
        # 0.2, then twice as long each time (only lower bounds: a busy machine adds time).
        assert first >= 0.2 and second >= 0.4 and third >= 0.8
        with contextlib.suppress(smtplib.SMTPServerDisconnected):  # the close after it
            assert smtp.noop()[0] == 421  # the engine's 421 after three failures
        # A new connection from the same address starts at the cap, not at the first delay.
        again = guesser(server, client_tls)
        (fourth,) = timed_failures(lambda: again.auth("PLAIN", again.auth_plain), 1)
        assert 0.8 <= fourth < 1.6  # capped: not the 1.6 s that doubling again would give
        again.close()
        # Another address is not slowed, and the right password still works.
        with smtplib.SMTP_SSL(HOST, server.port(465), timeout=TIMEOUT, context=client_tls,
                              source_address=(OTHER, 0)) as honest:
            started = time.monotonic()
            assert honest.login(ALICE, SECRET)[0] == 235
            assert time.monotonic() - started < 0.8  # not the guessers' 0.8 s
    replies = [m.text for m in snapshot(server).messages() if m.live and m.text.startswith("421")]
    assert replies, "the guesser's connection ended with 421"


def test_pop3_and_imap_guessers_are_slowed_and_cut_off(certificate: RunCertificate) -> None:
    limits = Limits(login_failure_delay=0.1, max_login_failure_delay=0.1)
    with serving(certificate, limits=limits) as server:
        pop = poplib.POP3(HOST, server.port(110), timeout=TIMEOUT)

        def pop_guess() -> None:
            pop.user("bob@example.jp")
            pop.pass_("guess")

        assert all(t >= 0.1 for t in timed_failures(pop_guess, 3))
        with pytest.raises((poplib.error_proto, OSError)):
            pop.noop()
        imap = imaplib.IMAP4(HOST, server.port(143), timeout=TIMEOUT)
        assert all(t >= 0.1 for t in timed_failures(lambda: imap.login("bob@example.jp", "x"), 3))
        with pytest.raises((imaplib.IMAP4.abort, OSError)):
            imap.noop()


# --- RCPT enumeration and duplicates ---------------------------------------------------

def test_rcpt_enumeration_is_cut_off_with_421(server: LiveServer) -> None:
    with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as smtp:
        smtp.ehlo()
        smtp.mail("carol@example.org")
        codes = []
        with pytest.raises(smtplib.SMTPServerDisconnected):
            for n in range(500):
                codes.append(smtp.rcpt(f"guess{n}@example.jp")[0])
    assert 0 < len(codes) < 500 and set(codes[:-1]) == {550}
    assert codes[-1] in (550, 421)
    texts = [m.text for m in snapshot(server).messages() if m.live]
    assert any(text.startswith("421 4.7.0") for text in texts)


def test_a_repeated_rcpt_stores_one_copy(server: LiveServer) -> None:
    with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as smtp:
        smtp.ehlo()
        smtp.mail("carol@example.org")
        assert {smtp.rcpt("bob@example.jp")[0] for _ in range(150)} == {250}
        assert smtp.rcpt("bob@EXAMPLE.JP")[0] == 250  # the domain in any case: the same box
        assert smtp.data(MAIL)[0] == 250
    trace = wait_for(server, lambda t: len(stored(t)) >= 1)
    time.sleep(0.2)  # long enough for a second copy to arrive, were there one
    assert len(stored(snapshot(server))) == len(stored(trace)) == 1


# --- abrupt disconnects -------------------------------------------------------------

def test_a_client_leaving_during_the_login_check_raises_nothing(
        certificate: RunCertificate, client_tls: ssl.SSLContext,
        caplog: pytest.LogCaptureFixture) -> None:
    plain = base64.b64encode(f"\0{ALICE}\0wrong".encode())
    with serving(certificate, speed=1.0) as server:  # the LDAP check takes real time
        with connect(server, 465) as raw, client_tls.wrap_socket(raw, server_hostname=HOST) as tls:
            assert tls.recv(1024).startswith(b"220")
            tls.sendall(b"EHLO deserter\r\n")
            assert tls.recv(1024).startswith(b"250")
            tls.sendall(b"AUTH PLAIN " + plain + b"\r\n")
        with connect(server, 110) as pop:
            pop.recv(1024)
            pop.sendall(b"USER bob@example.jp\r\n")
            pop.recv(1024)
            pop.sendall(b"PASS wrong\r\n")
        with connect(server, 143) as imap:
            imap.recv(1024)
            imap.sendall(b"a1 LOGIN bob@example.jp wrong\r\n")
        def answered(trace: Trace) -> bool:  # each server's check came back
            return {e.dst for e in trace.messages() if e.protocol == "LDAP"} >= {
                "mail.example.com", "mx.example.jp"}

        wait_for(server, answered)
        time.sleep(0.2)
        with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as later:
            assert later.noop()[0] == 250
        no_failures(server, caplog)


SMTP_STAGES = [b"", b"EHLO x\r\n", b"EHLO x\r\nMAIL FROM:<carol@example.org>\r\n",
               b"EHLO x\r\nMAIL FROM:<carol@example.org>\r\nRCPT TO:<bob@example.jp>\r\nDATA\r\n",
               b"EHLO x\r\nMAIL FROM:<carol@example.org>\r\nRCPT TO:<bob@example.jp>\r\nDATA\r\n"
               b"Subject: cut\r\n\r\nhalf a li"]


@pytest.mark.parametrize("sent", SMTP_STAGES, ids=["banner", "ehlo", "mail", "data", "body"])
def test_an_smtp_client_leaving_at_any_stage(certificate: RunCertificate, sent: bytes,
                                             caplog: pytest.LogCaptureFixture) -> None:
    with serving(certificate) as server:
        with connect(server, 25) as raw:
            if sent:
                raw.recv(1024)
                for line in sent.splitlines(keepends=True):
                    raw.sendall(line)
                    time.sleep(0.02)  # one command after another, as a client waits for replies
        time.sleep(0.1)
        with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as later:
            assert later.noop()[0] == 250
        time.sleep(0.1)
        assert stored(snapshot(server)) == []  # nothing half-sent was taken
        no_failures(server, caplog)


def test_a_reader_leaving_during_retr_and_fetch(server: LiveServer,
                                                caplog: pytest.LogCaptureFixture) -> None:
    deliver(server)
    with connect(server, 110) as pop:
        pop.recv(1024)
        pop.sendall(b"USER bob@example.jp\r\nPASS bob-secret\r\n")
        time.sleep(0.1)
        pop.sendall(b"RETR 1\r\n")
    with connect(server, 143) as imap:
        imap.recv(1024)
        imap.sendall(b"a1 LOGIN bob@example.jp bob-secret\r\na2 SELECT INBOX\r\n")
        time.sleep(0.1)
        imap.sendall(b"a3 FETCH 1 BODY[]\r\n")
    time.sleep(0.2)
    reader = poplib.POP3(HOST, server.port(110), timeout=TIMEOUT)
    reader.user("bob@example.jp")
    reader.pass_("bob-secret")
    assert reader.stat()[0] == 1  # the message is still there, nothing was lost
    reader.quit()
    no_failures(server, caplog)


# --- bombs -------------------------------------------------------------------------------

@pytest.mark.parametrize("marker", [b"{999999999}", b"{999999999+}"])
def test_an_imap_literal_bomb_gets_bye(server: LiveServer, marker: bytes) -> None:
    with connect(server, 143) as raw:
        raw.recv(1024)
        # A non-synchronizing literal's bytes follow at once (RFC 7888).
        raw.sendall(b"a1 LOGIN " + marker + b"\r\n" + b"x" * 10_000 * marker.endswith(b"+}"))
        data = read_until_gone(raw)
    assert data.endswith(b"* BYE Line or literal too long\r\n") or data == b""
    assert said(server, "* BYE Line or literal too long")


@pytest.mark.parametrize(("port", "goodbye"), [(25, b"421 4.7.0 mx.example.jp Error: line too long"),
                                               (110, b"-ERR Line too long"),
                                               (143, b"* BYE Line or literal too long")])
def test_an_endless_line_gets_an_error_and_a_close(server: LiveServer, port: int,
                                                   goodbye: bytes) -> None:
    with connect(server, port) as raw:
        raw.recv(1024)
        raw.sendall(b"A" * 70_000)  # no end of line in sight
        data = read_until_gone(raw)
    assert data.endswith(goodbye + b"\r\n") or data == b""
    assert said(server, goodbye.decode())
    texts = [m.text for m in snapshot(server).messages() if m.live]
    assert max(len(text) for text in texts) < 70_000  # the line never entered the trace whole


def test_an_aborted_body_is_traced_as_its_size(server: LiveServer) -> None:
    with connect(server, 25) as raw:
        raw.recv(1024)
        for line in (b"EHLO x\r\n", b"MAIL FROM:<carol@example.org>\r\n",
                     b"RCPT TO:<bob@example.jp>\r\n", b"DATA\r\n"):
            raw.sendall(line)
            raw.recv(1024)
        raw.sendall(b"Subject: secret\r\n\r\n" + b"SECRET-BYTES " * 1000 + b"\r\n")
        time.sleep(0.1)
    trace = wait_for(server, lambda t: any(m.text.startswith("[message text:")
                                           for m in t.messages()))
    assert not any("SECRET-BYTES" in m.text for m in trace.messages())
    (body,) = [m for m in trace.messages() if m.text.startswith("[message text:")]
    assert body.text == "[message text: 13021 octets]" and body.size == 13021 and body.live
