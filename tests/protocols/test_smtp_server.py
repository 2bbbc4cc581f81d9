"""Raw-bytes server tests, with the exact lines Python's smtplib and mutt send."""

import base64

from mailsim.protocols.smtp import (
    AuthRequested,
    CloseConnection,
    MailFrom,
    MessageReceived,
    RcptTo,
    ServerConfig,
    ServerState,
    SMTPServer,
    StartTLS,
    codes,
)
from tests.protocols.smtp_pair import FakeNode, feed, started

MX = ServerConfig(hostname="mx.example.org")
SUBMIT = ServerConfig(hostname="smtp.example.com", submission=True,
                      auth_mechanisms=("PLAIN", "LOGIN"))
USER_B64 = base64.b64encode(b"alice").decode()
PASS_B64 = base64.b64encode(b"s3cret").decode()
PLAIN_B64 = base64.b64encode(b"\0alice\0s3cret").decode()


def codes_of(replies: list[bytes]) -> list[int]:
    return [int(r[:3]) for r in replies]


def test_greeting_and_ehlo_reply_lines() -> None:
    server = SMTPServer(ServerConfig("mx.example.org", starttls=True,
                                     auth_mechanisms=("PLAIN", "LOGIN")))
    server.start()
    assert server.data_to_send() == [b"220 mx.example.org ESMTP mailsim\r\n"]
    assert feed(server, b"ehlo [127.0.0.1]\r\n") == [
        b"250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n"
        b"250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n"
    ]
    assert feed(server, b"helo client\r\n") == [b"250 mx.example.org\r\n"]


def test_smtplib_sendmail_dialogue() -> None:
    """smtplib.sendmail(): ehlo, mail FROM:<..> size=N, rcpt TO:<..>, data, quit."""
    server = started(MX)
    node = FakeNode()
    assert codes_of(feed(server, b"ehlo client.local\r\n", node)) == [250]
    assert feed(server, b"mail FROM:<alice@example.com> size=17\r\n", node) == [
        codes.OK_MAIL.to_bytes()]
    assert feed(server, b"rcpt TO:<bob@example.org>\r\n", node) == [codes.OK_RCPT.to_bytes()]
    assert feed(server, b"data\r\n", node) == [
        b"354 End data with <CR><LF>.<CR><LF>\r\n"]
    assert feed(server, b"Subject: x\r\n\r\n..hi\r\n.\r\n", node) == [
        b"250 2.0.0 Ok: queued as Q1\r\n"]
    message = node.messages[0]
    assert message.content == b"Subject: x\r\n\r\n.hi\r\n"
    assert message.envelope.params == (("SIZE", "17"),)
    assert feed(server, b"quit\r\n", node) == [b"221 2.0.0 Bye\r\n"]
    assert server.closed


def test_events_are_pending_until_respond() -> None:
    server = started(MX)
    server.receive_data(b"EHLO c\r\n")
    events = server.receive_data(b"MAIL FROM:<a@b.example> BODY=8BITMIME\r\nNOOP\r\n")
    assert events == [MailFrom("a@b.example", (("BODY", "8BITMIME"),))]
    assert server.pending == events[0] and len(server.data_to_send()) == 1  # EHLO reply only
    assert server.respond(codes.OK_MAIL) == []
    assert server.data_to_send() == [codes.OK_MAIL.to_bytes(), codes.OK.to_bytes()]
    assert server.state is ServerState.MAIL


def test_smtplib_auth_plain_and_login_with_initial_response() -> None:
    for command in (f"AUTH PLAIN {PLAIN_B64}\r\n",):
        server = started(SUBMIT)
        feed(server, b"ehlo c\r\n")
        assert feed(server, command.encode()) == [codes.AUTH_OK.to_bytes()]
        assert server.authenticated_user == "alice"
    server = started(SUBMIT)
    feed(server, b"ehlo c\r\n")
    assert feed(server, f"AUTH LOGIN {USER_B64}\r\n".encode()) == [b"334 UGFzc3dvcmQ6\r\n"]
    assert feed(server, f"{PASS_B64}\r\n".encode()) == [
        b"235 2.7.0 Authentication successful\r\n"]


def test_auth_plain_without_initial_response_and_mutt_authzid() -> None:
    server = started(SUBMIT)
    feed(server, b"EHLO mutt\r\n")
    assert feed(server, b"AUTH PLAIN\r\n") == [b"334 \r\n"]
    mutt = base64.b64encode(b"alice\0alice\0s3cret")
    events = server.receive_data(mutt + b"\r\n")
    assert events == [AuthRequested("PLAIN", "alice", "s3cret")]
    assert server.auth_result(True) == []
    assert server.data_to_send() == [codes.AUTH_OK.to_bytes()]
    assert feed(server, b"AUTH PLAIN " + mutt + b"\r\n") == [codes.ALREADY_AUTHENTICATED.to_bytes()]


def test_auth_login_without_initial_response() -> None:
    server = started(SUBMIT)
    feed(server, b"EHLO c\r\n")
    assert feed(server, b"AUTH LOGIN\r\n") == [b"334 VXNlcm5hbWU6\r\n"]
    assert feed(server, USER_B64.encode() + b"\r\n") == [b"334 UGFzc3dvcmQ6\r\n"]
    assert feed(server, b"d3Jvbmc=\r\n") == [
        b"535 5.7.8 Error: authentication failed\r\n"]
    assert server.authenticated_user is None and server.state is ServerState.READY


def test_auth_errors() -> None:
    server = started(SUBMIT)
    feed(server, b"EHLO c\r\n")
    assert feed(server, b"AUTH LOGIN\r\n*\r\n") == [
        b"334 VXNlcm5hbWU6\r\n", b"501 5.7.0 Authentication cancelled\r\n"]
    assert feed(server, b"AUTH PLAIN !!!!\r\n") == [b"501 5.5.2 Cannot decode response\r\n"]
    assert feed(server, b"AUTH PLAIN =\r\n") == [codes.AUTH_FAILED.to_bytes()]  # RFC 4954 §4
    other = base64.b64encode(b"bob\0alice\0pw").decode()
    assert feed(server, f"AUTH PLAIN {other}\r\n".encode()) == [
        codes.AUTH_CANNOT_DECODE.to_bytes()]
    assert feed(server, b"AUTH CRAM-MD5\r\n") == [
        b"504 5.5.4 Unrecognized authentication type\r\n"]
    assert codes_of(feed(server, b"AUTH\r\n")) == [501]
    server = started(MX)
    feed(server, b"EHLO c\r\n")
    assert feed(server, b"AUTH PLAIN\r\n") == [codes.AUTH_NOT_ENABLED.to_bytes()]


def test_auth_requires_tls_then_starttls_resets_session() -> None:
    config = ServerConfig("smtp", submission=True, starttls=True, auth_mechanisms=("PLAIN",),
                          auth_requires_tls=True)
    server = started(config)
    ehlo = feed(server, b"EHLO c\r\n")[0]
    assert b"STARTTLS" in ehlo and b"AUTH" not in ehlo
    assert feed(server, f"AUTH PLAIN {PLAIN_B64}\r\n".encode()) == [
        codes.ENCRYPTION_REQUIRED.to_bytes()]
    assert feed(server, b"MAIL FROM:<a@b.c>\r\n") == [codes.TLS_REQUIRED.to_bytes()]
    assert codes_of(feed(server, b"STARTTLS now\r\n")) == [501]
    assert server.receive_data(b"STARTTLS\r\nMAIL FROM:<injected@evil>\r\n") == [StartTLS()]
    assert server.data_to_send() == [b"220 2.0.0 Ready to start TLS\r\n"]
    assert server.receive_data(b"EHLO again\r\n") == []  # held until the handshake
    assert server.data_to_send() == []
    assert server.tls_established() == []
    (ehlo,) = server.data_to_send()
    assert b"STARTTLS" not in ehlo and b"AUTH PLAIN" in ehlo
    assert server.tls_active
    assert feed(server, b"STARTTLS\r\n") == [codes.TLS_ALREADY_ACTIVE.to_bytes()]
    assert feed(server, b"MAIL FROM:<a@b.c>\r\n") == [codes.AUTH_REQUIRED.to_bytes()]


def test_an_unknown_mechanism_is_504_even_where_auth_waits_for_tls() -> None:
    """RFC 4954 §4: 504 for a mechanism the server lacks; §6: 538 only for one it has."""
    config = ServerConfig("smtp", submission=True, starttls=True, auth_mechanisms=("PLAIN",),
                          auth_requires_tls=True)
    server = started(config)
    feed(server, b"EHLO c\r\n")
    assert feed(server, b"AUTH FOO\r\n") == [codes.UNRECOGNIZED_AUTH.to_bytes()]
    assert codes_of(feed(server, b"AUTH FOO\r\n")) == [504]
    assert codes_of(feed(server, b"AUTH PLAIN\r\n")) == [538]
    assert codes_of(feed(server, b"AUTH\r\n")) == [501]


def test_starttls_resets_helo_so_ehlo_is_needed_again() -> None:
    server = started(ServerConfig("mx", starttls=True))
    feed(server, b"EHLO c\r\nSTARTTLS\r\n")
    server.tls_established()
    assert feed(server, b"MAIL FROM:<a@b.c>\r\n") == [codes.NEED_HELO.to_bytes()]
    server = started(MX)
    assert feed(server, b"EHLO c\r\nSTARTTLS\r\n")[1] == codes.NOT_IMPLEMENTED.to_bytes()


def test_submission_530_before_auth() -> None:
    server = started(SUBMIT)
    feed(server, b"ehlo c\r\n")
    assert feed(server, b"mail FROM:<alice@example.com>\r\n") == [
        b"530 5.7.0 Authentication required\r\n"]


def test_pipelined_commands_get_one_reply_each_in_order() -> None:
    server = started(MX)
    replies = feed(server, b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\n"
                           b"RCPT TO:<x@example.org>\r\nDATA\r\n")
    assert codes_of(replies) == [250, 250, 250, 550, 354]
    assert codes_of(feed(server, b"hello\r\n.\r\nNOOP\r\nRSET\r\nVRFY bob\r\nHELP\r\n")) == [
        250, 250, 250, 252, 214]


def test_split_lines_across_buffers() -> None:
    server = started(MX)
    data = b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nx\r\n.\r\n"
    replies: list[bytes] = []
    node = FakeNode()
    for i in range(len(data)):
        replies += feed(server, data[i : i + 1], node)
    assert codes_of(replies) == [250, 250, 250, 354, 250]
    assert node.messages[0].content == b"x\r\n"


def test_bare_lf_is_tolerated_in_commands_but_only_crlf_dot_crlf_ends_data() -> None:
    server = started(MX)
    node = FakeNode()
    replies = feed(server, b"EHLO c\nMAIL FROM:<a@b.example>\nRCPT TO:<bob@example.org>\nDATA\n"
                           b"line\n.\n", node)
    assert codes_of(replies) == [250, 250, 250, 354]  # "\n.\n" is text (RFC 5321 §4.1.1.4)
    replies = feed(server, b"end\r\n.\r\n", node)
    assert codes_of(replies) == [250]
    assert node.messages[0].content == b"line\r\n\r\nend\r\n"


def test_null_sender_source_route_and_space_after_colon() -> None:
    server = started(MX)
    feed(server, b"EHLO c\r\n")
    assert server.receive_data(b"MAIL FROM:<>\r\n") == [MailFrom("", ())]
    server.respond(codes.OK_MAIL)
    assert server.receive_data(b"RCPT TO: <@relay.example,@b.example:bob@example.org>\r\n") == [
        RcptTo("bob@example.org", ())]
    server.respond(codes.will_forward("bob@example.org"))
    assert server.data_to_send()[-1] == (
        b"251 2.1.5 User not local; will forward to <bob@example.org>\r\n")
    assert server.state is ServerState.RCPT


def test_message_events_carry_envelope_and_reset_transaction() -> None:
    server = started(MX)
    node = FakeNode()
    feed(server, b"HELO old\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n",
         node)
    events = server.receive_data(b"hi\r\n.\r\n")
    assert isinstance(events[0], MessageReceived) and not events[0].envelope.esmtp
    server.respond(codes.MAILBOX_FULL_TRANSIENT)
    assert server.data_to_send()[-1] == b"452 4.2.2 Mailbox full\r\n"
    assert feed(server, b"RCPT TO:<bob@example.org>\r\n") == [codes.NEED_MAIL.to_bytes()]


def test_respond_with_421_closes() -> None:
    server = started(MX)
    server.receive_data(b"EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
    events = server.respond(codes.reply(421, "4.3.2 Shutting down"))
    assert events == [CloseConnection(codes.reply(421, "4.3.2 Shutting down"))]
    assert server.closed and server.receive_data(b"NOOP\r\n") == []


def test_connection_lost_discards_transaction() -> None:
    server = started(MX)
    feed(server, b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nhalf")
    server.connection_lost()
    assert server.closed and server.pending is None and server.receive_data(b".\r\n") == []
