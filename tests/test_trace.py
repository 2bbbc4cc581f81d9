"""The trace records, JSONL round trip, and selection helpers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mailsim.trace import (
    MessageEvent,
    StateEvent,
    Trace,
    TraceFormatError,
    TraceHeader,
)
from mailsim.trace.recorder import TraceRecorder

HEADER = TraceHeader("demo", 7, "2026-04-01T09:00:00+09:00", (("a", "client"), ("b", "mail_server")))


def sample() -> Trace:
    recorder = TraceRecorder()
    recorder.message(t_sent=0.0, t_arrived=0.005, src="a", dst="b", protocol="TCP", port=587,
                     conn="c1", text="SYN", size=0, encrypted=False)
    recorder.message(t_sent=0.01, t_arrived=0.015, src="b", dst="a", protocol="SMTP", port=587,
                     conn="c1", text="220 b ESMTP — ようこそ", size=22, encrypted=False)
    recorder.state(0.02, "b", "stored", mailbox="bob@example.jp", uid=1, size=10,
                   message_id="<x@y>", queue_id="Q", subject="件名", sender="a@b")
    recorder.message(t_sent=0.03, t_arrived=None, src="a", dst="b", protocol="SMTP", port=587,
                     conn="c1", text="QUIT", size=6, encrypted=True)
    return recorder.freeze(HEADER)


def test_records_are_numbered_in_order_and_frozen() -> None:
    trace = sample()
    assert [e.seq for e in trace] == [0, 1, 2, 3]
    with pytest.raises(AttributeError):
        trace[0].text = "changed"  # type: ignore[misc]


def test_jsonl_round_trip_is_exact() -> None:
    trace = sample()
    text = trace.to_jsonl()
    again = Trace.read_jsonl(io.StringIO(text))
    assert again == trace
    assert again.to_jsonl() == text
    assert "ようこそ" in text  # not escaped: the file stays readable


def test_the_file_is_written_line_by_line_with_the_same_bytes(tmp_path: Path) -> None:
    """write_jsonl streams lines (a long trace is never one string) and writes to_jsonl's bytes."""
    golden = Path(__file__).parent / "golden" / "article-route.jsonl"
    trace = Trace.read_jsonl(golden)
    lines = list(trace.jsonl_lines())
    assert len(lines) == len(trace) + 1 and all(line.endswith("\n") for line in lines)
    trace.write_jsonl(tmp_path / "out.jsonl")
    assert (tmp_path / "out.jsonl").read_bytes() == golden.read_bytes()
    assert trace.to_jsonl().encode("utf-8") == golden.read_bytes()


def test_jsonl_header_first_with_sorted_keys() -> None:
    first, second = sample().to_jsonl().splitlines()[:2]
    assert first.startswith('{"hosts":[["a","client"]')
    assert '"type":"header"' in first
    assert second.index('"conn"') < second.index('"dst"') < second.index('"text"')


def test_slicing_keeps_header_and_sequence_numbers() -> None:
    part = sample()[1:3]
    assert isinstance(part, Trace)
    assert part.header == HEADER
    assert [e.seq for e in part] == [1, 2]


def test_selection_helpers() -> None:
    trace = sample()
    assert [e.protocol for e in trace.messages()] == ["TCP", "SMTP", "SMTP"]
    assert [e.action for e in trace.states()] == ["stored"]
    assert trace.states("queued") == []
    assert trace.protocols() == ["TCP", "SMTP"]
    assert len(trace.between(0.005, 0.02)) == 2
    assert trace.duration == pytest.approx(0.03)
    assert isinstance(trace[3], MessageEvent) and trace[3].t_arrived is None
    assert isinstance(trace[2], StateEvent) and trace[2].data["subject"] == "件名"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("not json\n", "line 1: not JSON"),
        ('{"type": "message", "seq": 0}\n', "line 1: bad record"),
        ('{"type": "frame"}\n', "unknown record type"),
        ("", "no header line"),
    ],
)
def test_bad_jsonl_gives_a_clear_error(text: str, words: str) -> None:
    with pytest.raises(TraceFormatError, match=words):
        Trace.read_jsonl(io.StringIO(text))
