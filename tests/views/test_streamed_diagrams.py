"""The Mermaid and PlantUML writers stream: line by line, the same text as the whole string."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mailsim.trace import Trace
from mailsim.views.mermaid import mermaid_lines, to_mermaid, write_mermaid
from mailsim.views.plantuml import plantuml_lines, to_plantuml, write_plantuml
from mailsim.views.select import Selection

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"

WRITERS: list[tuple[Callable[..., str], Callable[..., None], Callable[..., Any], str]] = [
    (to_mermaid, write_mermaid, mermaid_lines, ".mmd"),
    (to_plantuml, write_plantuml, plantuml_lines, ".puml"),
]


class Writes(io.StringIO):
    """A text stream that remembers the size of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)


@pytest.fixture(scope="module")
def trace() -> Trace:
    return Trace.read_jsonl(GOLDEN)


OPTIONS = [
    {},
    {"lang": "ja", "analogy": True},
    {"show_encrypted": True, "selection": Selection.of(protocols=["SMTP"])},
]


@pytest.mark.parametrize(("whole", "write", "lines", "suffix"), WRITERS)
def test_the_streamed_text_is_the_golden_file(trace: Trace, whole: Any, write: Any, lines: Any,
                                              suffix: str) -> None:
    out = Writes()
    write(out, trace)
    assert out.getvalue() == GOLDEN.with_suffix(suffix).read_text(encoding="utf-8")


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize(("whole", "write", "lines", "suffix"), WRITERS)
def test_streamed_and_whole_agree_and_no_write_holds_more_than_a_line(
        trace: Trace, whole: Any, write: Any, lines: Any, suffix: str,
        options: dict[str, Any]) -> None:
    out = Writes()
    write(out, trace, **options)
    text = whole(trace, **options)
    assert out.getvalue() == text
    longest = max(len(line) for line in text.split("\n"))
    assert max(out.sizes) <= longest
    assert len(out.sizes) >= text.count("\n"), "one write per line at least"


@pytest.mark.parametrize(("whole", "write", "lines", "suffix"), WRITERS)
def test_lines_come_one_at_a_time(trace: Trace, whole: Any, write: Any, lines: Any,
                                  suffix: str) -> None:
    produced = lines(trace)
    assert iter(produced) is produced, "a generator, not a list"
    first = next(produced)
    assert first in ("sequenceDiagram", "@startuml")
    assert [first, *produced] == whole(trace).split("\n")[:-1]
