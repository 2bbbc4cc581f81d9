"""The live layer's limits on their own: which reply is a failed login, the delay, the caps."""

from __future__ import annotations

import pytest

from mailsim.live.dialogue import Dialogue
from mailsim.live.limits import Clients, Limits, LoginWatch, goodbye, literal_size

# (protocol, [(client line or None, server reply, expected outcome)])
DIALOGUES = [
    ("SMTP", [(b"AUTH FOO\r\n", b"504 5.5.4 Unrecognized authentication type", None)]),
    ("SMTP", [(b"AUTH LOGIN\r\n", b"334 VXNlcm5hbWU6", None), (b"Ym9i\r\n", b"334 UGFzcw==", None),
              (b"eA==\r\n", b"535 5.7.8 Authentication credentials invalid", True)]),
    ("SMTP", [(b"AUTH PLAIN AGJvYgB4\r\n", b"235 2.7.0 Authentication successful", False)]),
    ("SMTP", [(b"RCPT TO:<x@example.jp>\r\n", b"550 5.1.1 User unknown", None)]),
    ("POP3", [(b"AUTH\r\n", b"+OK mechanisms follow", None),  # a listing, not a login
              (b"USER bob\r\n", b"+OK", None), (b"PASS x\r\n", b"-ERR [AUTH] Invalid login", True)]),
    ("POP3", [(b"APOP bob 0123\r\n", b"+OK maildrop locked", False)]),
    ("IMAP", [(b"a1 LOGIN bob x\r\n", b"* CAPABILITY IMAP4rev1", None),
              (None, b"a1 NO [AUTHENTICATIONFAILED] Invalid credentials", True)]),
    ("IMAP", [(b"a2 login bob y\r\n", b"a2 OK LOGIN completed", False)]),
    ("IMAP", [(b"a3 SELECT INBOX\r\n", b"a3 NO no such mailbox", None)]),
]


@pytest.mark.parametrize(("protocol", "steps"), DIALOGUES)
def test_a_failed_login_is_told_from_other_replies(
        protocol: str, steps: list[tuple[bytes | None, bytes, bool | None]]) -> None:
    watch = LoginWatch(protocol)
    for line, reply, expected in steps:
        if line is not None:
            watch.client_line(line)
        assert watch.failed(reply) is expected


def test_the_delay_doubles_up_to_its_cap() -> None:
    limits = Limits(login_failure_delay=2.0, max_login_failure_delay=16.0)
    assert [limits.login_delay(n) for n in range(7)] == [0.0, 2.0, 4.0, 8.0, 16.0, 16.0, 16.0]


def test_failures_are_counted_per_address_and_reset_by_a_success() -> None:
    clients = Clients()
    assert [clients.login_failed("127.0.0.1") for _ in range(3)] == [1, 2, 3]
    assert clients.login_failed("127.0.0.2") == 1
    clients.login_succeeded("127.0.0.1")
    assert clients.login_failed("127.0.0.1") == 1


def test_a_dialogue_delays_only_failed_logins_and_cuts_out_the_body() -> None:
    dialogue = Dialogue("SMTP", "127.0.0.1", Limits(login_failure_delay=1.0), Clients())
    dialogue.units(b"AUTH PLAIN AGJvYgB4\r\n")
    assert dialogue.reply(b"535 5.7.8 Authentication credentials invalid\r\n") == 1.0
    dialogue.units(b"AUTH PLAIN AGJvYgB4\r\n")
    assert dialogue.reply(b"535 5.7.8 Authentication credentials invalid\r\n") == 2.0
    assert dialogue.reply(b"250 2.1.0 Ok\r\n") == 0.0
    assert dialogue.reply(b"354 End data with <CR><LF>.<CR><LF>\r\n") == 0.0
    assert dialogue.units(b"Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n") == [
        (b"Subject: x\r\n\r\nbody\r\n", True), (b".\r\nQUIT\r\n", False)]
    assert dialogue.units(b"NOOP\r\n") == [(b"NOOP\r\n", False)]


@pytest.mark.parametrize(("line", "size"), [(b"a1 LOGIN {999999999}\r\n", 999_999_999),
                                            (b"a1 LOGIN {12+}\r\n", 12), (b"a1 NOOP\r\n", 0),
                                            (b"a1 LOGIN {5} x\r\n", 0)])
def test_the_literal_a_line_announces(line: bytes, size: int) -> None:
    assert literal_size(line) == size


def test_goodbyes_name_the_server_and_are_empty_where_the_protocol_has_none() -> None:
    assert goodbye("deadline", "SMTP", "mx.example.jp") == (
        b"421 4.4.2 mx.example.jp Error: timeout exceeded\r\n")
    assert goodbye("too long", "IMAP", "mx.example.jp") == b"* BYE Line or literal too long\r\n"
    assert goodbye("deadline", "DNS", "dns.example.net") == b""
