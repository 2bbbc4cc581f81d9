"""Where a command's trace comes from: a saved ``.jsonl`` file, or a scenario run now."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailsim.trace import Trace


def load_trace(source: str | None, seed: int | None) -> Trace:
    """A ``.jsonl`` path is read as a trace; anything else is a scenario, run first."""
    from pathlib import Path

    from mailsim.scenario.errors import ScenarioError
    from mailsim.trace import Trace, TraceFormatError

    if source is not None and source.lower().endswith(".jsonl"):
        if not Path(source).is_file():
            raise ScenarioError(source, [("", "no such trace file")])
        try:
            return Trace.read_jsonl(source)
        except (TraceFormatError, UnicodeDecodeError) as exc:
            raise ScenarioError(source, [("", f"not a mailsim trace: {exc}")]) from None
    from mailsim.scenario import DEFAULT_SCENARIO, load_scenario
    from mailsim.scenario.build import run_scenario

    return run_scenario(load_scenario(source or DEFAULT_SCENARIO), seed=seed)


