"""A live client's control bytes never reach a terminal: the trace holds them as escapes."""

from __future__ import annotations

import smtplib
import socket

from mailsim.live.tls import RunCertificate
from mailsim.views.text import event_text

from .conftest import HOST, TIMEOUT, serving, snapshot

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x00"  # set the window title, clear the screen, NUL


def test_an_escape_sequence_on_a_line_is_traced_as_escapes(certificate: RunCertificate) -> None:
    with serving(certificate) as server, \
            socket.create_connection((HOST, server.port(25)), timeout=TIMEOUT) as raw:
        assert raw.recv(1024).startswith(b"220")
        raw.sendall(f"NOOP {ESCAPES}\r\n".encode())
        assert raw.recv(1024).startswith(b"250")
        raw.sendall(b"QUIT\r\n")
        raw.recv(1024)
        trace = snapshot(server)
    noop = next(m for m in trace.messages() if m.live and m.text.startswith("NOOP"))
    assert noop.text == r"NOOP \x1b]0;pwned\x07\x1b[2J\x00"
    shown = event_text(noop)
    assert not any(ch in shown for ch in "\x1b\x07\x00")


def test_a_subject_with_an_escape_is_traced_as_escapes(certificate: RunCertificate) -> None:
    with serving(certificate) as server:
        with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as client:
            client.sendmail("alice@example.com", ["bob@example.jp"],
                            "Subject: hi \x1b[31mred\r\n\r\nbody\r\n")
        trace = snapshot(server)
    strings = [value for state in trace.states() for value in state.data.values()
               if isinstance(value, str)]
    assert any(r"\x1b[31mred" in value for value in strings)
    assert not any("\x1b" in value for value in strings)
    assert not any("\x1b" in m.text for m in trace.messages())
