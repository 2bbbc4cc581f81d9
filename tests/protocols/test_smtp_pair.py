"""Client engine <-> server engine sessions, end to end, without any I/O."""

import pytest

from mailsim.protocols.smtp import (
    AuthRequested,
    ClientConfig,
    ClientStartTLS,
    MessageReceived,
    ServerConfig,
    SessionFailed,
    Transaction,
    codes,
)
from tests.protocols.smtp_pair import FakeNode, SMTPPair

BOB = "bob@example.org"
MESSAGE = b"From: alice@example.com\r\nTo: bob@example.org\r\nSubject: hi\r\n\r\nHello Bob\r\n"
SIZE = len(MESSAGE)
SERVER = ServerConfig(hostname="mx.example.org")
SUBMISSION = ServerConfig(hostname="smtp.example.com", submission=True, starttls=True,
                          auth_mechanisms=("PLAIN", "LOGIN"), auth_requires_tls=True)


def txn(content: bytes = MESSAGE, *rcpts: str, sender: str = "alice@example.com") -> Transaction:
    return Transaction("t1", sender, rcpts or (BOB,), content)


def test_plain_session_delivers_and_quits() -> None:
    pair = SMTPPair.build(ClientConfig("client.example"), SERVER, [txn()]).run()
    assert pair.reply_codes == [220, 250, 250, 250, 354, 250, 221]
    assert pair.client_lines[:4] == [
        "EHLO client.example", f"MAIL FROM:<alice@example.com> SIZE={SIZE}", f"RCPT TO:<{BOB}>",
        "DATA",
    ]
    (result,) = pair.results
    assert result.delivered == (BOB,) and result.failed == ()
    assert result.data_reply == codes.queued("Q1")
    (message,) = pair.node.messages
    assert message.content == MESSAGE
    env = message.envelope
    assert (env.helo, env.sender, env.recipients, env.esmtp, env.tls, env.auth_user) == (
        "client.example", "alice@example.com", (BOB,), True, False, None)
    assert env.params == (("SIZE", str(SIZE)),)
    assert pair.ended and pair.server.closed


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
@pytest.mark.parametrize("initial_response", [True, False])
def test_starttls_then_auth(mechanism: str, initial_response: bool) -> None:
    config = ClientConfig("laptop", starttls="required", credentials=("alice", "s3cret"),
                          auth_mechanism=mechanism, initial_response=initial_response)
    pair = SMTPPair.build(config, SUBMISSION, [txn()]).run()
    assert pair.server_started_tls and pair.server.tls_active
    assert any(isinstance(e, ClientStartTLS) for e in pair.client_events)
    assert pair.client_lines.count("EHLO laptop") == 2  # again after TLS (RFC 3207 §4.2)
    auth_line = next(line for line in pair.client_lines if line.startswith("AUTH"))
    assert (len(auth_line.split()) == 3) is initial_response
    assert 235 in pair.reply_codes
    assert (334 in pair.reply_codes) is (mechanism == "LOGIN" or not initial_response)
    (attempt,) = pair.node.auth_attempts
    assert attempt == AuthRequested(mechanism, "alice", "s3cret")
    assert pair.results[0].delivered == (BOB,)
    assert pair.node.messages[0].envelope.auth_user == "alice"
    assert pair.node.messages[0].envelope.tls


def test_login_without_initial_response_uses_both_prompts() -> None:
    config = ClientConfig("laptop", starttls="required", credentials=("alice", "s3cret"),
                          auth_mechanism="LOGIN", initial_response=False)
    pair = SMTPPair.build(config, SUBMISSION, [txn()]).run()
    replies = [chunk for who, chunk in pair.transcript if who == "S"]
    assert b"334 VXNlcm5hbWU6\r\n" in replies and b"334 UGFzc3dvcmQ6\r\n" in replies


def test_wrong_password_fails_session_with_535_and_quits() -> None:
    config = ClientConfig("laptop", starttls="required", credentials=("alice", "wrong"))
    pair = SMTPPair.build(config, SUBMISSION, [txn()]).run()
    failed = next(e for e in pair.client_events if isinstance(e, SessionFailed))
    assert failed.stage == "auth" and failed.reply == codes.AUTH_FAILED
    assert failed.pending == (txn(),)
    assert pair.client_lines[-1] == "QUIT" and pair.ended and not pair.node.messages


def test_starttls_required_but_not_offered() -> None:
    pair = SMTPPair.build(ClientConfig("c", starttls="required"), SERVER, [txn()]).run()
    failed = next(e for e in pair.client_events if isinstance(e, SessionFailed))
    assert failed.stage == "starttls" and "not offered" in failed.reason
    assert pair.client_lines == ["EHLO c", "QUIT"]


def test_opportunistic_starttls_without_offer_just_sends() -> None:
    pair = SMTPPair.build(ClientConfig("c", starttls="opportunistic"), SERVER, [txn()]).run()
    assert pair.results[0].delivered == (BOB,) and not pair.server_started_tls


def test_auth_not_offered_is_a_session_failure() -> None:
    pair = SMTPPair.build(ClientConfig("c", credentials=("alice", "s3cret")), SERVER,
                          [txn()]).run()
    failed = next(e for e in pair.client_events if isinstance(e, SessionFailed))
    assert failed.stage == "auth" and failed.reply is None


def test_pipelining_sends_mail_rcpts_and_data_in_one_write() -> None:
    node = FakeNode(local_users={BOB, "carol@example.org"})
    t = txn(MESSAGE, BOB, "carol@example.org", "nobody@example.org")
    pair = SMTPPair.build(ClientConfig("c", pipelining=True), SERVER, [t], node).run()
    writes = [chunk for who, chunk in pair.transcript if who == "C"]
    assert writes[1] == (
        f"MAIL FROM:<alice@example.com> SIZE={SIZE}\r\n".encode() + b"RCPT TO:<bob@example.org>\r\n"
        b"RCPT TO:<carol@example.org>\r\nRCPT TO:<nobody@example.org>\r\nDATA\r\n"
    )
    # ...but every reply is still its own write
    assert pair.reply_codes == [220, 250, 250, 250, 250, 550, 354, 250, 221]
    (result,) = pair.results
    assert result.delivered == (BOB, "carol@example.org")
    assert result.failed == (("nobody@example.org", codes.unknown_user("nobody@example.org")),)


def test_pipelining_with_all_recipients_refused() -> None:
    t = txn(MESSAGE, "x@example.org")
    pair = SMTPPair.build(ClientConfig("c", pipelining=True), SERVER, [t, t]).run()
    assert pair.reply_codes.count(554) == 2  # DATA: no valid recipients
    assert [r.delivered for r in pair.results] == [(), ()]
    assert not pair.node.messages


@pytest.mark.parametrize(
    "body",
    [
        b"Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n",
        b"Subject: lone dot last\r\n\r\nbefore\r\n.\r\n",
        b"Subject: no final CRLF\r\n\r\nlast line",
        b"Subject: x\r\n\r\n. \r\nmid.dle\r\n\r\n.\r\n\r\n",
    ],
)
def test_dot_stuffing_round_trip(body: bytes) -> None:
    pair = SMTPPair.build(ClientConfig("c"), SERVER, [txn(body)]).run()
    expected = body if body.endswith(b"\r\n") else body + b"\r\n"
    assert pair.node.messages[0].content == expected
    content_write = next(chunk for who, chunk in pair.transcript
                         if who == "C" and chunk.startswith(b"Subject"))
    assert content_write.endswith(b"\r\n.\r\n")
    assert b"\r\n.\r\n" not in content_write[:-3]  # no premature terminator on the wire


def test_some_recipients_refused_and_all_refused_gets_rset() -> None:
    node = FakeNode(local_users={BOB})
    transactions = [
        Transaction("mixed", "alice@example.com", (BOB, "eve@example.org"), MESSAGE),
        Transaction("none", "alice@example.com", ("eve@example.org",), MESSAGE),
        Transaction("after", "alice@example.com", (BOB,), MESSAGE),
    ]
    pair = SMTPPair.build(ClientConfig("c"), SERVER, transactions, node).run()
    mixed, none, after = pair.results
    assert mixed.delivered == (BOB,) and mixed.failed[0][1].code == 550
    assert none.delivered == () and none.data_reply is None
    assert after.delivered == (BOB,)
    assert "RSET" in pair.client_lines and pair.client_lines.count("DATA") == 2
    assert [m.envelope.recipients for m in pair.node.messages] == [(BOB,), (BOB,)]


def test_null_sender_bounce() -> None:
    pair = SMTPPair.build(ClientConfig("c"), SERVER, [txn(MESSAGE, sender="")]).run()
    assert f"MAIL FROM:<> SIZE={SIZE}" in pair.client_lines
    assert pair.node.messages[0].envelope.sender == ""


def test_sender_refused_reports_failure_for_every_recipient() -> None:
    node = FakeNode(refuse_sender=codes.reply(553, "5.7.1 Sender rejected"))
    pair = SMTPPair.build(ClientConfig("c"), SERVER, [txn()], node).run()
    (result,) = pair.results
    assert result.mail_reply.code == 553 and result.rcpt_replies == ()
    assert result.failed == ((BOB, result.mail_reply),)


def test_submission_requires_auth_without_credentials() -> None:
    pair = SMTPPair.build(ClientConfig("c", starttls="required"), SUBMISSION, [txn()]).run()
    (result,) = pair.results
    assert result.mail_reply == codes.AUTH_REQUIRED


def test_lowercase_verbs_like_smtplib_and_8bit_body() -> None:
    content = "Subject: café\r\n\r\nこんにちは\r\n".encode()
    pair = SMTPPair.build(ClientConfig("c", lowercase_verbs=True), SERVER, [txn(content)]).run()
    assert pair.client_lines[0] == "ehlo c"
    mail = f"mail FROM:<alice@example.com> size={len(content)} BODY=8BITMIME"
    assert pair.client_lines[1] == mail
    assert pair.client_lines[-1] == "quit"
    assert pair.node.messages[0].content == content
    assert pair.node.messages[0].envelope.params[1] == ("BODY", "8BITMIME")


def test_message_over_size_limit_is_refused_at_mail() -> None:
    small = ServerConfig(hostname="mx", max_message_size=10)
    pair = SMTPPair.build(ClientConfig("c"), small, [txn()]).run()
    assert pair.results[0].mail_reply == codes.MESSAGE_TOO_BIG


def test_every_event_type_reaches_the_node() -> None:
    config = ClientConfig("laptop", starttls="required", credentials=("alice", "s3cret"))
    pair = SMTPPair.build(config, SUBMISSION, [txn(), txn()]).run()
    kinds = {type(e).__name__ for e in pair.server_events}
    assert kinds == {"StartTLS", "AuthRequested", "MailFrom", "RcptTo", "MessageReceived",
                     "CloseConnection"}
    assert len(pair.node.messages) == 2 and all(isinstance(m, MessageReceived)
                                                for m in pair.node.messages)
