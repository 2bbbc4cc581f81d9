"""imapclient (and imaplib) against `mailsim serve`: folders, MOVE, UID EXPUNGE and IDLE.

The IDLE push is the real thing: smtplib submits a mail to Alice's server, it
travels the simulated route to Bob's, and the idling client gets ``* n EXISTS``.
"""

from __future__ import annotations

import imaplib
import smtplib
import ssl

import pytest

from mailsim.live.server import LiveServer

from .conftest import HOST, TIMEOUT, deliver, wait_for

imapclient = pytest.importorskip("imapclient")

MAIL = (b"Subject: Push\r\nFrom: alice@example.com\r\nTo: bob@example.jp\r\n"
        b"Message-ID: <push@example.com>\r\n\r\nDid your phone ring?\r\n")
SENT = (b"Subject: Re: Push\r\nFrom: bob@example.jp\r\nTo: alice@example.com\r\n"
        b"Message-ID: <reply@example.jp>\r\n\r\nIt did.\r\n")


def _client(server: LiveServer, tls: ssl.SSLContext) -> imapclient.IMAPClient:
    client = imapclient.IMAPClient(HOST, port=server.port(143), ssl=False, timeout=TIMEOUT)
    client.starttls(ssl_context=tls)
    client.login("bob@example.jp", "bob-secret")
    return client


def test_idle_receives_exists_for_a_mail_sent_with_smtplib(server: LiveServer,
                                                         client_tls: ssl.SSLContext) -> None:
    client = _client(server, client_tls)
    assert {b"IDLE", b"MOVE", b"UIDPLUS", b"SPECIAL-USE"} <= set(client.capabilities())
    client.select_folder("INBOX")
    client.idle()
    with smtplib.SMTP(HOST, server.port(587), timeout=TIMEOUT) as smtp:
        smtp.starttls(context=client_tls)
        smtp.login("alice@example.com", "alice-secret")
        smtp.sendmail("alice@example.com", ["bob@example.jp"], MAIL)
    responses = client.idle_check(timeout=TIMEOUT)
    assert (1, b"EXISTS") in responses
    client.idle_done()
    assert client.fetch([1], ["ENVELOPE"])[1][b"ENVELOPE"].subject == b"Push"
    client.logout()


def test_append_to_sent_move_to_trash_and_uid_expunge(server: LiveServer,
                                                      client_tls: ssl.SSLContext) -> None:
    deliver(server, 3)
    client = _client(server, client_tls)
    folders = {name: flags for flags, _, name in client.list_folders()}
    assert b"\\Sent" in folders["Sent"] and b"\\Trash" in folders["Trash"]
    assert client.find_special_folder(imapclient.imapclient.SENT) == "Sent"
    appended = client.append("Sent", SENT, flags=[imapclient.SEEN])
    assert appended.startswith(b"[APPENDUID ")
    client.create_folder("送信済み")  # imapclient encodes it as modified UTF-7
    assert "送信済み" in [name for _, _, name in client.list_folders()]
    client.select_folder("INBOX")
    client.copy([1], "送信済み")
    client.move([2], "Trash")  # RFC 6851 MOVE, used because the server offers it
    client.add_flags([1, 3], [imapclient.DELETED])
    client.uid_expunge([3])  # RFC 4315: only UID 3 goes
    assert client.search("ALL") == [1]
    assert client.folder_status("Trash", ["MESSAGES"])[b"MESSAGES"] == 1
    assert client.folder_status("送信済み", ["MESSAGES"])[b"MESSAGES"] == 1
    client.logout()
    trace = wait_for(server, lambda t: bool(t.states("deleted")))
    assert trace.states("appended")[0].data["folder"] == "Sent"
    assert trace.states("folder_created")[0].data["folder"] == "送信済み"
    assert trace.states("copied")[0].data["target"] == "送信済み"
    assert trace.states("moved")[0].data["target"] == "Trash"
    assert trace.states("deleted")[-1].data["uids"] == [3]


def test_imaplib_append_is_refused_before_its_literal(
        server: LiveServer) -> None:
    imap = imaplib.IMAP4(HOST, server.port(143), timeout=TIMEOUT)
    imap.login("bob@example.jp", "bob-secret")
    assert imap.append("Sent", "(\\Seen)", None, SENT) == (
        "OK", [b"[APPENDUID 1 1] APPEND completed"])
    # No "+" for a folder that does not exist: the tagged NO comes at once (RFC 3501 §7.5).
    assert imap.append("Archive", None, None, SENT) == (
        "NO", [b"[TRYCREATE] Mailbox doesn't exist"])
    assert imap.noop()[0] == "OK"  # and the session goes on
    imap.logout()
    # As with SMTP's DATA, a live trace keeps the message's size, not its text.
    texts = [m.text for m in wait_for(server, lambda t: bool(t.states("appended"))).messages()]
    assert f"[message text: {len(SENT)} octets]" in texts
    assert not any("It did." in text for text in texts)
