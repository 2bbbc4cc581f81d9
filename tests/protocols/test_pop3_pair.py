"""Client engine <-> server engine: whole POP3 sessions against a shared Mailbox."""

from mailsim.protocols.pop3 import (
    CloseConnection,
    LoginRequested,
    MessageRetrieved,
    MessagesDeleted,
    POP3Server,
    POP3ServerConfig,
    StartTLS,
    apop_digest,
    parse_list_lines,
    parse_stat,
    parse_uidl_lines,
)
from tests.protocols.pop3_pair import MSG1, MSG2, FakeNode, POP3Pair, deliver, make_mailbox


def test_download_all_then_delete_only_at_quit() -> None:
    pair = POP3Pair()
    assert pair.open().ok
    assert pair.login().text == "maildrop has 2 messages (113 octets)"
    assert parse_stat(pair.command("STAT").text) == (2, 113)
    sizes = parse_list_lines(pair.command("LIST", multiline=True).lines)
    assert sizes == {1: 89, 2: 24}
    bodies = [pair.command(f"RETR {n}", multiline=True).body for n in sizes]
    assert bodies == [MSG1, MSG2]
    for n in sizes:
        assert pair.command(f"DELE {n}").ok
    assert len(pair.node.mailbox.messages) == 2  # RFC 1939 §6: not yet
    quit_response = pair.command("QUIT")
    assert quit_response.text == "mx.example.jp POP3 server signing off (maildrop empty)"
    assert pair.node.mailbox.messages == []
    assert pair.client.closed and pair.server.closed
    assert [e for e in pair.server_events if not isinstance(e, LoginRequested)] == [
        MessageRetrieved(1, None), MessageRetrieved(2, None), MessagesDeleted((1, 2)),
        CloseConnection()]


def test_dropped_connection_deletes_nothing() -> None:
    pair = POP3Pair()
    pair.open()
    pair.login()
    pair.command("DELE 1")
    pair.server.connection_lost()
    assert [m.content for m in pair.node.mailbox.messages] == [MSG1, MSG2]
    assert not any(isinstance(e, MessagesDeleted) for e in pair.server_events)


def test_rset_undeletes() -> None:
    pair = POP3Pair()
    pair.open()
    pair.login()
    pair.command("DELE 2")
    assert parse_stat(pair.command("STAT").text) == (1, 89)
    assert pair.command("RSET").text == "maildrop has 2 messages (113 octets)"
    pair.command("QUIT")
    assert len(pair.node.mailbox.messages) == 2


def test_uidl_ids_are_stable_across_sessions() -> None:
    node = FakeNode()
    first = POP3Pair(node=node)
    first.open()
    first.login()
    before = parse_uidl_lines(first.command("UIDL", multiline=True).lines)
    first.command("DELE 1")
    first.command("QUIT")
    deliver(node.mailbox, b"Subject: three\r\n\r\nthird\r\n")
    second = POP3Pair(node=node)
    second.open()
    second.login()
    after = parse_uidl_lines(second.command("UIDL", multiline=True).lines)
    assert before == {1: "7.1", 2: "7.2"}
    assert after == {1: "7.2", 2: "7.3"}  # message numbers shift, unique ids do not
    assert second.command("UIDL 1").text == "1 7.2"


def test_dot_stuffing_round_trip() -> None:
    content = b"Subject: dots\r\n\r\n.\r\n.hidden\r\n..two\r\nend"
    pair = POP3Pair(node=FakeNode(mailbox=make_mailbox(content)))
    pair.open()
    pair.login()
    assert pair.command("RETR 1", multiline=True).body == content + b"\r\n"
    wire = b"".join(chunk for who, chunk in pair.transcript if who == "S")
    assert wire.endswith(b"\r\n\r\n..\r\n..hidden\r\n...two\r\nend\r\n.\r\n")


def test_top_zero_returns_only_the_header() -> None:
    pair = POP3Pair()
    pair.open()
    pair.login()
    top = pair.command("TOP 1 0", multiline=True)
    assert top.body == MSG1.split(b"\r\n\r\n")[0] + b"\r\n\r\n"
    assert MessageRetrieved(1, 0) in pair.server_events


def test_wrong_password_then_retry_and_apop() -> None:
    pair = POP3Pair()
    pair.open()
    failed = pair.login(password="guess")
    assert not failed.ok and failed.text == "[AUTH] Authentication failed"
    assert pair.login().ok
    apop = POP3Pair()
    apop.open()
    timestamp = apop.client.greeting_timestamp
    assert timestamp == "<1896.697170952@mx.example.jp>"
    assert apop.command(f"APOP bob {apop_digest(timestamp, 'secret')}").ok


def test_unknown_command_and_message_number_errors_keep_the_session() -> None:
    pair = POP3Pair()
    pair.open()
    pair.login()
    pair.command("DELE 2")
    for line in ("LAST", "RETR 0", "RETR 99", "RETR x", "RETR 2", "DELE 2"):
        assert not pair.command(line, multiline=line.startswith("RETR")).ok
    assert pair.command("NOOP").ok


def test_pipelined_commands_are_answered_in_order() -> None:
    pair = POP3Pair()
    pair.open()
    responses = pair.pipeline(("CAPA", True), ("USER bob", False), ("PASS secret", False),
                              ("STAT", False), ("LIST", True), ("UIDL", True),
                              ("RETR 2", True), ("DELE 2", False), ("QUIT", False))
    assert [r.keyword for r in responses] == [
        "CAPA", "USER", "PASS", "STAT", "LIST", "UIDL", "RETR", "DELE", "QUIT"]
    assert all(r.ok for r in responses)
    assert "PIPELINING" in responses[0].lines
    assert responses[6].body == MSG2
    server_writes = [chunk for who, chunk in pair.transcript if who == "S"]
    assert len(server_writes) == 10  # greeting + one write per response
    assert [m.content for m in pair.node.mailbox.messages] == [MSG1]


def test_overlong_line_gets_err_and_session_continues() -> None:
    pair = POP3Pair()
    pair.open()
    assert pair.command("USER " + "x" * 300).text == "line too long"
    assert pair.login().ok


def test_stls_then_login() -> None:
    pair = POP3Pair(server=POP3Server(POP3ServerConfig("mx.example.jp", "", stls=True)))
    pair.open()
    assert "STLS" in pair.command("CAPA", multiline=True).lines
    assert pair.command("STLS").ok
    assert StartTLS() in pair.server_events
    assert pair.client.tls_active and pair.server.tls_active
    assert "STLS" not in pair.command("CAPA", multiline=True).lines
    assert pair.login().ok
