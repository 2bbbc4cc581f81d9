"""Where a command's trace comes from: a saved ``.jsonl`` file, or a scenario run now."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailsim.trace import Trace
    from mailsim.trace.reader import ReadLimits

# The caps of the trace reader (ReadLimits fields), raised or lowered from the environment.
CAP_VARIABLES = {"max_file_bytes": "MAILSIM_MAX_TRACE_BYTES",
                 "max_line_chars": "MAILSIM_MAX_TRACE_LINE"}


def read_limits(environ: Mapping[str, str] | None = None) -> ReadLimits:
    """The reader's caps: the defaults, or whole numbers given in the environment."""
    from dataclasses import replace

    from mailsim.scenario.errors import ScenarioError
    from mailsim.trace.reader import ReadLimits
    from mailsim.units import positive_whole_number

    environ = os.environ if environ is None else environ
    limits = ReadLimits()
    for field, variable in CAP_VARIABLES.items():
        value = environ.get(variable)
        if value is None:
            continue
        cap = positive_whole_number(value)
        if cap is None:
            raise ScenarioError(variable, [("", f"expected a whole number from 1 up, got {value!r}")])
        limits = replace(limits, **{field: cap})
    return limits


def load_trace(source: str | None, seed: int | None) -> Trace:
    """A ``.jsonl`` path is read as a trace; anything else is a scenario, run first.

    A bad trace file is a :class:`ScenarioError` (exit status 2) saying
    ``FILE: line N: what was expected``.
    """
    from pathlib import Path

    from mailsim.scenario.errors import ScenarioError
    from mailsim.trace import Trace, TraceFormatError
    from mailsim.trace.reader import TraceCapError

    if source is not None and source.lower().endswith(".jsonl"):
        if not Path(source).is_file():
            raise ScenarioError(source, [("", "no such trace file")])
        limits = read_limits()
        try:
            return Trace.read_jsonl(source, limits)
        except TraceFormatError as exc:
            where = "" if exc.line is None else f"line {exc.line}"
            hint = (f" (set {CAP_VARIABLES[exc.cap]} to raise it)"
                    if isinstance(exc, TraceCapError) else "")
            raise ScenarioError(source, [(where, exc.reason + hint)]) from None
    from mailsim.scenario import DEFAULT_SCENARIO, load_scenario
    from mailsim.scenario.build import run_scenario
    from mailsim.study.sample import sample_scenario

    # a session-level study shows its sample users' line-level run
    return run_scenario(sample_scenario(load_scenario(source or DEFAULT_SCENARIO)), seed=seed)
