"""The strict trace reader accepts every trace mailsim writes, exactly, and reads it line by line."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from mailsim.cli import main
from mailsim.commands.sources import read_limits
from mailsim.live.bridge import LIVE_HOST, LiveRecorder
from mailsim.live.server import TraceFile
from mailsim.scenario import bundled_names, load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.scenario.errors import ScenarioError
from mailsim.study.sample import sample_scenario
from mailsim.trace import StateEvent, Trace, TraceFormatError
from mailsim.trace.reader import ReadLimits

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_trace_reads_back_exactly(name: str, tmp_path: Path) -> None:
    trace = run_scenario(sample_scenario(load_scenario(name)))  # a study: its sample users
    path = tmp_path / f"{name}.jsonl"
    trace.write_jsonl(path)
    again = Trace.read_jsonl(path)
    assert again == trace
    assert again.to_jsonl() == path.read_text(encoding="utf-8")


def test_the_golden_trace_reads_to_the_same_bytes() -> None:
    assert Trace.read_jsonl(GOLDEN).to_jsonl() == GOLDEN.read_text(encoding="utf-8")


def test_a_live_trace_streamed_by_serve_reads_back(tmp_path: Path) -> None:
    """serve's TraceFile writes the header and then one line per event, live ones marked."""
    golden = Trace.read_jsonl(GOLDEN)
    header = replace(golden.header, hosts=(*golden.header.hosts, (LIVE_HOST, "client")))
    path = tmp_path / "live.jsonl"
    sink = TraceFile(path, header)
    recorder = LiveRecorder({LIVE_HOST}, sink.write)
    recorder.message(t_sent=0.0, t_arrived=0.0, src=LIVE_HOST, dst="mx.example.jp",
                     protocol="TCP", port=25, conn="c1", text="SYN", size=0, encrypted=False)
    recorder.message(t_sent=0.0, t_arrived=0.0, src="mx.example.jp", dst=LIVE_HOST,
                     protocol="SMTP", port=25, conn="c1", text="220 mx.example.jp ESMTP",
                     size=25, encrypted=False)
    recorder.state(0.5, "mx.example.jp", "note", text="a hand-made note: not mailsim's")
    sink.close()
    trace = Trace.read_jsonl(path)
    assert trace == recorder.freeze(header)
    assert [e.live for e in trace.messages()] == [True, True]


def test_a_trace_from_before_live_clients_reads_live_as_false() -> None:
    lines = GOLDEN.read_text(encoding="utf-8").replace(',"live":false', "")
    assert '"live"' not in lines
    assert Trace.read_jsonl(io.StringIO(lines)) == Trace.read_jsonl(GOLDEN)


def test_blank_lines_are_skipped_but_still_counted() -> None:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    text = "\n".join([lines[0], "", "   ", lines[1], '{"type": "frame"}']) + "\n"
    with pytest.raises(TraceFormatError) as caught:
        Trace.read_jsonl(io.StringIO(text))
    assert caught.value.line == 5
    assert str(caught.value).startswith("line 5: unknown record type")


class _Stream(io.RawIOBase):
    """One endless line: remembers the most the reader asked for at once."""

    def __init__(self) -> None:
        self.asked = 0

    def readline(self, size: int | None = -1) -> bytes:
        assert size is not None and size > 0, "the reader must never ask for a whole line"
        self.asked = max(self.asked, size)
        return b"x" * size


def test_the_reader_never_asks_for_more_than_the_line_cap() -> None:
    stream = _Stream()
    with pytest.raises(TraceFormatError, match="longer than 1000 characters, the line cap"):
        Trace.read_jsonl(stream, ReadLimits(max_line_chars=1000))  # type: ignore[arg-type]
    assert stream.asked == 1001


def test_a_stream_past_the_size_cap_stops_at_the_line_that_crosses_it() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    first_two = len("".join(text.splitlines(keepends=True)[:2]))
    with pytest.raises(TraceFormatError) as caught:
        Trace.read_jsonl(io.StringIO(text), ReadLimits(max_file_bytes=first_two + 1))
    assert caught.value.line == 3
    assert caught.value.reason == f"the trace goes on past {first_two + 1} bytes, the size cap"


def test_hand_made_notes_are_read_but_still_checked() -> None:
    """An action mailsim does not define is a note: any plain data, within the caps."""
    golden = Trace.read_jsonl(GOLDEN)
    note = StateEvent(len(golden), golden.duration, "bob-pc", "note", {"text": "hi", "n": [1]})
    trace = Trace(golden.header, (*golden, note))
    assert Trace.read_jsonl(io.StringIO(trace.to_jsonl())) == trace
    deep = Trace(golden.header, (*golden, replace(note, data={"x": [[[[1]]]]})))
    with pytest.raises(TraceFormatError, match="nested deeper than 4 levels"):
        Trace.read_jsonl(io.StringIO(deep.to_jsonl()), ReadLimits(max_depth=4))


def test_caps_come_from_the_environment() -> None:
    assert read_limits({}) == ReadLimits()
    assert read_limits({"MAILSIM_MAX_TRACE_BYTES": "10", "MAILSIM_MAX_TRACE_LINE": "20"}) == (
        ReadLimits(max_file_bytes=10, max_line_chars=20))
    # "²" is a digit to str.isdigit() and not to int(); 5,000 digits are past int() too.
    for bad in ("", "0", "-5", "1e9", "ten", "²", "9" * 5000):
        with pytest.raises(ScenarioError) as caught:
            read_limits({"MAILSIM_MAX_TRACE_BYTES": bad})
        assert caught.value.message == ("MAILSIM_MAX_TRACE_BYTES: expected a whole number "
                                        f"from 1 up, got {bad!r}")


def test_a_bad_cap_in_the_environment_is_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MAILSIM_MAX_TRACE_LINE", "lots")
    assert main(["diagram", str(GOLDEN), "--format", "mermaid"]) == 2
    assert capsys.readouterr().err == (
        "MAILSIM_MAX_TRACE_LINE: expected a whole number from 1 up, got 'lots'\n")


def test_raising_the_cap_lets_the_same_file_in(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    size = GOLDEN.stat().st_size
    monkeypatch.setenv("MAILSIM_MAX_TRACE_BYTES", str(size - 1))
    assert main(["diagram", str(GOLDEN), "--format", "mermaid"]) == 2
    assert "more than the size cap" in capsys.readouterr().err
    monkeypatch.setenv("MAILSIM_MAX_TRACE_BYTES", str(size))
    assert main(["diagram", str(GOLDEN), "--format", "mermaid"]) == 0
    assert capsys.readouterr().out == GOLDEN.with_suffix(".mmd").read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", [-(2**63), 2**63 - 1])
def test_any_seed_a_scenario_may_have_reads_back(seed: int) -> None:
    """A scenario's seed is any signed 64-bit number, and the header carries it."""
    golden = Trace.read_jsonl(GOLDEN)
    trace = Trace(replace(golden.header, seed=seed), golden)
    assert Trace.read_jsonl(io.StringIO(trace.to_jsonl())).header.seed == seed
    beyond = Trace(replace(golden.header, seed=seed * 2), golden)
    with pytest.raises(TraceFormatError, match=r"^line 1: seed: expected a whole number from"):
        Trace.read_jsonl(io.StringIO(beyond.to_jsonl()))
