"""A study's work cut into picklable tasks: (way of reading mail, group of users).

``compare`` maps them over worker processes
(:func:`mailsim.scenario.parallel.map_tasks`) and adds the parts up with
:func:`merge`. The mails are planned once in the calling process (:func:`prepared`
keeps the last plan) and forked workers inherit them; a worker started
otherwise plans them once itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailsim.scenario.compare import STRATEGIES
from mailsim.scenario.model import Scenario
from mailsim.scenario.workload import DeviceSpec
from mailsim.study.run import (
    OWN,
    DeviceTotals,
    StudyResult,
    prepare,
    run_devices,
    strategy_devices,
    users_slice,
)
from mailsim.study.state import Mails

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    IntArray = NDArray[np.int64]

SLICES = 4  # groups of users per strategy: progress steps, and work to share out

_last: tuple[str, Mails] | None = None


@dataclass(frozen=True, slots=True)
class StudyTask:
    scenario: Scenario
    key: str  # a strategy's key, or OWN
    devices: tuple[DeviceSpec, ...]
    first_user: int
    users: int


def prepared(scenario: Scenario) -> Mails:
    """The scenario's mails; the same scenario twice in a row is planned once."""
    global _last
    name = scenario.model_dump_json(include={"workload", "seed", "start"})
    if _last is None or _last[0] != name:
        _last = None  # let the old plan go first
        _last = (name, prepare(scenario))
    return _last[1]


def run_task(task: StudyTask) -> StudyResult:
    """One task, in whatever process runs it."""
    mails = users_slice(prepared(task.scenario), task.first_user, task.users)
    return run_devices(task.scenario, task.key, list(task.devices), mails)


def study_tasks(scenario: Scenario, keys: Sequence[str], slices: int = SLICES) -> list[StudyTask]:
    """Each strategy (and OWN, the workload's own devices) over ``slices`` groups of users."""
    workload = scenario.workload
    assert workload is not None
    by_key = {s.key: tuple(strategy_devices(workload, s)) for s in STRATEGIES}
    by_key[OWN] = tuple(workload.devices)
    size = -(-workload.users // slices)
    return [StudyTask(scenario, key, by_key[key], first, min(size, workload.users - first))
            for key in keys for first in range(0, workload.users, size)]


def merge(parts: Sequence[StudyResult]) -> StudyResult:
    """One result from the results of the same strategy's groups of users."""
    first = parts[0]
    total = StudyResult(first.key, 0, first.samples)
    total.devices = [DeviceTotals(d.protocol) for d in first.devices]
    for part in parts:
        total.users += part.users
        total.delivered += part.delivered
        total.server_octets += part.server_octets
        total.server_series = _add(total.server_series, part.server_series)
        for sum_, device in zip(total.devices, part.devices, strict=True):
            sum_.lines += device.lines
            sum_.octets += device.octets
            sum_.retrieved += device.retrieved
            sum_.local_octets += device.local_octets
            sum_.online += device.online
            sum_.offline += device.offline
            sum_.local_series = _add(sum_.local_series, device.local_series)
            sum_.offline_series = _add(sum_.offline_series, device.offline_series)
            sum_.octets_series = _add(sum_.octets_series, device.octets_series)
    return total


def _add(a: IntArray | None, b: IntArray | None) -> IntArray | None:
    if b is None:
        return a
    return b.copy() if a is None else a + b


def run_study(scenario: Scenario, keys: Sequence[str], *, workers: int | None = None,
              on_done: Callable[[int], None] | None = None) -> dict[str, StudyResult]:
    """Every key's result, the tasks spread over worker processes; in the order of ``keys``."""
    from mailsim.scenario.parallel import map_tasks

    tasks = study_tasks(scenario, keys)
    # Planned here, before the pool starts: forked workers inherit the plan instead of
    # each making its own (elsewhere, as with spawn, each worker plans once).
    prepared(scenario)
    names = [f"{t.key} (users {t.first_user + 1}-{t.first_user + t.users})" for t in tasks]
    results = map_tasks(run_task, tasks, workers=workers, names=names, on_done=on_done)
    return {key: merge([r for t, r in zip(tasks, results, strict=True) if t.key == key])
            for key in keys}
