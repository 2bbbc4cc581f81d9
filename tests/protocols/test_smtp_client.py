"""Client engine against scripted server replies."""

import pytest

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.smtp import (
    ClientConfig,
    ClientState,
    SessionEnded,
    SessionFailed,
    SMTPClient,
    Transaction,
    TransactionResult,
    codes,
)
from mailsim.protocols.smtp.events import Event

T1 = Transaction("t1", "a@x.example", ("b@y.example",), b"Subject: s\r\n\r\nbody\r\n")
EHLO_OK = b"250-mx\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n"


def sent(client: SMTPClient) -> list[bytes]:
    return client.data_to_send()


def test_multiline_reply_split_across_calls_and_batched() -> None:
    client = SMTPClient(ClientConfig("c"), [T1])
    assert client.receive_data(b"220 mx ES") == []
    assert client.state.name == "GREETING"
    client.receive_data(b"MTP\r\n")
    assert sent(client) == [b"EHLO c\r\n"]
    for piece in (b"250-mx\r\n250-SI", b"ZE 1000\r\n", b"250 8BITMIME\r\n"):
        client.receive_data(piece)
    assert sent(client) == [b"MAIL FROM:<a@x.example> SIZE=20\r\n"]
    client.receive_data(b"250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n")  # two replies in one buffer
    assert sent(client) == [b"RCPT TO:<b@y.example>\r\n", b"DATA\r\n"]
    assert client.state is ClientState.DATA


def test_greeting_refused_sends_quit_then_ends() -> None:
    client = SMTPClient(ClientConfig("c"), [T1])
    events = client.receive_data(b"554 5.3.2 go away\r\n")
    assert isinstance(events[0], SessionFailed) and events[0].stage == "greeting"
    assert events[0].pending == (T1,)
    assert sent(client) == [b"QUIT\r\n"]
    assert client.receive_data(b"221 Bye\r\n") == [SessionEnded()] and client.done


def test_ehlo_refused_falls_back_to_helo() -> None:
    client = SMTPClient(ClientConfig("c"), [T1])
    client.receive_data(b"220 old\r\n502 5.5.2 what\r\n")
    assert sent(client) == [b"EHLO c\r\n", b"HELO c\r\n"]
    client.receive_data(b"250 old\r\n")
    assert sent(client) == [b"MAIL FROM:<a@x.example>\r\n"]  # no SIZE without ESMTP
    events = client.receive_data(b"250 ok\r\n250 ok\r\n354 go\r\n")
    assert sent(client)[-1].endswith(b"body\r\n.\r\n") and events == []
    (result,) = client.receive_data(b"250 queued\r\n")
    assert isinstance(result, TransactionResult) and result.delivered == ("b@y.example",)
    assert sent(client) == [b"QUIT\r\n"]


def test_helo_refused_too() -> None:
    client = SMTPClient(ClientConfig("c"), [T1])
    events = client.receive_data(b"220 x\r\n500 no\r\n501 no\r\n")
    assert [type(e) for e in events] == [SessionFailed]


def test_421_anywhere_ends_without_quit() -> None:
    client = SMTPClient(ClientConfig("c"), [T1])
    events = client.receive_data(b"220 x\r\n" + EHLO_OK + b"421 4.3.2 shutting down\r\n")
    failed, ended = events
    assert isinstance(failed, SessionFailed) and failed.reply is not None
    assert failed.reply.code == 421 and failed.stage == "mail" and failed.pending == (T1,)
    assert ended == SessionEnded() and client.done
    assert sent(client)[-1].startswith(b"MAIL")


def test_malformed_reply_aborts() -> None:
    client = SMTPClient(ClientConfig("c"), [T1])
    events = client.receive_data(b"220 x\r\nhello there\r\n")
    assert isinstance(events[0], SessionFailed) and events[0].reason == "malformed reply"
    assert client.done


def test_data_refused_sends_rset() -> None:
    client = SMTPClient(ClientConfig("c"), [T1, T1])
    client.receive_data(b"220 x\r\n" + EHLO_OK + b"250 ok\r\n250 ok\r\n")
    events = client.receive_data(b"451 4.3.0 try later\r\n")
    assert isinstance(events[0], TransactionResult) and events[0].data_reply is not None
    assert events[0].failed == (("b@y.example", events[0].data_reply),)
    assert sent(client)[-1] == b"RSET\r\n"
    client.receive_data(b"250 ok\r\n")
    assert sent(client)[-1].startswith(b"MAIL FROM")


def test_connection_lost_reports_unfinished() -> None:
    client = SMTPClient(ClientConfig("c"), [T1])
    client.receive_data(b"220 x\r\n" + EHLO_OK)
    (failed,) = client.connection_lost()
    assert isinstance(failed, SessionFailed) and failed.pending == (T1,)
    assert client.connection_lost() == []


def test_connection_lost_while_quitting_is_a_normal_end() -> None:
    client = SMTPClient(ClientConfig("c"), [])
    client.receive_data(b"220 x\r\n" + EHLO_OK)
    assert sent(client)[-1] == b"QUIT\r\n"
    assert client.connection_lost() == [SessionEnded()]


def test_auth_cancelled_after_endless_challenges() -> None:
    config = ClientConfig("c", credentials=("u", "p"), initial_response=False)
    client = SMTPClient(config, [T1])
    client.receive_data(b"220 x\r\n250-mx\r\n250 AUTH PLAIN\r\n")
    for _ in range(6):
        client.receive_data(b"334 \r\n")
    assert sent(client)[-1] == b"*\r\n"
    events: list[Event] = client.receive_data(codes.AUTH_CANCELLED.to_bytes())
    assert isinstance(events[0], SessionFailed) and events[0].reply == codes.AUTH_CANCELLED


def test_starttls_refused_opportunistic_continues() -> None:
    client = SMTPClient(ClientConfig("c", starttls="opportunistic"), [T1])
    client.receive_data(b"220 x\r\n250-mx\r\n250 STARTTLS\r\n454 4.7.0 no\r\n")
    assert sent(client)[-1] == b"MAIL FROM:<a@x.example>\r\n"
    assert not client.tls_active


def test_caller_errors_raise() -> None:
    client = SMTPClient(ClientConfig("c"), [T1])
    with pytest.raises(LocalProtocolError, match="GREETING"):
        client.tls_established()
    with pytest.raises(LocalProtocolError):
        SMTPClient(ClientConfig("c"), [Transaction("x", "a@b.c", (), b"")])
