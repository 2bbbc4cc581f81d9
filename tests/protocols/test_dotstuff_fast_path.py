"""The DATA fast path (MessageCollector.take_text) takes exactly what add() would, line
after line: the same octets, content, size and verdict, or nothing at all."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.protocols.lines import LineReader
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
