"""``mailsim run`` streams its trace: the same file, summary and verdict as the whole trace."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from mailsim.cli import main
from mailsim.commands import streamed
from mailsim.commands.streamed import run_streamed
from mailsim.scenario import bundled_names, load_scenario
from mailsim.scenario.budget import longest_lifetime
from mailsim.scenario.build import run_scenario
from mailsim.scenario.model import Scenario
from mailsim.trace import Trace, TraceFormatError
from mailsim.trace.collection import TraceWriter
from mailsim.trace.promises import Conservation, check, promises
from mailsim.trace.reader import TraceStream, stream_records
from mailsim.trace.sessions import PromiseReader
from mailsim.views.table import RunSummary, summary

GOLDEN = Path(__file__).parent / "golden" / "article-route.jsonl"


def line_level(name: str) -> Scenario:
    """The bundled scenario ``name``; a session-level study has no line-level run to stream."""
    scenario = load_scenario(name)
    if scenario.workload is not None and scenario.fidelity == "session":
        pytest.skip(f"{name} is a session-level study (commands/study.py runs it)")
    return scenario


@pytest.mark.parametrize("name", bundled_names())
def test_the_streamed_run_equals_the_run_held_in_memory(name: str, tmp_path: Path) -> None:
    scenario = line_level(name)
    whole = run_scenario(scenario)
    path = tmp_path / "streamed.jsonl"
    run = run_streamed(scenario, path=str(path), keep=10)
    lifetime = longest_lifetime(scenario)
    assert path.read_bytes() == whole.to_jsonl().encode("utf-8")
    assert run.events == len(whole) and len(run.trace) == min(10, len(whole))
    assert list(run.trace) == list(whole[-10:])
    assert run.summary.as_dict() == summary(whole)
    assert run.conservation.verdict(lifetime=lifetime) == check(whole, lifetime=lifetime)


@pytest.mark.parametrize("name", bundled_names())
def test_the_verdict_and_summary_read_from_the_file_equal_the_whole_trace_s(
        name: str, tmp_path: Path) -> None:
    scenario = line_level(name)
    whole = run_scenario(scenario)
    whole.write_jsonl(tmp_path / "run.jsonl")
    conservation, counted = Conservation(), RunSummary()
    with Trace.stream_jsonl(tmp_path / "run.jsonl") as trace:
        assert trace.header == whole.header
        for event in trace:
            conservation.add(event)
            counted.add(event)
    lifetime = longest_lifetime(scenario)
    assert conservation.verdict(lifetime=lifetime) == check(whole, lifetime=lifetime)
    assert counted.as_dict() == summary(whole)


def test_a_quiet_run_past_its_window_prints_the_totals_of_the_whole_run(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    assert main(["run", "pop3-vs-imap", "-q", "--trace", str(tmp_path / "a.jsonl")]) == 0
    wide = capsys.readouterr().out
    monkeypatch.setattr(streamed, "WINDOW", 5)  # pop3-vs-imap makes over a thousand records
    assert main(["run", "pop3-vs-imap", "-q", "--trace", str(tmp_path / "b.jsonl")]) == 0
    narrow = capsys.readouterr().out
    # the same words; rich may fold the temporary path anywhere, so whitespace is left out
    assert "".join(narrow.split()).replace("b.jsonl", "a.jsonl") == "".join(wide.split())
    whole = run_scenario(load_scenario("pop3-vs-imap"))
    # rich wraps the message where the temporary path's length puts it: compare words only
    assert f"({len(whole)} events)" in " ".join(narrow.split())
    assert f"Delivered: {summary(whole)['delivered']} message(s)" in narrow
    assert (tmp_path / "b.jsonl").read_bytes() == (tmp_path / "a.jsonl").read_bytes()


def test_a_run_that_fails_its_check_still_fails_when_streamed(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    from mailsim.nodes.mta import MTA

    monkeypatch.setattr(MTA, "deliver_local", lambda self, entry, recipient: None)
    monkeypatch.setattr(streamed, "WINDOW", 3)
    assert main(["run", "-q", "--trace", str(tmp_path / "t.jsonl")]) == 1
    assert "lost" in capsys.readouterr().err


def test_a_header_changed_by_the_run_heads_the_file(tmp_path: Path) -> None:
    golden = Trace.read_jsonl(GOLDEN)
    path = tmp_path / "t.jsonl"
    writer = TraceWriter(path, dataclasses.replace(golden.header, ports=()))
    for event in golden:
        writer.write(event)
    writer.close(golden.header)
    assert path.read_bytes() == GOLDEN.read_bytes()
    assert not (tmp_path / "t.jsonl.part").exists()


def test_the_streaming_reader_holds_one_record_and_fails_at_the_bad_line() -> None:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines(keepends=True)
    header, events = stream_records(io.StringIO("".join(lines)))
    assert header == Trace.read_jsonl(GOLDEN).header
    assert next(events).seq == 0  # read lazily: the rest is not parsed yet
    broken = io.StringIO("".join([*lines[:5], "{not json\n", *lines[5:]]))
    _, events = stream_records(broken)
    read = []
    with pytest.raises(TraceFormatError, match="line 6: not JSON"):
        for event in events:
            read.append(event)
    assert len(read) == 4
    with pytest.raises(TraceFormatError, match="no header line"):
        stream_records(io.StringIO(""))


def test_the_stream_closes_its_file_and_refuses_a_file_without_header(tmp_path: Path) -> None:
    with TraceStream(GOLDEN) as trace:
        assert sum(1 for _ in trace) == len(Trace.read_jsonl(GOLDEN))
    assert trace._file.closed
    lines = GOLDEN.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "headless.jsonl").write_text("".join(lines[1:]), encoding="utf-8")
    with pytest.raises(TraceFormatError, match="expected the header record first"):
        TraceStream(tmp_path / "headless.jsonl")


def test_the_promise_reader_forgets_a_connection_once_both_ends_closed_it() -> None:
    trace = Trace.read_jsonl(GOLDEN)
    ordered, unordered = PromiseReader(), PromiseReader(ordered=False)
    for event in trace:
        ordered.add(event)
        unordered.add(event)
    assert ordered._sessions == {} and ordered._servers == {}  # every connection ended
    assert len(unordered._sessions) == 3
    assert ordered.finish() == unordered.finish() == promises(trace)
    assert len(promises(trace)) == 3
