"""The client engine, alone on raw bytes and paired with the server engine."""

import pytest

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.imap import (
    Completed,
    Continuation,
    Greeting,
    IMAPClient,
    IMAPServerConfig,
    Malformed,
    Untagged,
    parse_exists,
    parse_fetch,
    parse_numbered,
    parse_search,
    response_code,
)
from tests.protocols.imap_pair import IMAPPair, mailbox, message

SIZE = len(message(1))


def test_tags_and_greeting() -> None:
    client = IMAPClient()
    assert client.receive_data(b"* OK [CAPABILITY IMAP4rev1] hi\r\n") == [
        Greeting("OK", "[CAPABILITY IMAP4rev1] hi")]
    assert client.send("CAPABILITY") == "A001"
    assert client.send("NOOP") == "A002"
    assert client.data_to_send() == [b"A001 CAPABILITY\r\n", b"A002 NOOP\r\n"]
    assert IMAPClient("ZZ").send("NOOP") == "ZZ001"


def test_completion_carries_untagged_responses() -> None:
    client = IMAPClient()
    client.receive_data(b"* OK hi\r\n")
    client.send("CAPABILITY")
    events = client.receive_data(b"* CAPABILITY IMAP4rev1\r\nA001 OK done\r\n")
    untagged = Untagged("CAPABILITY IMAP4rev1")
    assert events == [untagged, Completed("A001", "CAPABILITY", "OK", "done", (untagged,))]
    assert client.outstanding == ()


def test_fetch_literal_split_anywhere() -> None:
    client = IMAPClient()
    client.receive_data(b"* OK hi\r\n")
    client.send("FETCH 1 (UID RFC822)")
    data = (b"* 1 FETCH (UID 7 RFC822 {%d}\r\n" % SIZE + message(1)
            + b" FLAGS (\\Seen))\r\nA001 OK FETCH completed\r\n")
    events = [e for i in range(len(data)) for e in client.receive_data(data[i : i + 1])]
    untagged, done = events
    assert isinstance(untagged, Untagged) and isinstance(done, Completed)
    assert untagged.text == f"1 FETCH (UID 7 RFC822 {{{SIZE}}} FLAGS (\\Seen))"
    assert untagged.literals == (message(1),)
    assert parse_fetch(untagged) == (1, {"UID": 7, "RFC822": message(1), "FLAGS": ("\\Seen",)})


def test_command_with_literal_waits_for_continuation() -> None:
    client = IMAPClient()
    client.receive_data(b"* OK hi\r\n")
    tag = client.send('LOGIN {3}\r\nbob "pw"')
    client.send("NOOP")
    assert client.data_to_send() == [b"A001 LOGIN {3}\r\n"]
    assert client.receive_data(b"+ Ready\r\n") == [Continuation("Ready")]
    assert client.data_to_send() == [b'bob "pw"\r\n', b"A002 NOOP\r\n"]
    assert tag == "A001"


def test_refused_literal_drops_the_rest_of_the_command() -> None:
    client = IMAPClient()
    client.receive_data(b"* OK hi\r\n")
    client.send("LOGIN {9999}\r\n" + "x" * 9999 + " y")
    client.send("NOOP")
    client.data_to_send()
    (done,) = client.receive_data(b"A001 BAD Literal too large\r\n")
    assert isinstance(done, Completed) and done.status == "BAD"
    assert client.data_to_send() == [b"A002 NOOP\r\n"]


def test_nonsynchronizing_literal_goes_at_once() -> None:
    client = IMAPClient()
    client.send("LOGIN {3+}\r\nbob pw")
    assert client.data_to_send() == [b"A001 LOGIN {3+}\r\nbob pw\r\n"]


def test_caller_bugs_raise() -> None:
    client = IMAPClient()
    with pytest.raises(LocalProtocolError):
        client.send("NOOP\r\nA999 LOGOUT")
    with pytest.raises(LocalProtocolError):
        client.send("LOGIN {10}\r\nbob")
    with pytest.raises(LocalProtocolError):
        client.tls_established()


def test_malformed_and_unknown_tags_never_raise() -> None:
    client = IMAPClient()
    assert client.receive_data(b"garbage\r\n") == [Malformed("garbage")]
    client.receive_data(b"* OK hi\r\n")
    assert client.receive_data(b"Z9 OK what\r\n") == [Completed("Z9", "", "OK", "what", ())]
    assert client.receive_data(b"nonsense here\r\n") == [Malformed("nonsense here")]


def test_parse_helpers() -> None:
    assert parse_search(Untagged("SEARCH 2 3 5")) == [2, 3, 5]
    assert parse_search(Untagged("SEARCH")) == []
    assert parse_search(Untagged("3 EXISTS")) == []
    assert parse_exists(Untagged("3 EXISTS")) == 3
    assert parse_exists(Untagged("3 RECENT")) is None
    assert parse_numbered(Untagged("2 EXPUNGE"), "expunge") == 2
    assert parse_fetch(Untagged("1 FETCH (UID")) is None
    assert parse_fetch(Untagged("SEARCH 1")) is None
    assert parse_fetch(Untagged('2 FETCH (INTERNALDATE "01-Apr-2026 09:00:00 +0900" '
                                "RFC822.SIZE 10 ENVELOPE (NIL \"s\"))")) == (2, {
        "INTERNALDATE": "01-Apr-2026 09:00:00 +0900", "RFC822.SIZE": 10,
        "ENVELOPE": (None, b"s")})
    assert response_code("[UIDVALIDITY 7] UIDs valid") == ("UIDVALIDITY", "7")
    assert response_code("[READ-WRITE] SELECT completed") == ("READ-WRITE", "")
    assert response_code("no code") is None


def test_pair_read_and_delete_workflow() -> None:
    box = mailbox()
    pair = IMAPPair(box)
    pair.pump()
    assert isinstance(pair.client_events[0], Greeting)
    assert pair.run("CAPABILITY").ok
    assert pair.run('LOGIN bob "pass"').text.startswith("[CAPABILITY")
    select = pair.run("SELECT INBOX")
    assert [parse_exists(u) for u in select.untagged if parse_exists(u)] == [3]
    assert response_code(select.text) == ("READ-WRITE", "")
    search = pair.run("UID SEARCH UNSEEN")
    assert parse_search(search.untagged[0]) == [1, 2, 3]
    fetched = pair.run("UID FETCH 2 (RFC822.SIZE BODY[])")
    seq, items = parse_fetch(fetched.untagged[0]) or (0, {})
    assert seq == 2 and items["UID"] == 2 and items["RFC822.SIZE"] == SIZE
    assert items["BODY[]"] == message(2) and items["FLAGS"] == ("\\Seen", "\\Recent")
    assert pair.run("STORE 2 +FLAGS.SILENT (\\Deleted)").ok
    expunge = pair.run("EXPUNGE")
    assert [u.text for u in expunge.untagged] == ["2 EXPUNGE"]
    assert pair.run("LOGOUT").untagged[0].text.startswith("BYE")
    assert [m.uid for m in box.messages] == [1, 3]


def test_pair_login_with_literal_and_starttls() -> None:
    pair = IMAPPair(mailbox(), IMAPServerConfig("h", starttls=True, login_requires_tls=True))
    pair.pump()
    assert pair.run("LOGIN bob pass").status == "NO"
    assert pair.run("STARTTLS").ok
    assert pair.client.tls_active and pair.server.tls_active
    done = pair.run('LOGIN {3}\r\nbob "pass"')
    assert done.ok and done.command == 'LOGIN {3}\r\nbob "pass"'
    assert ("C", b"A003 LOGIN {3}\r\n") in pair.transcript
    assert ("S", b"+ Ready for literal data\r\n") in pair.transcript


def test_oversized_server_literal_is_skipped() -> None:
    from mailsim.protocols.imap import client as client_module

    client = IMAPClient()
    client.receive_data(b"* OK hi\r\n")
    client.send("NOOP")
    big = client_module.MAX_LITERAL + 1
    events = client.receive_data(b"* 1 FETCH (BODY[] {%d}\r\n" % big + b"x" * big
                                 + b")\r\nA001 OK done\r\n")
    assert [type(e).__name__ for e in events] == ["Malformed", "Completed"]
