"""The live layer finds APPEND's message text among an IMAP client's bytes (to trace its size only)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mailsim.live.imap_stream import LiteralTracker

MESSAGE = b"Subject: {9}\r\n\r\nnot a marker {3}\r\n"


def test_a_literal_plus_append_message_is_found() -> None:
    tracker = LiteralTracker()
    head = b"a APPEND Sent (\\Seen) {%d+}\r\n" % len(MESSAGE)
    assert tracker.split(head + MESSAGE + b"\r\nb NOOP\r\n") == [
        (head, False), (MESSAGE, True), (b"\r\nb NOOP\r\n", False)]


def test_a_synchronising_literal_comes_after_the_plus_only() -> None:
    tracker = LiteralTracker()
    head = b"a APPEND Sent {%d}\r\n" % len(MESSAGE)
    assert tracker.split(head) == [(head, False)]
    tracker.server_said(b"+ Ready for literal data\r\n")
    assert tracker.split(MESSAGE[:5]) == [(MESSAGE[:5], True)]
    assert tracker.split(MESSAGE[5:] + b"\r\n") == [(MESSAGE[5:], True), (b"\r\n", False)]


def test_a_refused_append_sends_no_literal() -> None:
    tracker = LiteralTracker()
    tracker.split(b"a APPEND Nowhere {40}\r\n")
    tracker.server_said(b"a NO [TRYCREATE] Mailbox doesn't exist\r\n")
    assert tracker.split(b"b NOOP\r\n") == [(b"b NOOP\r\n", False)]


def test_other_literals_are_command_text() -> None:
    tracker = LiteralTracker()
    assert tracker.split(b"a LOGIN {3+}\r\nbob pass\r\n") == [(b"a LOGIN {3+}\r\nbob pass\r\n", False)]


@given(st.integers(min_value=1, max_value=20))
def test_any_chunking_gives_the_same_octets_and_message(size: int) -> None:
    head = b"a APPEND Sent {%d}\r\n" % len(MESSAGE)
    stream = MESSAGE + b"\r\nb NOOP\r\n"
    tracker = LiteralTracker()
    runs = tracker.split(head)
    tracker.server_said(b"+ go\r\n")
    for start in range(0, len(stream), size):
        runs += tracker.split(stream[start : start + size])
    assert b"".join(chunk for chunk, _ in runs) == head + stream
    assert b"".join(chunk for chunk, body in runs if body) == MESSAGE
