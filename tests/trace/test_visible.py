"""Control characters in a trace file are read as escapes, never as terminal commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mailsim.trace import Trace
from mailsim.trace.visible import visible, visible_values

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_controls_become_pictures() -> None:
    assert visible("a\x1b[2Jb\x00\x07\r\x7f\x9b") == r"a\x1b[2Jb\x00\x07\x0d\x7f\x9b"
    assert visible("tab\tand\nline feed stay, 日本語も") == "tab\tand\nline feed stay, 日本語も"
    assert visible_values({"k\x1b": ["x\x1b", 3, {"y": "\x00"}]}) == {
        r"k\x1b": [r"x\x1b", 3, {"y": r"\x00"}]}


@given(st.text())
def test_nothing_visible_is_a_control_and_printable_text_is_kept(text: str) -> None:
    shown = visible(text)
    assert CONTROL.search(shown) is None
    assert len(shown) == len(text) + 3 * len(CONTROL.findall(text))  # one \xNN per control
    if CONTROL.search(text) is None:
        assert shown is text


def test_a_trace_file_with_escapes_is_read_with_pictures(tmp_path: Path) -> None:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    message = next(i for i, r in enumerate(records) if r["type"] == "message")
    state = next(i for i, r in enumerate(records) if r["type"] == "state")
    records[message]["text"] = "EHLO \x1b]0;title\x07"
    key = next(k for k, v in records[state]["data"].items() if isinstance(v, str))
    records[state]["data"][key] = "\x1b[31mred"
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    trace = Trace.read_jsonl(path)
    events = list(trace)
    assert events[message - 1].text == r"EHLO \x1b]0;title\x07"  # type: ignore[union-attr]
    assert events[state - 1].data[key] == r"\x1b[31mred"  # type: ignore[union-attr]
    assert "\\u001b" not in trace.to_jsonl()  # written back: escapes, no ESC
