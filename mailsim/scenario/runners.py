"""``RUNNERS[kind](world, step)``: the older way to run a step, kept for callers not yet moved.

New code calls :meth:`mailsim.scenario.world.World.run_step` (or
``schedule_steps``); the runners themselves are registered with each step
kind (:mod:`mailsim.scenario.registry`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from mailsim.scenario.registry import STEP_KINDS, StepBase
from mailsim.scenario.world import World

Runner = Callable[[World, StepBase], None]


def _run(world: World, step: StepBase) -> None:
    world.run_step(step)


class _Runners(Mapping[str, Runner]):
    """A read-only view of the registry: every registered kind runs through ``World.run_step``."""

    def __getitem__(self, kind: str) -> Runner:
        if kind not in STEP_KINDS:
            raise KeyError(kind)
        return _run

    def __iter__(self) -> Iterator[str]:
        return iter(STEP_KINDS)

    def __len__(self) -> int:
        return len(STEP_KINDS)


RUNNERS: Mapping[str, Runner] = _Runners()
