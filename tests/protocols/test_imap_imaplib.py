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
    assert imap.list() == ("OK", [b'(\\HasNoChildren) "/" INBOX', b'(\\HasNoChildren \\Sent) "/" Sent',
                                  b'(\\HasNoChildren \\Drafts) "/" Drafts',
                                  b'(\\HasNoChildren \\Trash) "/" Trash',
                                  b'(\\HasNoChildren \\Junk) "/" Junk'])
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


SENT = b"From: bob@example.org\r\nTo: alice@example.com\r\nMessage-ID: <s1@example.org>\r\n" \
       b"Subject: sent\r\n\r\nHello\r\n"


def test_imaplib_appends_copies_moves_and_expunges_by_uid(imap: imaplib.IMAP4, box: Mailbox) -> None:
    imap.login("bob", "pass")
    # APPEND with flags and a date, as a synchronising literal (RFC 3501 §6.3.11, RFC 4315).
    typ, data = imap.append("Sent", "(\\Seen)", '"01-Apr-2026 09:00:00 +0900"', SENT)
    assert (typ, data) == ("OK", [b"[APPENDUID 1 1] APPEND completed"])
    assert imap.status("Sent", "(MESSAGES UNSEEN UIDNEXT)") == (
        "OK", [b"Sent (MESSAGES 1 UNSEEN 0 UIDNEXT 2)"])
    assert imap.append("Archive", None, None, SENT)[0] == "NO"  # [TRYCREATE], no "+" first
    assert imap.select("INBOX") == ("OK", [b"3"])
    assert imap.copy("1:2", "Sent") == ("OK", [b"[COPYUID 1 1:2 2:3] COPY completed"])
    assert imap.uid("MOVE", "3", "Trash")[0] == "OK"
    # RFC 6851 §4.3: the COPYUID in an untagged OK, then the original's EXPUNGE.
    assert imap.untagged_responses.pop("EXPUNGE") == [b"3"]
    assert imap.untagged_responses.pop("OK")[-1] == b"[COPYUID 1 3 1] Moved"
    assert [m.uid for m in box.messages] == [1, 2]
    assert imap.uid("STORE", "1:2", "+FLAGS.SILENT", "(\\Deleted)")[0] == "OK"
    assert imap.uid("EXPUNGE", "2")[0] == "OK"
    assert imap.untagged_responses.pop("EXPUNGE") == [b"2"]  # RFC 4315 §2.1: only UID 2
    assert [m.uid for m in box.messages] == [1]
    assert imap.select("Trash") == ("OK", [b"1"])
    typ, data = imap.fetch("1", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    assert typ == "OK" and data[0][1] == b"Message-ID: <m3@example.com>\r\n\r\n"  # type: ignore[index]
    imap.logout()


def test_a_japanese_folder_name_round_trips(imap: imaplib.IMAP4) -> None:
    from mailsim.protocols.imap import utf7

    imap.login("bob", "pass")
    name = utf7.encode("送信済み")
    assert imap.create(name) == ("OK", [b"CREATE completed"])
    assert imap.create(name)[0] == "NO"  # [ALREADYEXISTS]
    assert imap.list('""', "&*") == ("OK", [f'(\\HasNoChildren) "/" {name}'.encode()])
    assert imap.append(name, None, None, SENT)[0] == "OK"
    assert imap.select(name) == ("OK", [b"1"])
    assert imap.rename(name, utf7.encode("古い/送信済み"))[0] == "OK"
    assert imap.list()[1][-2:] == [
        f'(\\HasChildren) "/" {utf7.encode("古い")}'.encode(),
        f'(\\HasNoChildren) "/" {utf7.encode("古い/送信済み")}'.encode()]
    assert imap.delete(utf7.encode("古い"))[0] == "NO"  # [HASCHILDREN]
    assert imap.delete(utf7.encode("古い/送信済み"))[0] == "OK"
    imap.logout()
