"""The live layer's limits on their own: the login delay per address, the body, literals, goodbyes."""

from __future__ import annotations

import pytest

from mailsim.live.dialogue import Dialogue
from mailsim.live.limits import Clients, Limits, goodbye, literal_size


def test_the_delay_doubles_up_to_its_cap() -> None:
    limits = Limits(login_failure_delay=2.0, max_login_failure_delay=16.0)
    assert [limits.login_delay(n) for n in range(7)] == [0.0, 2.0, 4.0, 8.0, 16.0, 16.0, 16.0]


def test_failures_are_counted_per_address_and_reset_by_a_success() -> None:
    clients = Clients()
    assert [clients.login_failed("127.0.0.1") for _ in range(3)] == [1, 2, 3]
    assert clients.login_failed("127.0.0.2") == 1
    clients.login_succeeded("127.0.0.1")
    assert clients.login_failed("127.0.0.1") == 1


class Engine:
    """What the dialogue reads of a server engine: who is logged in."""

    def __init__(self, attribute: str) -> None:
        setattr(self, attribute, None)


@pytest.mark.parametrize(("protocol", "attribute"), [("SMTP", "authenticated_user"),
                                                     ("POP3", "user"), ("IMAP", "user")])
def test_refusals_grow_the_delay_until_a_login_from_the_address_succeeds(
        protocol: str, attribute: str) -> None:
    clients = Clients()
    limits = Limits(login_failure_delay=1.0, max_login_failure_delay=3.0)
    first = Dialogue(protocol, "127.0.0.1", limits, clients)
    assert [first.login_refused() for _ in range(3)] == [1.0, 2.0, 3.0]
    engine = Engine(attribute)
    first.reply(b"+OK\r\n", engine)  # nobody logged in yet: nothing forgotten
    later = Dialogue(protocol, "127.0.0.1", limits, clients)
    assert later.login_refused() == 3.0  # a new connection keeps the address's count
    setattr(engine, attribute, "bob@example.jp")
    later.reply(b"+OK logged in\r\n", engine)
    assert Dialogue(protocol, "127.0.0.1", limits, clients).login_refused() == 1.0


def test_the_body_runs_from_354_to_the_lone_dot() -> None:
    dialogue = Dialogue("SMTP", "127.0.0.1", Limits(), Clients())
    assert dialogue.units(b"MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n") == [
        (b"MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n", False)]
    dialogue.reply(b"250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n", None)
    assert dialogue.units(b"Subject: x\r\n\r\n..dot\r\nbody\r\n.\r\nQUIT\r\n") == [
        (b"Subject: x\r\n\r\n..dot\r\nbody\r\n", True), (b".\r\nQUIT\r\n", False)]
    assert dialogue.units(b"NOOP\r\n") == [(b"NOOP\r\n", False)]


@pytest.mark.parametrize(("line", "size"), [(b"a1 LOGIN {999999999}\r\n", 999_999_999),
                                            (b"a1 LOGIN {12+}\r\n", 12), (b"a1 NOOP\r\n", 0),
                                            (b"a1 LOGIN {5} x\r\n", 0),
                                            (b"a1 LOGIN {" + b"9" * 5000 + b"}\r\n", 10**18),
                                            (b"a1 LOGIN {000000000000000000000007}\r\n", 7)])
def test_the_literal_a_line_announces(line: bytes, size: int) -> None:
    assert literal_size(line) == size


def test_goodbyes_name_the_server_and_are_empty_where_the_protocol_has_none() -> None:
    assert goodbye("deadline", "SMTP", "mx.example.jp") == (
        b"421 4.4.2 mx.example.jp Error: timeout exceeded\r\n")
    assert goodbye("too long", "IMAP", "mx.example.jp") == b"* BYE Line or literal too long\r\n"
    assert goodbye("deadline", "DNS", "dns.example.net") == b""
