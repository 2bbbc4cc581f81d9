"""Client engine on raw server bytes: framing, matching, unstuffing; the helpers."""

import pytest

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.pop3 import (
    Greeting,
    POP3Client,
    Response,
    apop_digest,
    parse_list_lines,
    parse_stat,
    parse_uidl_lines,
)


def greeted(line: bytes = b"+OK POP3 server ready <1.2@mx>\r\n") -> POP3Client:
    client = POP3Client()
    assert len(client.receive_data(line)) == 1
    return client


def test_greeting_and_timestamp() -> None:
    client = POP3Client()
    assert client.receive_data(b"+OK POP3 server ready <1896.697@mx.example.jp>\r\n") == [
        Greeting(True, "POP3 server ready <1896.697@mx.example.jp>")]
    assert client.greeting_timestamp == "<1896.697@mx.example.jp>"
    assert greeted(b"+OK hi\r\n").greeting_timestamp is None
    refused = POP3Client()
    assert refused.receive_data(b"-ERR go away\r\n") == [Greeting(False, "go away")]
    assert POP3Client().receive_data(b"garbage\r\n") == [Greeting(False, "garbage")]


def test_commands_are_framed_and_queued() -> None:
    client = greeted()
    client.send("USER bob")
    client.send("PASS secret")
    assert client.data_to_send() == [b"USER bob\r\n", b"PASS secret\r\n"]
    assert client.outstanding == 2
    assert client.receive_data(b"+OK send PASS\r\n-ERR [AUTH] no") == [
        Response("USER bob", True, "send PASS")]
    assert client.receive_data(b"\r\n") == [Response("PASS secret", False, "[AUTH] no")]
    assert client.outstanding == 0


def test_multiline_split_anywhere_is_unstuffed() -> None:
    wire = (b"+OK 30 octets\r\nSubject: x\r\n\r\n..hidden\r\n..\r\nend\r\n.\r\n"
            b"+OK unique-id listing follows\r\n1 7.1\r\n2 7.2\r\n.\r\n")
    for split in (1, 3, 7, len(wire)):
        client = greeted()
        client.send("RETR 1", multiline=True)
        client.send("UIDL", multiline=True)
        events = []
        for start in range(0, len(wire), split):
            events += client.receive_data(wire[start : start + split])
        assert events == [
            Response("RETR 1", True, "30 octets", body=b"Subject: x\r\n\r\n.hidden\r\n.\r\nend\r\n"),
            Response("UIDL", True, "unique-id listing follows", lines=("1 7.1", "2 7.2")),
        ]


def test_error_to_a_multiline_command_is_one_line() -> None:
    client = greeted()
    client.send("RETR 9", multiline=True)
    client.send("NOOP")
    assert client.receive_data(b"-ERR no such message\r\n+OK\r\n") == [
        Response("RETR 9", False, "no such message"), Response("NOOP", True, "")]


def test_misbehaving_server_never_raises() -> None:
    client = greeted()
    assert client.receive_data(b"+OK unsolicited\r\n") == []
    client.send("STAT")
    assert client.receive_data(b"HELLO?\r\n") == [Response("STAT", False, "HELLO?")]


def test_sasl_continuation() -> None:
    client = greeted()
    client.send("AUTH PLAIN")
    assert client.receive_data(b"+ \r\n") == [Response("AUTH PLAIN", True, "", continuation=True)]
    client.send("AGJvYgBzZWNyZXQ=")
    assert client.receive_data(b"+OK welcome\r\n") == [Response("AGJvYgBzZWNyZXQ=", True, "welcome")]


def test_stls_and_quit_change_the_client() -> None:
    client = greeted()
    client.send("STLS")
    with pytest.raises(LocalProtocolError):
        client.send("CAPA", multiline=True)  # RFC 2595 §4: wait for the STLS response
    assert client.receive_data(b"+OK Begin TLS negotiation\r\n+OK injected\r\n") == [
        Response("STLS", True, "Begin TLS negotiation")]
    assert client.handshaking
    assert client.receive_data(b"\x16\x03\x01handshake") == []
    with pytest.raises(LocalProtocolError):
        client.send("CAPA")
    client.tls_established()
    assert client.tls_active and not client.handshaking
    with pytest.raises(LocalProtocolError):
        client.tls_established()
    client.send("QUIT")
    assert client.receive_data(b"+OK bye\r\n")[0].keyword == "QUIT"
    assert client.closed
    with pytest.raises(LocalProtocolError):
        client.send("NOOP")


def test_send_rejects_line_breaks() -> None:
    with pytest.raises(LocalProtocolError):
        greeted().send("NOOP\r\nDELE 1")


def test_helpers() -> None:
    assert apop_digest("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf") == (
        "c4c9334bac560ecc979e58001b3e22fb")  # RFC 1939 §7 example
    assert parse_stat("2 320") == (2, 320)
    assert parse_stat("2 320 extra words") == (2, 320)
    assert parse_stat("two") is None
    assert parse_list_lines(["1 120", "2 200", "junk", "3 x"]) == {1: 120, 2: 200}
    assert parse_uidl_lines(("1 7.1", "2 7.2", "x y", "3")) == {1: "7.1", 2: "7.2"}
