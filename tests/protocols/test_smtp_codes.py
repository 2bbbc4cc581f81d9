"""Reply values, the reply parser, command parsing and dot-stuffing."""

import pytest

from mailsim.protocols.lines import Line
from mailsim.protocols.smtp import codes, commands, dotstuff
from mailsim.protocols.smtp.codes import Reply, ReplyParser, reply
from mailsim.protocols.smtp.commands import PathCommand


def test_reply_wire_form_and_helpers() -> None:
    multi = reply(250, "a", "b", "c")
    assert multi.to_bytes() == b"250-a\r\n250-b\r\n250 c\r\n"
    assert multi.text == "a b c" and multi.is_positive
    assert codes.auth_challenge("").to_bytes() == b"334 \r\n"
    assert reply(250).to_bytes() == b"250\r\n"
    assert codes.TOO_MANY_RECIPIENTS.is_transient and codes.AUTH_FAILED.is_permanent
    assert codes.relay_denied("x@y").to_bytes() == b"554 5.7.1 <x@y>: Relay access denied\r\n"
    assert str(reply(250, "a", "b")) == "250-a | 250 b"
    # fixed replies a node may use for mailbox quota or a failed handshake
    assert codes.MAILBOX_FULL.to_bytes() == b"552 5.2.2 Mailbox full\r\n"
    assert codes.TLS_NOT_AVAILABLE.is_transient and codes.TLS_NOT_AVAILABLE.code == 454


def test_reply_parser_round_trip() -> None:
    parser = ReplyParser()
    sample = [reply(250, "mx", "SIZE 10"), codes.START_DATA, codes.auth_challenge("")]
    parser.feed(b"".join(r.to_bytes() for r in sample))
    assert [parser.next_reply() for _ in range(4)] == [*sample, None]
    parser.feed(b"250-a\r\n251 b\r\n")
    assert parser.next_reply() == "malformed"


@pytest.mark.parametrize(
    ("argument", "keyword", "expected"),
    [
        ("FROM:<a@b.example>", "FROM", PathCommand("a@b.example", ())),
        ("from: <a@b.example> size=10 body=8bitmime", "FROM",
         PathCommand("a@b.example", (("SIZE", "10"), ("BODY", "8bitmime")))),
        ("FROM:<>", "FROM", PathCommand("", ())),
        ("TO:<@a,@b:u@d.example>", "TO", PathCommand("u@d.example", ())),
        ('TO:<"john smith"@d.example>', "TO", PathCommand('"john smith"@d.example', ())),
        ("TO:<u@[192.0.2.1]>", "TO", PathCommand("u@[192.0.2.1]", ())),
        ("TO:<>", "TO", codes.BAD_RECIPIENT_SYNTAX),
        ("TO:<a..b@d.example>", "TO", codes.BAD_RECIPIENT_SYNTAX),
        ("TO:<a@-bad-.example>", "TO", codes.BAD_RECIPIENT_SYNTAX),
    ],
)
def test_parse_path_command(argument: str, keyword: str, expected: PathCommand | Reply) -> None:
    assert commands.parse_path_command(argument, keyword) == expected


def test_parse_command_and_auth_argument() -> None:
    assert commands.parse_command("  ehlo  host ") == commands.Command("EHLO", "host")
    assert commands.parse_command("12 x") is None
    assert commands.split_auth_argument("plain abc=") == ("PLAIN", "abc=")
    assert commands.split_auth_argument("PLAIN a b") is None
    assert commands.decode_line(b"\xff") is None


def test_stuff_and_unstuff() -> None:
    body = b".a\r\nb\r\n.\r\n..\r\nlast"
    wire = dotstuff.stuff(body)
    assert wire == b"..a\r\nb\r\n..\r\n...\r\nlast\r\n.\r\n"
    assert dotstuff.unstuff(wire) == body + b"\r\n"
    assert dotstuff.stuff(b"") == b".\r\n"
    assert dotstuff.normalize_line_endings(b"a\nb\r\n") == b"a\r\nb\r\n"


def test_message_collector() -> None:
    collector = dotstuff.MessageCollector(max_size=100)
    assert not collector.add(Line(b"..x"))
    assert not collector.add(Line(b"zzz", overlong=True))
    assert collector.add(Line(b"."))
    assert collector.line_too_long and collector.content == b".x\r\n"


def test_reply_code_digits_are_ascii_only() -> None:
    """'2²3' is not a reply code ('²' is a Unicode digit, not an ASCII one): the
    parser says malformed instead of raising on it."""
    parser = ReplyParser()
    parser.feed("2²3 hi\r\n".encode())
    assert parser.next_reply() == "malformed"
    parser.feed(b"250-first\r\n250 last\r\n")
    assert parser.next_reply() == Reply(250, ("first", "last"))


def test_reply_wire_form() -> None:
    assert Reply(250, ("2.0.0 Ok",)).to_bytes() == b"250 2.0.0 Ok\r\n"
    assert Reply(250, ("a", "b")).to_bytes() == b"250-a\r\n250 b\r\n"
    assert Reply(334, ("",)).to_bytes() == b"334 \r\n"
    assert Reply(221, ()).to_bytes() == b"221\r\n"
