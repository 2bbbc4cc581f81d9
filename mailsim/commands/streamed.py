"""``mailsim run`` with its trace streamed: to the file, the summary and the verdict.

Each record goes, as the recorder makes it, to the JSONL file (the header is
known once the world is built), to the summary's counts and to the conservation
check. So a quiet run keeps only a bounded window of records in memory, however
long it is; the file's bytes, the summary and the verdict are those of the whole
trace held in memory (tests/test_streamed_run.py compares them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailsim.scenario.model import Scenario
    from mailsim.trace import Trace, TraceEvent
    from mailsim.trace.promises import Conservation
    from mailsim.views.table import RunSummary

# Records a run that prints only its summary keeps in memory: nothing reads them
# but a caller that wants a look at the end of the run.
WINDOW = 1_000


@dataclass(slots=True)
class StreamedRun:
    """What a streamed run leaves: the trace in memory (all of it, or its window),
    how many records it made, and the folds that read every one of them."""

    trace: Trace
    events: int
    summary: RunSummary
    conservation: Conservation


class _Tee:
    """The recorder's sink: every record to each fold, and to the file once it is open."""

    def __init__(self, summary: RunSummary, conservation: Conservation) -> None:
        self._folds = (summary.add, conservation.add)
        self._write: Callable[[TraceEvent], None] | None = None
        self._early: list[TraceEvent] | None = []  # recorded while the world was built

    def __call__(self, event: TraceEvent) -> None:
        for fold in self._folds:
            fold(event)
        if self._write is not None:
            self._write(event)
        elif self._early is not None:
            self._early.append(event)

    def start(self, write: Callable[[TraceEvent], None] | None) -> None:
        """The world is built: from now on, records go to ``write`` (None: nowhere)."""
        if write is not None:
            for event in self._early or ():
                write(event)
        self._early, self._write = None, write


def run_streamed(scenario: Scenario, *, seed: int | None = None, path: str | None = None,
                 keep: int | None = None) -> StreamedRun:
    """Run ``scenario``, streaming each record; ``path``: the JSONL file to write,
    ``keep``: how many records stay in memory (all of them when None)."""
    from mailsim.scenario.build import build_world
    from mailsim.trace.collection import TraceWriter
    from mailsim.trace.promises import Conservation
    from mailsim.views.table import RunSummary

    summary, conservation = RunSummary(), Conservation()
    tee = _Tee(summary, conservation)
    world = build_world(scenario, seed=seed, sink=tee, keep=keep)
    writer = TraceWriter(path, world.header()) if path is not None else None
    tee.start(writer.write if writer is not None else None)
    try:
        trace = world.run()
    finally:
        if writer is not None:
            writer.close(world.header())
    return StreamedRun(trace, len(world.recorder), summary, conservation)
