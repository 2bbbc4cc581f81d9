"""Python's own imaplib talks to the server engine over a local socket pair.

This is the "live bridge" idea of the design in miniature: a thread pumps bytes
between one end of ``socket.socketpair()`` and the sans-IO engine, and imaplib
uses the other end as if it were a real IMAP server.
"""

from __future__ import annotations

import imaplib
import socket
import threading
from collections.abc import Iterator

import pytest

from mailsim.protocols.imap import CloseConnection, IMAPServer, LoginRequested
from mailsim.protocols.mailstore import Mailbox
from tests.protocols.imap_pair import CONFIG, PASSWORDS, mailbox, message


def _serve(sock: socket.socket, box: Mailbox) -> None:
    server = IMAPServer(CONFIG)
    server.start()
    done = False
    while True:
        for chunk in server.data_to_send():
            sock.sendall(chunk)
        if done:
            break
        data = sock.recv(65536)
        if not data:
            break
        queue = list(server.receive_data(data))
        while queue:
            event = queue.pop(0)
            if isinstance(event, LoginRequested):
                ok = PASSWORDS.get(event.user) == event.password
                queue += server.auth_result(ok, box if ok else None)
            done = done or isinstance(event, CloseConnection)
    sock.close()


class _PairedIMAP4(imaplib.IMAP4):
    def __init__(self, sock: socket.socket) -> None:
        self._paired = sock
        super().__init__("mailsim.test")

    def _create_socket(self, timeout: float | None) -> socket.socket:
        self._paired.settimeout(5)
        return self._paired


@pytest.fixture
def box() -> Mailbox:
    return mailbox()


@pytest.fixture
def imap(box: Mailbox) -> Iterator[imaplib.IMAP4]:
    ours, theirs = socket.socketpair()
    thread = threading.Thread(target=_serve, args=(theirs, box), daemon=True)
    thread.start()
    client = _PairedIMAP4(ours)
    yield client
    ours.close()
    thread.join(timeout=5)


def test_imaplib_reads_and_deletes(imap: imaplib.IMAP4, box: Mailbox) -> None:
    assert "IMAP4REV1" in imap.capabilities
    assert imap.login("bob", "pass")[0] == "OK"
    assert imap.list() == ("OK", [b'(\\HasNoChildren) "/" INBOX'])
    assert imap.select("INBOX") == ("OK", [b"3"])
    assert imap.search(None, "ALL") == ("OK", [b"1 2 3"])
    typ, data = imap.fetch("1", "(RFC822)")
    assert typ == "OK"
    head = data[0]
    assert isinstance(head, tuple) and head[1] == message(1)
    assert box.messages[0].flags == {"\\Seen"}
    typ, data = imap.uid("FETCH", "1:*", "(FLAGS)")
    assert data == [b"1 (UID 1 FLAGS (\\Seen \\Recent))", b"2 (UID 2 FLAGS (\\Recent))",
                    b"3 (UID 3 FLAGS (\\Recent))"]
    assert imap.store("1", "+FLAGS", "(\\Deleted)")[0] == "OK"
    assert imap.expunge() == ("OK", [b"1"])
    assert imap.close()[0] == "OK"
    assert imap.logout()[0] == "BYE"
    assert [m.uid for m in box.messages] == [2, 3]


def test_imaplib_wrong_password(imap: imaplib.IMAP4) -> None:
    with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
        imap.login("bob", "wrong")
    assert imap.login("bob", "pass")[0] == "OK"
    assert imap.status("INBOX", "(MESSAGES UNSEEN)") == (
        "OK", [b"INBOX (MESSAGES 3 UNSEEN 3)"])
    imap.logout()


def test_imaplib_literal_login_and_readonly(imap: imaplib.IMAP4) -> None:
    imap.literal = b"pass"  # type: ignore[assignment]  # sent as a {4} literal
    assert imap._simple_command("LOGIN", "bob")[0] == "OK"
    imap.state = "AUTH"  # imaplib.login() would have done this
    assert imap.select("INBOX", readonly=True)[0] == "OK"
    typ, data = imap.fetch("2", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    assert typ == "OK" and data[0][1] == b"Subject: hello 2\r\n\r\n"  # type: ignore[index]
    imap.logout()
