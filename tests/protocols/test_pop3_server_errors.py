"""Remote misbehaviour gets -ERR and the session goes on; STLS and AUTH flows on raw bytes."""

import base64

import pytest

from mailsim.protocols.pop3 import (
    LoginRequested,
    POP3Server,
    POP3ServerConfig,
    ServerState,
    StartTLS,
)
from tests.protocols.pop3_pair import FakeNode, feed, started

UNKNOWN = b"-ERR unknown command\r\n"
WRONG_STATE = b"-ERR command not valid in this state\r\n"
NO_SUCH = b"-ERR no such message\r\n"


def logged_in() -> tuple[POP3Server, FakeNode]:
    node = FakeNode()
    server = started()
    feed(server, b"USER bob\r\nPASS secret\r\n", node)
    return server, node


def test_unknown_and_out_of_state_commands() -> None:
    server = started()
    node = FakeNode()
    assert feed(server, b"LAST\r\nSTAT\r\nRETR 1\r\nNOOP\r\n\r\n", node) == [
        UNKNOWN, WRONG_STATE, WRONG_STATE, WRONG_STATE, UNKNOWN]
    feed(server, b"USER bob\r\nPASS secret\r\n", node)
    assert feed(server, b"LAST\r\nUSER bob\r\nAPOP a b\r\nSTLS\r\nNOOP\r\n", node) == [
        UNKNOWN, WRONG_STATE, WRONG_STATE, WRONG_STATE, b"+OK\r\n"]
    assert server.state is ServerState.TRANSACTION


@pytest.mark.parametrize("command", [b"RETR 0", b"RETR 99", b"RETR x", b"RETR", b"RETR -1",
                                     b"LIST 0", b"LIST 3", b"LIST 1 2", b"UIDL 99", b"UIDL x",
                                     b"TOP 99 0", b"TOP x 1", b"DELE 0", b"DELE x"])
def test_bad_message_numbers(command: bytes) -> None:
    server, node = logged_in()
    assert feed(server, command + b"\r\nSTAT\r\n", node) == [NO_SUCH, b"+OK 2 113\r\n"]


def test_deleted_messages_are_gone_for_the_session() -> None:
    server, node = logged_in()
    assert feed(server, b"DELE 1\r\nDELE 1\r\nRETR 1\r\nLIST 1\r\nUIDL 1\r\nTOP 1 0\r\n", node) == [
        b"+OK message 1 deleted\r\n", b"-ERR message 1 already deleted\r\n",
        NO_SUCH, NO_SUCH, NO_SUCH, NO_SUCH]
    assert feed(server, b"LIST\r\nUIDL\r\n", node) == [
        b"+OK 1 message (24 octets)\r\n2 24\r\n.\r\n",
        b"+OK unique-id listing follows\r\n2 7.2\r\n.\r\n"]


def test_argument_syntax_errors() -> None:
    server = started()
    node = FakeNode()
    assert feed(server, b"USER\r\nUSER a b\r\nPASS x\r\nAPOP bob\r\nAPOP bob nothex\r\n", node) == [
        b"-ERR syntax: USER name\r\n", b"-ERR syntax: USER name\r\n", b"-ERR no USER given\r\n",
        b"-ERR syntax: APOP name digest\r\n", b"-ERR syntax: APOP name digest\r\n"]
    assert feed(server, b"USER bob\r\nPASS\r\n", node) == [
        b"+OK send PASS\r\n", b"-ERR syntax: PASS password\r\n"]
    feed(server, b"USER bob\r\nPASS secret\r\n", node)
    assert feed(server, b"TOP 1\r\nTOP 1 x\r\nDELE\r\n", node) == [
        b"-ERR syntax: TOP msg n\r\n", b"-ERR syntax: TOP msg n\r\n", b"-ERR syntax: DELE msg\r\n"]


def test_pass_must_follow_user_directly() -> None:
    server = started()
    assert feed(server, b"USER bob\r\nCAPA\r\nPASS secret\r\n")[-1] == b"-ERR no USER given\r\n"


def test_wrong_password_then_retry() -> None:
    server = started()
    node = FakeNode()
    assert feed(server, b"USER bob\r\nPASS wrong\r\n", node) == [
        b"+OK send PASS\r\n", b"-ERR [AUTH] Authentication failed\r\n"]
    assert server.state is ServerState.AUTHORIZATION
    assert feed(server, b"PASS secret\r\n", node) == [b"-ERR no USER given\r\n"]
    assert feed(server, b"USER bob\r\nPASS secret\r\n", node)[-1].startswith(b"+OK maildrop")
    assert server.state.name == "TRANSACTION"


def test_line_length_limit_and_encoding() -> None:
    server, node = logged_in()
    exactly = b"NOOP " + b"x" * 248 + b"\r\n"
    assert len(exactly) == 255  # RFC 2449 §4: 255 octets with CRLF is allowed
    assert feed(server, exactly, node) == [b"+OK\r\n"]
    assert feed(server, b"NOOP " + b"x" * 249 + b"\r\n", node) == [b"-ERR line too long\r\n"]
    assert feed(server, b"NOOP " + b"x" * 5000, node) == []  # discarded as it arrives
    assert feed(server, b"x\r\nSTAT\r\n", node) == [b"-ERR line too long\r\n", b"+OK 2 113\r\n"]
    assert feed(server, b"\xff\xfe\r\n", node) == [b"-ERR invalid characters in command\r\n"]
    assert feed(server, b"NOOP\n", node) == [b"+OK\r\n"]  # bare LF tolerated


def test_pipelined_commands_wait_for_the_pending_login() -> None:
    server = started()
    events = server.receive_data(b"USER bob\r\nPASS secret\r\nSTAT\r\nLIST\r\nNOOP\r\n")
    assert events == [LoginRequested("bob", "secret", None)]
    assert server.data_to_send() == [b"+OK send PASS\r\n"]
    assert server.receive_data(b"RSET\r\n") == []  # still held
    assert server.data_to_send() == []
    server.auth_result(True, FakeNode().mailbox)
    assert server.data_to_send() == [
        b"+OK maildrop has 2 messages (113 octets)\r\n", b"+OK 2 113\r\n",
        b"+OK 2 messages (113 octets)\r\n1 89\r\n2 24\r\n.\r\n", b"+OK\r\n",
        b"+OK maildrop has 2 messages (113 octets)\r\n"]


STLS_CONFIG = POP3ServerConfig("mx.example.jp", "", stls=True)


def test_stls_holds_input_and_drops_injected_plaintext() -> None:
    server = started(STLS_CONFIG)
    assert b"STLS\r\n" in feed(server, b"CAPA\r\n")[0]
    # "CAPA" pipelined behind STLS in the same plaintext write is discarded.
    assert server.receive_data(b"STLS\r\nCAPA\r\n") == [StartTLS()]
    assert server.data_to_send() == [b"+OK Begin TLS negotiation\r\n"]
    assert server.state is ServerState.TLS_HANDSHAKE
    assert server.receive_data(b"CAPA\r\n") == []  # arrives during the handshake: held
    assert server.data_to_send() == []
    assert server.tls_established() == []
    assert server.tls_active
    capa = server.data_to_send()
    assert len(capa) == 1 and capa[0].startswith(b"+OK Capability") and b"STLS" not in capa[0]
    assert feed(server, b"STLS\r\n") == [b"-ERR Command not permitted when TLS active\r\n"]


def test_stls_not_offered_or_in_transaction() -> None:
    server, node = logged_in()
    assert feed(server, b"STLS\r\n", node) == [WRONG_STATE]
    assert feed(started(), b"STLS\r\n") == [UNKNOWN]


SASL_CONFIG = POP3ServerConfig("mx.example.jp", "", sasl_mechanisms=("PLAIN", "LOGIN"))


def b64(text: str) -> bytes:
    return base64.b64encode(text.encode())


def test_auth_plain_with_initial_response() -> None:
    server = started(SASL_CONFIG)
    node = FakeNode()
    assert b"SASL PLAIN LOGIN\r\n" in feed(server, b"CAPA\r\n")[0]
    assert feed(server, b"AUTH PLAIN " + b64("\0bob\0secret") + b"\r\n", node) == [
        b"+OK maildrop has 2 messages (113 octets)\r\n"]
    assert node.logins == [LoginRequested("bob", "secret", None)]


def test_auth_login_exchange_failure_and_cancel() -> None:
    server = started(SASL_CONFIG)
    node = FakeNode()
    assert feed(server, b"AUTH LOGIN\r\n", node) == [b"+ VXNlcm5hbWU6\r\n"]
    assert feed(server, b64("bob") + b"\r\n", node) == [b"+ UGFzc3dvcmQ6\r\n"]
    assert feed(server, b64("nope") + b"\r\n", node) == [b"-ERR [AUTH] Authentication failed\r\n"]
    assert server.state is ServerState.AUTHORIZATION
    assert feed(server, b"AUTH PLAIN\r\n*\r\n", node) == [
        b"+ \r\n", b"-ERR authentication cancelled\r\n"]
    assert feed(server, b"AUTH PLAIN !!\r\nAUTH CRAM-MD5\r\nAUTH\r\n", node) == [
        b"-ERR cannot decode response\r\n", b"-ERR Unrecognized authentication type\r\n",
        b"-ERR syntax: AUTH mechanism [initial-response]\r\n"]
    assert feed(started(), b"AUTH PLAIN\r\n") == [UNKNOWN]  # not configured


def test_a_locked_maildrop_answers_in_use_and_the_session_goes_on() -> None:
    from mailsim.protocols.mailstore import Mailbox
    from mailsim.protocols.pop3 import LoginRequested, POP3Server, POP3ServerConfig

    server = POP3Server(POP3ServerConfig("mx.example.jp", "<1.2@mx.example.jp>"))
    server.start()
    server.receive_data(b"USER bob\r\n")
    (event,) = server.receive_data(b"PASS secret\r\n")
    assert isinstance(event, LoginRequested)
    server.auth_result(False, None, in_use=True)
    assert server.data_to_send()[-1] == b"-ERR [IN-USE] Maildrop already locked by another session\r\n"
    server.receive_data(b"USER bob\r\n")
    server.receive_data(b"PASS secret\r\n")
    server.auth_result(True, Mailbox("bob@example.jp"))
    assert server.data_to_send()[-1].startswith(b"+OK")
