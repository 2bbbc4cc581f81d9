"""The fast paths for dot-terminated blocks that arrive whole (SMTP DATA text,
MessageCollector.take_text; a POP3 RETR body) give exactly what reading them line after
line gives: the same octets, content, size and verdict, or nothing at all."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.protocols.lines import LineReader
from mailsim.protocols.pop3 import POP3Client
from mailsim.protocols.smtp import ServerConfig, SMTPServer, codes
from mailsim.protocols.smtp.dotstuff import MessageCollector, stuff

LIMIT = 12  # a small text line limit, so overlong lines are drawn often

pieces = st.sampled_from([b"a", b"b", b".", b"..", b"\r", b"\n", b"\r\n", b".\r\n",
                          b"\r\n.\r\n", b"\n.\r\n", b"x" * 11])


def line_by_line(data: bytes, max_size: int) -> tuple[MessageCollector, int] | None:
    """The collector fed through the line reader; the octets it used, None if not done."""
    collector, reader = MessageCollector(max_size), LineReader(LIMIT)
    reader.feed(data)
    while (line := reader.next_line(LIMIT)) is not None:
        if collector.add(line):
            return collector, len(data) - reader.buffered
    return None


@settings(max_examples=500)
@given(st.lists(pieces, max_size=30).map(b"".join), st.integers(0, 60))
def test_take_text_agrees_with_add(data: bytes, max_size: int) -> None:
    fast = MessageCollector(max_size)
    taken = fast.take_text(data, LIMIT)
    if taken == 0:
        assert fast.size == 0 and fast.content == b""  # nothing taken: add() does it all
        return
    slow = line_by_line(data, max_size)
    assert slow is not None, "the fast path ended a message the line reader does not end"
    collector, used = slow
    assert taken == used
    assert (fast.content, fast.size, fast.problem) == (
        collector.content, collector.size, collector.problem)


def test_a_whole_message_takes_the_fast_path() -> None:
    content = b"Subject: x\r\n\r\n.hidden\r\nbody\r\n"
    wire = stuff(content) + b"QUIT\r\n"
    collector = MessageCollector(1000)
    taken = collector.take_text(wire, 1000)
    assert wire[taken:] == b"QUIT\r\n"
    assert collector.content == content and collector.problem is None


def smtp_server_events(data: bytes, *, whole: bool) -> tuple[list[object], list[bytes]]:
    """What a server says and decides on MAIL, RCPT, DATA and then ``data``, given whole
    or one octet at a time (never whole, so always line by line)."""
    server = SMTPServer(ServerConfig("mx.example.jp", max_message_size=40))
    server.start()
    server.receive_data(b"EHLO a\r\n")
    assert server.receive_data(b"MAIL FROM:<a@b.c>\r\n")  # the sender, to decide
    server.respond(codes.OK_MAIL)
    assert server.receive_data(b"RCPT TO:<d@e.f>\r\n")  # the recipient, to decide
    server.respond(codes.OK_RCPT)
    server.receive_data(b"DATA\r\n")
    events: list[object] = []
    for chunk in [data] if whole else [data[i:i + 1] for i in range(len(data))]:
        events += server.receive_data(chunk)
    return events, server.data_to_send()


@settings(max_examples=300)
@given(st.lists(pieces, max_size=30).map(b"".join))
def test_smtp_server_reads_a_whole_message_as_it_reads_it_line_by_line(data: bytes) -> None:
    assert smtp_server_events(data, whole=True) == smtp_server_events(data, whole=False)


def pop3_retr(data: bytes, *, whole: bool) -> list[object]:
    client = POP3Client()
    client.receive_data(b"+OK ready\r\n")
    client.send("RETR 1", multiline=True)
    client.send("NOOP")
    events: list[object] = []
    for chunk in [data] if whole else [data[i:i + 1] for i in range(len(data))]:
        events += client.receive_data(chunk)
    return events


@settings(max_examples=300)
@given(st.lists(pieces, max_size=30).map(b"".join))
def test_pop3_client_reads_a_whole_body_as_it_reads_it_line_by_line(body: bytes) -> None:
    data = b"+OK message follows\r\n" + body + b"+OK\r\n"
    assert pop3_retr(data, whole=True) == pop3_retr(data, whole=False)
