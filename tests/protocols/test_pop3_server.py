"""Raw-bytes server tests, with the exact lines Python's poplib sends."""

import pytest

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.pop3 import (
    CloseConnection,
    LoginRequested,
    MessageRetrieved,
    MessagesDeleted,
    POP3Server,
    POP3ServerConfig,
    ServerState,
    apop_digest,
)
from tests.protocols.pop3_pair import CONFIG, MSG1, MSG2, TIMESTAMP, FakeNode, feed, started

HEADERS1 = b"From: alice@example.com\r\nTo: bob@example.jp\r\nSubject: hello\r\n"


def logged_in(node: FakeNode | None = None) -> tuple[POP3Server, FakeNode]:
    node = node or FakeNode()
    server = started()
    feed(server, b"USER bob\r\nPASS secret\r\n", node)
    assert server.state is ServerState.TRANSACTION
    return server, node


def test_greeting_carries_the_apop_timestamp() -> None:
    server = POP3Server(CONFIG)
    assert server.state is ServerState.CONNECTED
    server.start()
    assert server.data_to_send() == [b"+OK POP3 server ready <1896.697170952@mx.example.jp>\r\n"]
    assert server.state.name == "AUTHORIZATION"


def test_greeting_without_apop() -> None:
    server = POP3Server(POP3ServerConfig("mx", ""))
    server.start()
    assert server.data_to_send() == [b"+OK POP3 server ready\r\n"]
    assert feed(server, b"APOP bob " + b"0" * 32 + b"\r\n") == [b"-ERR APOP not supported\r\n"]


def test_poplib_session_line_by_line() -> None:
    """poplib: capa(), user(), pass_(), stat(), list(), uidl(), top(), retr(), dele(), rset(), quit()."""
    server = started()
    node = FakeNode()
    assert feed(server, b"CAPA\r\n", node) == [
        b"+OK Capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nRESP-CODES\r\n"
        b"AUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION mailsim\r\n.\r\n"]
    assert feed(server, b"USER bob\r\n", node) == [b"+OK send PASS\r\n"]
    events = server.receive_data(b"PASS secret\r\n")
    assert events == [LoginRequested("bob", "secret", None)]
    assert server.data_to_send() == []  # pending: the node decides
    assert server.auth_result(True, node.mailbox) == []
    assert server.data_to_send() == [b"+OK maildrop has 2 messages (113 octets)\r\n"]
    assert server.user == "bob"
    assert feed(server, b"STAT\r\n", node) == [b"+OK 2 113\r\n"]
    assert feed(server, b"LIST\r\n", node) == [
        b"+OK 2 messages (113 octets)\r\n1 89\r\n2 24\r\n.\r\n"]
    assert feed(server, b"UIDL\r\n", node) == [
        b"+OK unique-id listing follows\r\n1 7.1\r\n2 7.2\r\n.\r\n"]
    assert server.receive_data(b"TOP 1 0\r\n") == [MessageRetrieved(1, 0)]
    assert server.data_to_send() == [b"+OK 63 octets\r\n" + HEADERS1 + b"\r\n.\r\n"]
    assert server.receive_data(b"RETR 1\r\n") == [MessageRetrieved(1, None)]
    assert server.data_to_send() == [
        b"+OK 89 octets\r\n" + HEADERS1 + b"\r\nHi Bob,\r\n..hidden\r\n..\r\nbye\r\n.\r\n"]
    assert feed(server, b"DELE 1\r\n", node) == [b"+OK message 1 deleted\r\n"]
    assert feed(server, b"STAT\r\n", node) == [b"+OK 1 24\r\n"]
    assert feed(server, b"RSET\r\n", node) == [b"+OK maildrop has 2 messages (113 octets)\r\n"]
    assert feed(server, b"DELE 2\r\n", node) == [b"+OK message 2 deleted\r\n"]
    assert len(node.mailbox.messages) == 2  # nothing removed before QUIT
    events = server.receive_data(b"QUIT\r\n")
    assert events == [MessagesDeleted((2,)), CloseConnection()]
    assert server.data_to_send() == [
        b"+OK mx.example.jp POP3 server signing off (1 message left)\r\n"]
    assert [m.content for m in node.mailbox.messages] == [MSG1]
    assert server.closed
    assert server.receive_data(b"NOOP\r\n") == []


def test_poplib_apop_with_the_rfc_1939_example() -> None:
    """RFC 1939 §7: the example digest for timestamp + "tanstaaf"."""
    timestamp = "<1896.697170952@dbc.mtview.ca.us>"
    digest = apop_digest(timestamp, "tanstaaf")
    assert digest == "c4c9334bac560ecc979e58001b3e22fb"
    server = started(POP3ServerConfig("dbc.mtview.ca.us", timestamp))
    node = FakeNode(secrets={"mrose": "tanstaaf"}, timestamp=timestamp)
    assert feed(server, f"APOP mrose {digest}\r\n".encode(), node) == [
        b"+OK maildrop has 2 messages (113 octets)\r\n"]
    assert node.logins == [LoginRequested("mrose", None, digest)]


def test_apop_digest_is_normalised_and_wrong_digest_fails() -> None:
    server = started()
    node = FakeNode()
    good = apop_digest(TIMESTAMP, "secret")
    assert feed(server, f"APOP bob {'0' * 32}\r\n".encode(), node) == [
        b"-ERR [AUTH] Authentication failed\r\n"]
    assert feed(server, f"apop bob {good.upper()}\r\n".encode(), node)[0].startswith(b"+OK")
    assert node.logins[-1].apop_digest == good


def test_quit_in_authorization_deletes_nothing() -> None:
    server = started()
    assert server.receive_data(b"QUIT\r\n") == [CloseConnection()]
    assert server.data_to_send() == [b"+OK mx.example.jp POP3 server signing off\r\n"]
    assert server.closed


def test_quit_with_nothing_deleted_and_with_everything_deleted() -> None:
    server, node = logged_in()
    assert server.receive_data(b"QUIT\r\n") == [CloseConnection()]
    assert server.data_to_send() == [
        b"+OK mx.example.jp POP3 server signing off (2 messages left)\r\n"]
    server, node = logged_in(node)
    feed(server, b"DELE 1\r\nDELE 2\r\n", node)
    assert server.receive_data(b"QUIT\r\n") == [MessagesDeleted((1, 2)), CloseConnection()]
    assert server.data_to_send() == [
        b"+OK mx.example.jp POP3 server signing off (maildrop empty)\r\n"]
    assert node.mailbox.messages == []


def test_connection_lost_deletes_nothing() -> None:
    server, node = logged_in()
    feed(server, b"DELE 1\r\nDELE 2\r\n", node)
    assert server.connection_lost() == []
    assert server.closed
    assert len(node.mailbox.messages) == 2


def test_pass_takes_the_rest_of_the_line_and_keywords_are_case_insensitive() -> None:
    server = started()
    node = FakeNode(secrets={"bob": "my secret  pass"})
    assert feed(server, b"user bob\r\n", node) == [b"+OK send PASS\r\n"]
    assert feed(server, b"pass my secret  pass\r\n", node)[0].startswith(b"+OK maildrop")
    assert node.logins == [LoginRequested("bob", "my secret  pass", None)]
    assert feed(server, b"stat\r\nNoOp\r\n", node) == [b"+OK 2 113\r\n", b"+OK\r\n"]


def test_snapshot_hides_mail_arriving_during_the_session() -> None:
    server, node = logged_in()
    node.mailbox.store(b"Subject: late\r\n\r\nx\r\n", "<late@x>", node.mailbox.messages[0].internal_date)
    assert feed(server, b"STAT\r\nRETR 3\r\n", node) == [
        b"+OK 2 113\r\n", b"-ERR no such message\r\n"]


def test_top_counts_body_lines() -> None:
    server, node = logged_in()
    assert feed(server, b"TOP 1 2\r\n", node) == [
        b"+OK 81 octets\r\n" + HEADERS1 + b"\r\nHi Bob,\r\n..hidden\r\n.\r\n"]
    assert feed(server, b"TOP 2 99\r\n", node) == [b"+OK 24 octets\r\n" + MSG2 + b".\r\n"]


def test_top_and_retr_of_odd_messages() -> None:
    node = FakeNode()
    node.mailbox.messages[0].content = b"Subject: no body"  # no blank line, no final CRLF
    node.mailbox.messages[1].content = b"\r\nbody only\r\n"
    server, _ = logged_in(node)
    assert feed(server, b"TOP 1 0\r\nRETR 1\r\nTOP 2 0\r\n", node) == [
        b"+OK 18 octets\r\nSubject: no body\r\n.\r\n",
        b"+OK 16 octets\r\nSubject: no body\r\n.\r\n",
        b"+OK 2 octets\r\n\r\n.\r\n",
    ]


def test_caller_bugs_raise() -> None:
    server = started()
    with pytest.raises(LocalProtocolError, match="AUTHORIZATION"):
        server.auth_result(True, None)
    with pytest.raises(LocalProtocolError):
        server.tls_established()
    server.receive_data(b"USER bob\r\nPASS x\r\n")
    with pytest.raises(LocalProtocolError):
        server.auth_result(True, None)  # success needs the mailbox
    with pytest.raises(LocalProtocolError):
        POP3Server(POP3ServerConfig("mx", "no-brackets"))
    with pytest.raises(LocalProtocolError):
        POP3Server(POP3ServerConfig("mx", "", sasl_mechanisms=("CRAM-MD5",)))
