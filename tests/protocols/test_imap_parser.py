"""The command grammar: unit assembly with literals, tokens, sequence sets, FETCH items."""

import pytest

from mailsim.protocols.imap import fetch, mime
from mailsim.protocols.imap.parser import (
    ParseError,
    in_set,
    parse_command,
    parse_sequence_set,
    split_tag,
    tokenize,
)
from mailsim.protocols.imap.reader import LiteralAnnounced, Overlong, Unit, UnitReader


def test_reader_assembles_literals() -> None:
    reader = UnitReader(100, 50, announce=True)
    reader.feed(b"a LOGIN {3}\r\nbo")
    assert reader.next() == LiteralAnnounced(b"a LOGIN {3}", 3)
    assert reader.next() is None
    reader.feed(b"b {2+}\r\npw\r\nb NOOP\n")
    assert reader.next() == Unit(b"a LOGIN {3} {2+}", (b"bob", b"pw"), (11, 16))
    assert reader.next() == Unit(b"b NOOP")


def test_reader_bounds() -> None:
    reader = UnitReader(20, 10, announce=True)
    reader.feed(b"a NOOP " + b"x" * 40)
    assert reader.next() is None
    reader.feed(b"yy\r\nb NOOP\r\n")
    assert reader.next() == Overlong(b"a NOOP " + b"x" * 13, "line")
    assert reader.next() == Unit(b"b NOOP")
    reader.feed(b"c X {11}\r\n")
    assert reader.next() == Overlong(b"c X {11}", "literal")


def test_tokens() -> None:
    assert tokenize(b'INBOX "a \\"q\\"" (\\Seen $K) NIL () BODY[HEADER.FIELDS (A B)]<0.5>') == [
        "INBOX", b'a "q"', ("\\Seen", "$K"), "NIL", (), "BODY[HEADER.FIELDS (A B)]<0.5>"]
    for bad in (b'"open', b"(a", b")", b'"bad \\x"', b"{3}", b"a{", b"((((((((((((((((((x"):
        with pytest.raises(ParseError):
            tokenize(bad)


def test_command_split() -> None:
    command = parse_command(Unit(b"A1 uid fetch 1:* (FLAGS)"))
    assert (command.tag, command.name, command.args) == ("A1", "UID", ("fetch", "1:*", ("FLAGS",)))
    assert split_tag(b"+x NOOP") is None and split_tag(b"* NOOP") is None
    assert split_tag(b"ABCD1 NOOP") == "ABCD1"


def test_sequence_sets() -> None:
    ranges = parse_sequence_set("1,3:4,7:*")
    assert [n for n in range(1, 10) if in_set(n, ranges, 9)] == [1, 3, 4, 7, 8, 9]
    assert in_set(5, parse_sequence_set("99:*"), 5)  # n:* holds the largest
    for bad in ("0", "1:", "a", "1::2", "", "4294967296"):
        with pytest.raises(ParseError):
            parse_sequence_set(bad)


def test_fetch_items() -> None:
    items = fetch.parse_items([("BODY.PEEK[1.MIME]", "body[text]<5.10>", "RFC822.TEXT")])
    assert [(i.name, i.sets_seen) for i in items] == [
        ("BODY[1.MIME]", False), ("BODY[TEXT]<5>", True), ("RFC822.TEXT", True)]
    for bad in ("BODY[MIME]", "BODY[HEADER.FIELDS]", "BODY[]<0.0>", "BODY[FOO]", "BOGUS"):
        with pytest.raises(ParseError):
            fetch.parse_items([bad])


MULTIPART = (b"From: a@b\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\npreamble\r\n"
             b"--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
             b"--XX\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hi</p>\r\n--XX--\r\n")


def test_mime_parts_and_bodystructure() -> None:
    assert mime.part(MULTIPART, "1", "") == b"hello"
    assert mime.part(MULTIPART, "2", "MIME") == b"Content-Type: text/html; charset=utf-8\r\n\r\n"
    assert mime.part(MULTIPART, "3", "") is None
    assert mime.part(b"Subject: x\r\n\r\nbody\r\n", "1", "") == b"body\r\n"
    assert mime.bodystructure(MULTIPART) == (
        b'(("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 5 1)'
        b'("TEXT" "HTML" ("CHARSET" "utf-8") NIL NIL "7BIT" 9 1) "MIXED")')
