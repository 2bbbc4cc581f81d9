"""LineReader: CRLF and bare LF, split input, bounded overlong lines."""

from mailsim.protocols.lines import Line, LineReader


def drain(reader: LineReader, limit: int | None = None) -> list[Line]:
    out = []
    while (line := reader.next_line(limit)) is not None:
        out.append(line)
    return out


def test_crlf_and_bare_lf_lines() -> None:
    reader = LineReader(100)
    reader.feed(b"one\r\ntwo\nthree")
    assert drain(reader) == [Line(b"one"), Line(b"two", bare_lf=True)]
    assert reader.buffered == len(b"three")
    reader.feed(b"\r\n")
    assert drain(reader) == [Line(b"three")]


def test_line_split_across_feeds_including_between_cr_and_lf() -> None:
    reader = LineReader(100)
    for part in (b"EH", b"LO x\r", b"\nNOOP\r\n"):
        reader.feed(part)
    assert [line.data for line in drain(reader)] == [b"EHLO x", b"NOOP"]


def test_exact_limit_is_fine_one_more_is_overlong() -> None:
    reader = LineReader(10)
    reader.feed(b"x" * 8 + b"\r\n" + b"y" * 9 + b"\r\n")
    first, second = drain(reader)
    assert first == Line(b"x" * 8) and first.wire_length == 10
    assert second.overlong and second.data == b"y" * 9


def test_overlong_line_is_discarded_as_it_arrives() -> None:
    reader = LineReader(10)
    for _ in range(100):
        reader.feed(b"z" * 100)
        assert reader.next_line() is None
        assert reader.buffered <= 10
    reader.feed(b"tail\r\nnext\r\n")
    lines = drain(reader)
    assert lines[0].overlong and lines[0].data == b"z" * 10
    assert lines[1] == Line(b"next")


def test_per_call_limit_and_clear() -> None:
    reader = LineReader(10)
    reader.feed(b"a" * 50 + b"\r\nrest")
    assert drain(reader, limit=1000) == [Line(b"a" * 50)]
    reader.clear()
    assert reader.buffered == 0
    reader.feed(b"\r\n")
    assert drain(reader) == [Line(b"")]
