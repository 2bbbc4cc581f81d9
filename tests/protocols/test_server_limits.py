"""Issue 11: one recipient per mailbox, the SMTP hard error limit, and the cap on failed logins.

The engines alone (no SimPy): a repeated RCPT is answered but kept once, refused
RCPTs count towards the 421, and a third wrong password closes SMTP, POP3 and IMAP
connections alike, each failure reported as a ``LoginRefused`` event.
"""

from __future__ import annotations

import base64
from typing import Any

from mailsim.protocols import imap, pop3
from mailsim.protocols.smtp import CloseConnection, LoginRefused, ServerConfig, codes
from mailsim.protocols.smtp.commands import mailbox_key
from tests.protocols import imap_pair, pop3_pair, pump
from tests.protocols.smtp_pair import FakeNode, feed, started

MX = ServerConfig("mx.example.org")
TXN = b"EHLO c\r\nMAIL FROM:<a@b.example>\r\n"


def test_mailbox_key_domain_in_any_case_local_part_exact() -> None:
    assert mailbox_key("bob@EXAMPLE.org") == mailbox_key("bob@example.ORG")
    assert mailbox_key("Bob@example.org") != mailbox_key("bob@example.org")
    assert mailbox_key("postmaster") == ("postmaster", "")
    assert mailbox_key('"a@b"@example.org') == ('"a@b"', "example.org")


def test_150_same_rcpt_are_all_250_and_one_recipient() -> None:
    server, node = started(MX), FakeNode()
    feed(server, TXN, node)
    replies = feed(server, b"RCPT TO:<bob@example.org>\r\n" * 150, node)
    assert replies == [codes.OK_RCPT.to_bytes()] * 150
    feed(server, b"DATA\r\nSubject: x\r\n\r\nhi\r\n.\r\n", node)
    assert [m.envelope.recipients for m in node.messages] == [("bob@example.org",)]


def test_domain_case_variant_is_the_same_mailbox_local_part_is_not() -> None:
    server, node = started(MX), FakeNode()
    feed(server, TXN, node)
    replies = feed(server, b"RCPT TO:<bob@example.org>\r\nRCPT TO:<bob@EXAMPLE.ORG>\r\n"
                           b"RCPT TO:<Bob@example.org>\r\n", node)
    # The third is another mailbox: the node is asked, and it has no such user.
    assert [r[:3] for r in replies] == [b"250", b"250", b"550"]
    feed(server, b"DATA\r\n\r\nhi\r\n.\r\n", node)
    assert node.messages[0].envelope.recipients == ("bob@example.org",)


def test_a_repeat_in_the_next_transaction_counts_again() -> None:
    server, node = started(MX), FakeNode()
    feed(server, TXN + b"RCPT TO:<bob@example.org>\r\nRSET\r\nMAIL FROM:<a@b.example>\r\n"
                       b"RCPT TO:<bob@example.org>\r\nDATA\r\n\r\nhi\r\n.\r\n", node)
    assert node.messages[0].envelope.recipients == ("bob@example.org",)


def test_refused_rcpts_reach_the_hard_error_limit() -> None:
    assert MX.max_errors == 20  # Postfix's smtpd_hard_error_limit
    server, node = started(MX), FakeNode()
    feed(server, TXN, node)
    replies = feed(server, b"".join(b"RCPT TO:<u%d@example.org>\r\n" % n for n in range(25)),
                   node)
    assert [r[:3] for r in replies] == [b"550"] * 20 + [b"421"]
    assert replies[-1] == b"421 4.7.0 mx.example.org Error: too many errors\r\n"
    assert server.closed


def test_refused_mail_from_counts_too() -> None:
    server = started(ServerConfig("mx", max_errors=2))
    node = FakeNode(refuse_sender=codes.reply(550, "5.7.1 no"))
    replies = feed(server, b"EHLO c\r\nMAIL FROM:<a@b>\r\nMAIL FROM:<a@b>\r\nNOOP\r\n", node)
    assert [r[:3] for r in replies] == [b"250", b"550", b"550", b"421"]
    assert server.closed


def smtp_auth(server: Any, node: FakeNode, password: bytes) -> tuple[list[bytes], list[Any]]:
    events: list[Any] = []
    token = base64.b64encode(b"\0alice\0" + password)
    replies = pump.feed(server, b"AUTH PLAIN " + token + b"\r\n",
                        lambda event: node.decide(server, event), events)
    return replies, events


def test_third_failed_smtp_auth_closes_with_421() -> None:
    server = started(ServerConfig("mx", auth_mechanisms=("PLAIN",)))
    node = FakeNode()
    feed(server, b"EHLO c\r\n", node)
    seen: list[tuple[list[bytes], list[Any]]] = []
    for _ in range(3):
        replies, events = smtp_auth(server, node, b"wrong")
        seen.append(([r[:3] for r in replies], [e for e in events
                                                 if isinstance(e, LoginRefused | CloseConnection)]))
    assert seen[0] == ([b"535"], [LoginRefused(1)])
    assert seen[1] == ([b"535"], [LoginRefused(2)])
    assert seen[2] == ([b"535", b"421"], [LoginRefused(3),
                                          CloseConnection(codes.too_many_errors("mx"))])
    assert server.closed


def test_two_failures_then_the_right_password_logs_in() -> None:
    server = started(ServerConfig("mx", auth_mechanisms=("PLAIN",)))
    node = FakeNode()
    feed(server, b"EHLO c\r\n", node)
    smtp_auth(server, node, b"wrong")
    smtp_auth(server, node, b"wrong")
    replies, _ = smtp_auth(server, node, b"s3cret")
    assert replies[0][:3] == b"235" and server.authenticated_user == "alice"


def test_third_wrong_pop3_pass_ends_the_connection() -> None:
    server, node = pop3_pair.started(), pop3_pair.FakeNode()
    events: list[Any] = []
    replies: list[bytes] = []
    for _ in range(3):
        replies += pump.feed(server, b"USER bob\r\nPASS nope\r\n",
                             lambda event: node.decide(server, event), events)
    assert [r[:4] for r in replies] == [b"+OK ", b"-ERR"] * 3
    assert replies[-1] == pop3.codes.TOO_MANY_FAILURES.to_bytes()
    assert [e for e in events if isinstance(e, pop3.LoginRefused)] == [
        pop3.LoginRefused(1), pop3.LoginRefused(2), pop3.LoginRefused(3)]
    assert isinstance(events[-1], pop3.CloseConnection) and server.closed
    assert pump.feed(server, b"USER bob\r\nPASS secret\r\n",
                     lambda event: node.decide(server, event)) == []


def test_wrong_apop_counts_as_a_failed_login() -> None:
    config = pop3.POP3ServerConfig("mx.example.jp", pop3_pair.TIMESTAMP, max_failed_logins=1)
    server, node = pop3_pair.started(config), pop3_pair.FakeNode()
    replies = pop3_pair.feed(server, b"APOP bob " + b"0" * 32 + b"\r\n", node)
    assert replies == [pop3.codes.TOO_MANY_FAILURES.to_bytes()] and server.closed


def test_third_wrong_imap_login_says_bye() -> None:
    session = imap_pair.started(imap_pair.mailbox())
    first = session.text(b'a1 LOGIN bob "nope"\r\na2 LOGIN bob "nope"\r\n')
    assert first.count("NO [AUTHENTICATIONFAILED]") == 2
    last = session.text(b'a3 LOGIN bob "nope"\r\n')
    assert last == ("a3 NO [AUTHENTICATIONFAILED] Invalid credentials\r\n"
                    f"* BYE {imap.codes.TOO_MANY_FAILURES}\r\n")
    events = [e for e in session.take_events() if not isinstance(e, imap.LoginRequested)]
    assert events == [imap.LoginRefused(1), imap.LoginRefused(2), imap.LoginRefused(3),
                      imap.CloseConnection()]
    assert session.server.closed


def test_client_reports_refusals_before_the_421_so_a_retry_does_not_repeat_them() -> None:
    from mailsim.protocols.smtp import ClientConfig, SessionFailed, Transaction
    from tests.protocols.smtp_pair import SMTPPair

    recipients = tuple(f"u{n}@example.org" for n in range(25))
    txn = Transaction("t1", "a@b.example", recipients, b"Subject: x\r\n\r\nhi\r\n")
    pair = SMTPPair.build(ClientConfig("c"), MX, [txn]).run()
    [result] = pair.results
    codes_by_rcpt = [reply.code for _, reply in result.rcpt_replies]
    assert codes_by_rcpt == [550] * 20 and result.data_reply is not None
    assert result.data_reply.code == 421 and result.delivered == ()
    # The transaction is reported once, by its result, not again as unfinished.
    failed = [e for e in pair.client_events if isinstance(e, SessionFailed)]
    assert [f.pending for f in failed] == [()] and pair.ended
