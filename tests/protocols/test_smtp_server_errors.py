"""Server error replies: sequence, syntax, limits, and the error budget."""

import pytest

from mailsim.protocols.smtp import CloseConnection, LoginRefused, ServerConfig, codes
from mailsim.protocols.smtp.codes import Reply
from tests.protocols.smtp_pair import FakeNode, feed, started

MX = ServerConfig(hostname="mx.example.org")


def one_reply(data: bytes, *, setup: bytes = b"EHLO c\r\n", config: ServerConfig = MX) -> Reply:
    server = started(config)
    feed(server, setup)
    (raw,) = feed(server, data)
    code, text = int(raw[:3]), raw[4:].decode().rstrip("\r\n")
    return codes.reply(code, text)


@pytest.mark.parametrize(
    ("setup", "command", "expected"),
    [
        (b"", b"MAIL FROM:<a@b.example>\r\n", codes.NEED_HELO),
        (b"", b"AUTH PLAIN\r\n", codes.NEED_HELO),
        (b"EHLO c\r\n", b"RCPT TO:<bob@example.org>\r\n", codes.NEED_MAIL),
        (b"EHLO c\r\n", b"DATA\r\n", codes.NEED_RCPT),
        (b"EHLO c\r\nMAIL FROM:<a@b.example>\r\n", b"DATA\r\n", codes.NEED_RCPT),
        (b"EHLO c\r\nMAIL FROM:<a@b.example>\r\n", b"MAIL FROM:<a@b.example>\r\n",
         codes.NESTED_MAIL),
        (b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n", b"DATA\r\n",
         codes.NO_VALID_RECIPIENTS),
        (b"EHLO c\r\nMAIL FROM:<a@b.example>\r\n", b"AUTH PLAIN\r\n",
         codes.AUTH_IN_TRANSACTION),
        (b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRSET\r\n", b"RCPT TO:<bob@example.org>\r\n",
         codes.NEED_MAIL),
        (b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nEHLO c\r\n", b"RCPT TO:<bob@example.org>\r\n",
         codes.NEED_MAIL),  # EHLO resets the transaction (RFC 5321 §4.1.4)
    ],
)
def test_sequence_errors(setup: bytes, command: bytes, expected: Reply) -> None:
    server = started(ServerConfig("mx", auth_mechanisms=("PLAIN",), starttls=True))
    feed(server, setup)
    assert feed(server, command) == [expected.to_bytes()]


def test_starttls_inside_transaction() -> None:
    config = ServerConfig("mx", starttls=True)
    assert one_reply(b"STARTTLS\r\n", setup=b"EHLO c\r\nMAIL FROM:<a@b.example>\r\n",
                     config=config) == codes.STARTTLS_IN_TRANSACTION


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (b"FOO bar\r\n", codes.UNRECOGNIZED),
        (b"\r\n", codes.UNRECOGNIZED),
        (b"EXPN staff\r\n", codes.NOT_IMPLEMENTED),
        (b"BDAT 100 LAST\r\n", codes.NOT_IMPLEMENTED),
        (b"TURN\r\n", codes.NOT_IMPLEMENTED),
        (b"MAIL FROM:<caf\xc3\xa9@b.example>\r\n", codes.BAD_ENCODING),
        (b"MAIL\r\n", codes.syntax("MAIL FROM:<address>")),
        (b"MAIL TO:<a@b.example>\r\n", codes.syntax("MAIL FROM:<address>")),
        (b"MAIL FROM:a@b.example\r\n", codes.BAD_SENDER_SYNTAX),
        (b"MAIL FROM:<a@b.example\r\n", codes.BAD_SENDER_SYNTAX),
        (b"MAIL FROM:<not an address>\r\n", codes.BAD_SENDER_SYNTAX),
        (b"MAIL FROM:<a@b.example>junk\r\n", codes.BAD_SENDER_SYNTAX),
        (b"MAIL FROM:<a@b.example> SIZE=big\r\n", codes.BAD_SIZE_SYNTAX),
        (b"MAIL FROM:<a@b.example> BODY=BINARYMIME\r\n", codes.BAD_BODY_SYNTAX),
        (b"MAIL FROM:<a@b.example> =x\r\n", codes.BAD_PARAMETER_SYNTAX),
        (b"MAIL FROM:<a@b.example> SMTPUTF8\r\n", codes.unsupported_parameter("SMTPUTF8")),
        (b"MAIL FROM:<a@b.example> SIZE=10240001\r\n", codes.MESSAGE_TOO_BIG),
        (b"EHLO\r\n", codes.syntax("EHLO hostname")),
        (b"HELO\r\n", codes.syntax("HELO hostname")),
        (b"VRFY\r\n", codes.syntax("VRFY address")),
        (b"VRFY bob\r\n", codes.VRFY_CANNOT),
        (b"NOOP\r\n", codes.OK),
        (b"mail FROM:<" + b"a" * 250 + b"@b.example>\r\n",
         codes.bad_address("a" * 250 + "@b.example", "Address too long")),
        (b"NOOP " + b"x" * 600 + b"\r\n", codes.LINE_TOO_LONG),
        (b"x" * 20000 + b"\r\n", codes.LINE_TOO_LONG),
    ],
)
def test_command_errors(command: bytes, expected: Reply) -> None:
    assert one_reply(command) == expected


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (b"RCPT TO:<>\r\n", codes.BAD_RECIPIENT_SYNTAX),
        (b"RCPT TO:bob@example.org\r\n", codes.BAD_RECIPIENT_SYNTAX),
        (b"RCPT TO:<bob@example.org> NOTIFY=NEVER\r\n", codes.unsupported_parameter("NOTIFY")),
        (b"RCPT TO:<@a.example:bob@example.org\r\n", codes.BAD_RECIPIENT_SYNTAX),
        (b"RCPT FROM:<bob@example.org>\r\n", codes.syntax("RCPT TO:<address>")),
        (b"DATA now\r\n", codes.NO_ARGUMENT_EXPECTED),
    ],
)
def test_rcpt_errors(command: bytes, expected: Reply) -> None:
    setup = b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\n"
    server = started(MX)
    feed(server, setup)
    assert feed(server, command) == [expected.to_bytes()]


def test_postmaster_without_domain_is_accepted() -> None:
    server = started(MX)
    node = FakeNode(local_users={"postmaster"})
    assert feed(server, b"EHLO c\r\nMAIL FROM:<>\r\nRCPT TO:<Postmaster>\r\n", node)[-1] == (
        b"550 5.1.1 <Postmaster>: Recipient address rejected: User unknown in local recipient"
        b" table\r\n")


def test_too_many_recipients_452() -> None:
    server = started(ServerConfig("mx", max_recipients=2))
    node = FakeNode(local_users={"a@x.example", "b@x.example", "c@x.example"})
    replies = feed(server, b"EHLO c\r\nMAIL FROM:<s@x.example>\r\nRCPT TO:<a@x.example>\r\n"
                           b"RCPT TO:<b@x.example>\r\nRCPT TO:<c@x.example>\r\n", node)
    assert replies[-1] == b"452 4.5.3 Error: too many recipients\r\n"
    assert codes.too_many_recipients() == codes.TOO_MANY_RECIPIENTS


def test_data_too_big_552_after_terminator() -> None:
    server = started(ServerConfig("mx", max_message_size=20))
    node = FakeNode()
    feed(server, b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n",
         node)
    assert feed(server, b"x" * 30 + b"\r\n", node) == []
    assert feed(server, b".\r\n", node) == [b"552 5.3.4 Message size exceeds fixed limit\r\n"]
    assert not node.messages


def test_data_line_too_long_500_after_terminator() -> None:
    server = started(MX)
    node = FakeNode()
    feed(server, b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n",
         node)
    replies = feed(server, b"ok\r\n" + b"y" * 1200 + b"\r\n.\r\nNOOP\r\n", node)
    assert replies == [codes.DATA_LINE_TOO_LONG.to_bytes(), codes.OK.to_bytes()]
    assert replies[0].startswith(b"500 5.5.0") and not node.messages


def test_dot_inside_line_does_not_end_data() -> None:
    server = started(MX)
    node = FakeNode()
    feed(server, b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n",
         node)
    assert feed(server, b"a.\r\n .\r\n..\r\n.x\r\n", node) == []
    assert feed(server, b".\r\n", node) == [codes.queued("Q1").to_bytes()]
    assert node.messages[0].content == b"a.\r\n .\r\n.\r\nx\r\n"


def test_too_many_errors_421_and_close() -> None:
    server = started(ServerConfig("mx.example.org", max_errors=3))
    replies = feed(server, b"FOO\r\nBAR\r\nBAZ\r\nNOOP\r\n")
    assert replies[-1] == b"421 4.7.0 mx.example.org Error: too many errors\r\n"
    assert len(replies) == 4 and server.closed


def test_failed_auth_counts_towards_the_error_limit() -> None:
    server = started(ServerConfig("mx", max_errors=2, auth_mechanisms=("PLAIN",)))
    feed(server, b"EHLO c\r\nFOO\r\n")
    events = server.receive_data(b"AUTH PLAIN AGFsaWNlAHdyb25n\r\n")
    assert server.auth_result(False) == [LoginRefused(1),
                                         CloseConnection(codes.too_many_errors("mx"))]
    assert [r[:3] for r in server.data_to_send()][-2:] == [b"535", b"421"]
    assert events and server.closed
